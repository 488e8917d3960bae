// Reads checkpoint headers from disk, header bytes only: safetensors (8-byte length, then the JSON
// header) and GGUF (a prefix that grows until the header parses). It checks the file is as long as its
// header says, so a truncated download is reported as truncated, naming the file and the byte counts.
// Parsing is @paramlens/gpt-params' (readSafetensorsHeader, readGGUFHeader); this file only does I/O.
import {
  formatCount,
  type GGUFHeader,
  readGGUFHeader,
  readSafetensorsHeader,
  type SafetensorsHeader,
} from "@paramlens/gpt-params";
import { BadFileError } from "../errors";
import { type FileReader, withFile } from "../files/file-reader";

// The safetensors spec caps the JSON header at 100 MB (huggingface/safetensors, "Format").
const MAX_SAFETENSORS_HEADER = 100_000_000;
// First GGUF read; Llama vocabularies make headers of a few MB, so the prefix doubles as needed, up to a
// cap far above any real header (a 256k-token vocabulary with its merges is tens of MB), so that a corrupt
// length field cannot make us read a multi-GB file.
const GGUF_FIRST_READ = 1 << 20;
const GGUF_MAX_HEADER = 256 << 20;

const bytesText = (n: number) => `${formatCount(n, { style: "exact" })} bytes`;

/** Which format a file holds, from its first bytes (and, failing that, its name). */
export function sniffFormat(file: FileReader): "safetensors" | "gguf" {
  const head = file.read(0, 9);
  if (head.length >= 4 && String.fromCharCode(...head.subarray(0, 4)) === "GGUF") return "gguf";
  if (file.path.toLowerCase().endsWith(".gguf")) return "gguf";
  // safetensors: a little-endian length, then a JSON object.
  if (file.path.toLowerCase().endsWith(".safetensors") || head[8] === 0x7b) return "safetensors";
  const shown = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
  throw new BadFileError(
    file.path,
    `not a safetensors or GGUF file (first bytes: ${shown || "none, the file is empty"})`,
  );
}

/** Header of one safetensors file, with the file's size. */
export function readSafetensorsFile(file: FileReader): SafetensorsHeader {
  if (file.size < 8) {
    throw new BadFileError(
      file.path,
      `truncated: ${bytesText(file.size)}, but a safetensors file starts with an 8-byte header length`,
    );
  }
  const lengthBytes = file.read(0, 8);
  const length = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(MAX_SAFETENSORS_HEADER)) {
    throw new BadFileError(
      file.path,
      `corrupt: header length ${length} exceeds the safetensors limit of 100 MB`,
    );
  }
  const headerLength = Number(length);
  if (8 + headerLength > file.size) {
    throw new BadFileError(
      file.path,
      `truncated: the header is ${bytesText(headerLength)} but only ${bytesText(file.size - 8)} follow the length`,
    );
  }
  let header: SafetensorsHeader;
  try {
    header = readSafetensorsHeader(file.read(0, 8 + headerLength));
  } catch (error) {
    throw new BadFileError(file.path, `corrupt header: ${(error as Error).message}`);
  }
  const dataAvailable = file.size - 8 - headerLength;
  if (header.dataBytes > dataAvailable) {
    throw new BadFileError(
      file.path,
      `truncated: the header describes ${bytesText(header.dataBytes)} of tensor data, but the file holds ${bytesText(dataAvailable)}`,
    );
  }
  return header;
}

/** Header of one GGUF file, reading a growing prefix until it parses. */
export function readGGUFFile(file: FileReader): GGUFHeader {
  let length = Math.min(GGUF_FIRST_READ, file.size);
  for (;;) {
    try {
      const header = readGGUFHeader(file.read(0, length));
      checkGGUFData(file, header);
      return header;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === "HEADER_TRUNCATED" && length < file.size) {
        if (length >= GGUF_MAX_HEADER) {
          throw new BadFileError(file.path, `corrupt: the GGUF header does not end within its first 256 MiB`);
        }
        length = Math.min(length * 2, file.size, GGUF_MAX_HEADER);
        continue;
      }
      if (error instanceof BadFileError) throw error;
      const message = (error as Error).message;
      if (code === "HEADER_TRUNCATED") {
        throw new BadFileError(
          file.path,
          `truncated: the file (${bytesText(file.size)}) ends inside its GGUF header (${message})`,
        );
      }
      throw new BadFileError(file.path, `corrupt header: ${message}`);
    }
  }
}

// Tensor data starts at the header's end rounded up to the alignment; the last tensor must fit in the file.
function checkGGUFData(file: FileReader, header: GGUFHeader): void {
  const start = Math.ceil(header.headerBytes / header.alignment) * header.alignment;
  let end = 0;
  for (const t of header.tensors) {
    if (t.bytes === undefined) continue;
    end = Math.max(end, Number(t.offset) + t.bytes);
  }
  if (start + end > file.size) {
    throw new BadFileError(
      file.path,
      `truncated: the GGUF header describes tensor data up to byte ${formatCount(start + end, { style: "exact" })}, but the file has ${bytesText(file.size)}`,
    );
  }
}

export function readSafetensorsPath(path: string, cwd: string): { header: SafetensorsHeader; size: number } {
  return withFile(path, cwd, (file) => ({ header: readSafetensorsFile(file), size: file.size }));
}

export function readGGUFPath(path: string, cwd: string): { header: GGUFHeader; size: number } {
  return withFile(path, cwd, (file) => ({ header: readGGUFFile(file), size: file.size }));
}
