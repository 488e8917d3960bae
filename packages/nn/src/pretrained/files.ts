// The files of a model folder, as loadPretrained reads them: by name, in byte ranges, one file open at a
// time. In browsers a folder is a map name → File/Blob, Response, bytes or URL string (this file); Node's
// folder-path source lives in ../node.ts. A Blob is read range by range (nothing else held); a Response or
// URL is fetched whole when opened and released when closed, since a body can be read only once.
import { FormatError, parseJsonCapped } from "@paramlens/formats";
import { PretrainedError } from "./errors";

/** One file as a browser hands it over. */
export type PretrainedFileValue = Blob | Response | Uint8Array | ArrayBuffer | string;

/** A model folder in a browser: file name → contents. Keys may be paths; the last segment is the name. */
export type PretrainedFileMap = Record<string, PretrainedFileValue> | Map<string, PretrainedFileValue>;

/** An open file: its size and byte ranges of it. */
export interface OpenedFile {
  readonly size: number;
  /** Bytes [start, end). With `into` (length end − start), reads into it and returns it. */
  read(start: number, end: number, into?: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Where loadPretrained reads a model folder from. */
export interface CheckpointSource {
  /** Whether the folder has a file of this name. */
  has(name: string): boolean;
  open(name: string): Promise<OpenedFile>;
  /** A human-readable location for messages (a folder path, or "the given files"). */
  readonly label: string;
}

function fromBytes(bytes: Uint8Array): OpenedFile {
  return {
    size: bytes.length,
    async read(start, end, into) {
      const part = bytes.subarray(start, end);
      if (!into) return part;
      into.set(part);
      return into;
    },
    async close() {},
  };
}

function fromBlob(blob: Blob): OpenedFile {
  return {
    size: blob.size,
    async read(start, end, into) {
      const bytes = new Uint8Array(await blob.slice(start, end).arrayBuffer());
      if (!into) return bytes;
      into.set(bytes);
      return into;
    },
    async close() {},
  };
}

async function fromResponse(res: Response, name: string): Promise<OpenedFile> {
  if (!res.ok) {
    throw new PretrainedError("FILE_MISSING", `${name}: the request answered HTTP ${res.status}`, {
      file: name,
    });
  }
  return fromBytes(new Uint8Array(await res.arrayBuffer()));
}

/** A CheckpointSource over a browser file map. */
export function sourceFromFiles(files: PretrainedFileMap): CheckpointSource {
  const entries = files instanceof Map ? [...files.entries()] : Object.entries(files);
  const byName = new Map<string, PretrainedFileValue>();
  for (const [key, value] of entries) {
    const name = key.split(/[\\/]/).pop() ?? key;
    byName.set(name, value);
  }
  return {
    label: "the given files",
    has: (name) => byName.has(name),
    async open(name) {
      const v = byName.get(name);
      if (v === undefined) {
        throw new PretrainedError("FILE_MISSING", `${name} is not among the given files`, { file: name });
      }
      if (v instanceof Uint8Array) return fromBytes(v);
      if (v instanceof ArrayBuffer) return fromBytes(new Uint8Array(v));
      if (typeof Blob !== "undefined" && v instanceof Blob) return fromBlob(v);
      if (typeof Response !== "undefined" && v instanceof Response) return fromResponse(v, name);
      if (typeof v === "string") return fromResponse(await fetch(v), name);
      throw new PretrainedError(
        "OPTION",
        `loadPretrained: ${name} must be a File/Blob, Response, Uint8Array, ArrayBuffer or URL string, got ${typeof v}`,
        { file: name },
      );
    },
  };
}

/**
 * Largest JSON file read whole: the biggest tokenizer.json on the hub (Gemma 3's, ~33 MB) fits twice over;
 * a config.json is a few KB. Checked against the file's size before reading.
 */
export const MAX_JSON_FILE_BYTES = 64 * 2 ** 20;

/** The whole file as text (JSON files: config.json, the index, tokenizer files), refused above the cap. */
export async function readText(source: CheckpointSource, name: string): Promise<string> {
  const f = await source.open(name);
  try {
    if (f.size > MAX_JSON_FILE_BYTES) {
      throw new PretrainedError(
        "FILE_INVALID",
        `${name} is ${f.size} bytes; JSON files over ${MAX_JSON_FILE_BYTES} bytes (64 MiB) are refused`,
        { file: name },
      );
    }
    return new TextDecoder().decode(await f.read(0, f.size));
  } finally {
    await f.close();
  }
}

/** The whole file parsed as JSON, nesting capped at 128 levels; a parse error names the file. */
export async function readJson(source: CheckpointSource, name: string): Promise<unknown> {
  const text = await readText(source, name);
  try {
    return parseJsonCapped(text, { what: name });
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    throw new PretrainedError("FILE_INVALID", e.message, { file: name });
  }
}
