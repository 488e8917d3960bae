// Header-only safetensors reader: validates the 8-byte length prefix and the JSON header exactly as the
// reference library does (huggingface/safetensors, `SafeTensors::read_metadata` and `Metadata::validate`)
// and returns every tensor's dtype, shape and byte range. It never reads or copies tensor data, so a CLI
// can inspect a multi-GB checkpoint from its first few kilobytes plus the file size.

import { dtypeBits, isSafetensorsDtype, type SafetensorsDtype } from "./safetensors-dtype";
import { SafetensorsError } from "./safetensors-error";

/**
 * Largest header the reference library accepts, in bytes.
 * Source: huggingface/safetensors, safetensors/src/tensor.rs, `const MAX_HEADER_SIZE: usize = 100_000_000`.
 */
export const SAFETENSORS_MAX_HEADER_SIZE = 100_000_000;

/** Bytes of the little-endian u64 header-length prefix. */
export const SAFETENSORS_PREFIX_SIZE = 8;

export interface SafetensorsTensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** [start, end) relative to the data section, as written in the header */
  dataOffsets: [number, number];
  /** [start, end) absolute in the file */
  byteRange: [number, number];
}

export interface SafetensorsHeader {
  /** N, the JSON header's length in bytes (padding included) */
  headerLength: number;
  /** absolute offset of the data section: 8 + N */
  dataStart: number;
  /** total file length the header was validated against */
  fileLength: number;
  /** `__metadata__`, or null when the header has none */
  metadata: Record<string, string> | null;
  /** tensors sorted by data offset, as the reference library orders them */
  tensors: SafetensorsTensorInfo[];
}

/**
 * Reads the length prefix and returns how many leading bytes hold the whole header (8 + N), checking the
 * 100 MB cap. Use it to know how much of a large file to read before `readSafetensorsHeader`.
 */
export function safetensorsHeaderSize(prefix: Uint8Array): number {
  if (prefix.length < SAFETENSORS_PREFIX_SIZE) {
    throw new SafetensorsError(
      "HEADER_TOO_SMALL",
      `safetensors: buffer of ${prefix.length} bytes is shorter than the 8-byte header-length prefix (bytes [0, 8))`,
      { byteRange: [0, prefix.length] },
    );
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, SAFETENSORS_PREFIX_SIZE);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  // hi > 0 already means ≥ 4 GiB, far above the cap; keep the number exact below that
  const n = hi * 2 ** 32 + lo;
  if (hi !== 0 || n > SAFETENSORS_MAX_HEADER_SIZE) {
    throw new SafetensorsError(
      "HEADER_TOO_LARGE",
      `safetensors: header length ${hi !== 0 ? `≥ ${2 ** 32}` : n} bytes exceeds the ${SAFETENSORS_MAX_HEADER_SIZE}-byte cap (bytes [0, 8))`,
      { byteRange: [0, 8] },
    );
  }
  return SAFETENSORS_PREFIX_SIZE + n;
}

/**
 * Parses and validates the header. `bytes` must hold at least the first 8 + N bytes of the file;
 * `fileLength` (default `bytes.length`) is the size of the whole file, against which the data section is
 * checked: tensors must tile [0, fileLength − 8 − N) with no gap or overlap.
 */
export function readSafetensorsHeader(
  bytes: Uint8Array,
  options: { fileLength?: number } = {},
): SafetensorsHeader {
  const fileLength = options.fileLength ?? bytes.length;
  if (!Number.isSafeInteger(fileLength) || fileLength < 0) {
    throw new RangeError(
      `readSafetensorsHeader: fileLength must be a non-negative integer, got ${fileLength}`,
    );
  }
  const stop = safetensorsHeaderSize(bytes);
  const available = Math.min(bytes.length, fileLength);
  if (stop > available) {
    throw new SafetensorsError(
      "INVALID_HEADER_LENGTH",
      `safetensors: header claims bytes [8, ${stop}) but only ${available} bytes are available`,
      { byteRange: [8, stop] },
    );
  }
  const headerLength = stop - SAFETENSORS_PREFIX_SIZE;
  let text: string;
  try {
    // fatal: reject invalid UTF-8 as the reference does; ignoreBOM: keep a BOM so JSON parsing rejects it
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, stop));
  } catch {
    throw new SafetensorsError("INVALID_UTF8", `safetensors: header bytes [8, ${stop}) are not valid UTF-8`, {
      byteRange: [8, stop],
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(
      "INVALID_JSON",
      `safetensors: header bytes [8, ${stop}) are not valid JSON (${(e as Error).message})`,
      { byteRange: [8, stop] },
    );
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SafetensorsError(
      "INVALID_JSON",
      `safetensors: header bytes [8, ${stop}) must be a JSON object, got ${Array.isArray(json) ? "an array" : typeof json}`,
      { byteRange: [8, stop] },
    );
  }

  let metadata: Record<string, string> | null = null;
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, entry] of Object.entries(json as Record<string, unknown>)) {
    if (name === "__metadata__") {
      metadata = parseMetadata(entry, stop);
      continue;
    }
    tensors.push(parseEntry(name, entry, stop));
  }

  // The reference sorts by (start, end) and then requires each tensor to start where the previous ended.
  tensors.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let cursor = 0;
  for (const t of tensors) {
    const [s, e] = t.dataOffsets;
    const abs: [number, number] = [stop + s, stop + e];
    if (s !== cursor || e < s) {
      const why =
        e < s ? "ends before it starts" : s < cursor ? "overlaps the previous tensor" : "leaves a gap";
      throw new SafetensorsError(
        "INVALID_OFFSETS",
        `safetensors: tensor "${t.name}" data_offsets [${s}, ${e}] ${why} (expected start ${cursor}; file bytes [${abs[0]}, ${abs[1]}))`,
        { tensor: t.name, byteRange: abs },
      );
    }
    cursor = e;
    const expected = byteSize(t.name, t.dtype, t.shape, abs);
    if (e - s !== expected) {
      throw new SafetensorsError(
        "SIZE_MISMATCH",
        `safetensors: tensor "${t.name}" ${t.dtype}[${t.shape.join(",")}] needs ${expected} bytes but data_offsets [${s}, ${e}] span ${e - s} (file bytes [${abs[0]}, ${abs[1]}))`,
        { tensor: t.name, byteRange: abs },
      );
    }
  }
  if (stop + cursor !== fileLength) {
    const last = tensors[tensors.length - 1];
    throw new SafetensorsError(
      "INCOMPLETE_BUFFER",
      `safetensors: tensors cover file bytes [${stop}, ${stop + cursor}) but the file is ${fileLength} bytes long` +
        (stop + cursor > fileLength ? " (truncated file?)" : " (trailing bytes not covered by any tensor)") +
        (last ? `; last tensor "${last.name}"` : ""),
      { byteRange: [stop + cursor, fileLength], ...(last ? { tensor: last.name } : {}) },
    );
  }
  return { headerLength, dataStart: stop, fileLength, metadata, tensors };
}

function parseMetadata(entry: unknown, stop: number): Record<string, string> | null {
  // `Option<HashMap<String, String>>` in the reference: null is allowed, any non-string value is not
  if (entry === null) return null;
  if (typeof entry !== "object" || Array.isArray(entry)) {
    throw new SafetensorsError(
      "INVALID_HEADER",
      `safetensors: __metadata__ must be an object of strings (header bytes [8, ${stop}))`,
      {
        byteRange: [8, stop],
      },
    );
  }
  const entries = Object.entries(entry as Record<string, unknown>);
  for (const [k, v] of entries) {
    if (typeof v !== "string") {
      throw new SafetensorsError(
        "INVALID_HEADER",
        `safetensors: __metadata__["${k}"] must be a string, got ${v === null ? "null" : typeof v} (header bytes [8, ${stop}))`,
        { byteRange: [8, stop] },
      );
    }
  }
  // fromEntries defines own properties, so a "__proto__" key stays data
  return Object.fromEntries(entries) as Record<string, string>;
}

function parseEntry(name: string, entry: unknown, stop: number): SafetensorsTensorInfo {
  const fail = (
    code: "INVALID_HEADER" | "UNKNOWN_DTYPE" | "INVALID_SHAPE" | "INVALID_OFFSETS",
    what: string,
  ) =>
    new SafetensorsError(code, `safetensors: tensor "${name}": ${what} (header bytes [8, ${stop}))`, {
      tensor: name,
      byteRange: [8, stop],
    });
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw fail("INVALID_HEADER", "entry must be an object with dtype, shape and data_offsets");
  }
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (dtype === undefined || shape === undefined || offsets === undefined) {
    throw fail("INVALID_HEADER", "entry must have dtype, shape and data_offsets");
  }
  if (!isSafetensorsDtype(dtype)) throw fail("UNKNOWN_DTYPE", `unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    throw fail("INVALID_SHAPE", `shape ${JSON.stringify(shape)} must be an array of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    throw fail(
      "INVALID_OFFSETS",
      `data_offsets ${JSON.stringify(offsets)} must be [start, end] non-negative integers`,
    );
  }
  const s = offsets[0] as number;
  const e = offsets[1] as number;
  return { name, dtype, shape: shape as number[], dataOffsets: [s, e], byteRange: [stop + s, stop + e] };
}

function isIndex(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/** shape × dtype in bytes, with the reference's overflow and sub-byte checks. */
function byteSize(name: string, dtype: SafetensorsDtype, shape: number[], abs: [number, number]): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (n > Number.MAX_SAFE_INTEGER) {
      throw new SafetensorsError(
        "OVERFLOW",
        `safetensors: tensor "${name}" shape [${shape.join(",")}] has more elements than fit in a safe integer (file bytes [${abs[0]}, ${abs[1]}))`,
        { tensor: name, byteRange: abs },
      );
    }
  }
  const bits = n * dtypeBits(dtype);
  if (bits > Number.MAX_SAFE_INTEGER) {
    throw new SafetensorsError(
      "OVERFLOW",
      `safetensors: tensor "${name}" ${dtype}[${shape.join(",")}] is too large (file bytes [${abs[0]}, ${abs[1]}))`,
      {
        tensor: name,
        byteRange: abs,
      },
    );
  }
  if (bits % 8 !== 0) {
    throw new SafetensorsError(
      "MISALIGNED_SLICE",
      `safetensors: tensor "${name}" ${dtype}[${shape.join(",")}] is ${bits} bits, not a whole number of bytes (file bytes [${abs[0]}, ${abs[1]}))`,
      { tensor: name, byteRange: abs },
    );
  }
  return bits / 8;
}
