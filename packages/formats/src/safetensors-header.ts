// The one safetensors header reader: validates the 8-byte length prefix and the JSON header exactly as the
// reference library does (huggingface/safetensors, safetensors/src/tensor.rs, `SafeTensors::read_metadata`
// and `Metadata::validate`) and returns every tensor's dtype, shape and byte range. It never reads or copies
// tensor data, so a caller can inspect a multi-GB checkpoint from its first bytes plus the file size.

import { MAX_JSON_DEPTH, parseJsonCapped } from "./capped-json";
import { FormatError, SafetensorsError } from "./errors";
import { dtypeBits, isSafetensorsDtype, type SafetensorsDtype } from "./safetensors-dtype";
import { showName, showShape, showValue } from "./untrusted-text";

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
  /** product of the shape (1 for a scalar) */
  numel: number;
  /** bytes of data: end − start */
  byteLength: number;
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
  /** bytes of tensor data the header describes (the end of the last tensor) */
  dataLength: number;
  /** total file length the header was validated against; null with `headerOnly` */
  fileLength: number | null;
  /** `__metadata__` (a null-prototype object), or null when the header has none */
  metadata: Record<string, string> | null;
  /** tensors sorted by data offset, as the reference library orders them */
  tensors: SafetensorsTensorInfo[];
}

export interface ReadSafetensorsHeaderOptions {
  /**
   * Size of the whole file (default `bytes.length`): the tensors must tile the data section exactly up to
   * it, with no gap, overlap or trailing byte.
   */
  fileLength?: number;
  /**
   * Validate the header alone (`bytes` may end right after it): everything is checked except that the
   * data section ends where the file does, which needs the file's length.
   */
  headerOnly?: boolean;
}

/**
 * Reads the length prefix and returns how many leading bytes hold the whole header (8 + N), checking the
 * 100 MB cap. Use it to know how much of a large file to read before {@link readSafetensorsHeader}.
 */
export function safetensorsHeaderSize(prefix: Uint8Array): number {
  if (!(prefix instanceof Uint8Array)) throw notBytes(prefix);
  if (prefix.length < SAFETENSORS_PREFIX_SIZE) {
    throw new SafetensorsError(
      "HEADER_TOO_SMALL",
      `safetensors: buffer of ${prefix.length} bytes is shorter than the 8-byte header-length prefix (bytes [0, 8))`,
      { byteRange: [0, prefix.length], bytesNeeded: SAFETENSORS_PREFIX_SIZE },
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
 * Parses and validates the header. `bytes` must hold at least the first 8 + N bytes of the file.
 * @throws {SafetensorsError} with a `code` for every rule of the reference reader.
 */
export function readSafetensorsHeader(
  bytes: Uint8Array,
  options: ReadSafetensorsHeaderOptions = {},
): SafetensorsHeader {
  if (!(bytes instanceof Uint8Array)) throw notBytes(bytes);
  const headerOnly = options.headerOnly === true;
  const fileLength = options.fileLength ?? bytes.length;
  if (!Number.isSafeInteger(fileLength) || fileLength < 0) {
    throw new SafetensorsError(
      "INVALID_ARGUMENT",
      `readSafetensorsHeader: fileLength must be a non-negative integer, got ${showValue(fileLength)}`,
    );
  }
  const stop = safetensorsHeaderSize(bytes);
  const available = headerOnly ? bytes.length : Math.min(bytes.length, fileLength);
  if (stop > available) {
    throw new SafetensorsError(
      bytes.length < stop && (headerOnly || fileLength > bytes.length)
        ? "TRUNCATED"
        : "INVALID_HEADER_LENGTH",
      `safetensors: header claims bytes [8, ${stop}) but only ${available} bytes are available`,
      { byteRange: [8, stop], bytesNeeded: stop },
    );
  }
  const headerLength = stop - SAFETENSORS_PREFIX_SIZE;
  const range: [number, number] = [8, stop];
  let text: string;
  try {
    // fatal: reject invalid UTF-8 as the reference does; ignoreBOM: keep a BOM so the `{` check rejects it
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, stop));
  } catch {
    throw new SafetensorsError("INVALID_UTF8", `safetensors: header bytes [8, ${stop}) are not valid UTF-8`, {
      byteRange: range,
    });
  }
  // The reference rejects a header that does not open with `{` (`SafeTensorError::InvalidHeaderStart`):
  // this refuses a BOM and leading whitespace; trailing spaces (alignment padding) stay allowed.
  if (text.charCodeAt(0) !== 0x7b) {
    throw new SafetensorsError(
      "INVALID_JSON",
      `safetensors: header bytes [8, ${stop}) must start with "{", got ${showValue(text.slice(0, 8))}`,
      { byteRange: range },
    );
  }
  let json: unknown;
  try {
    json = parseJsonCapped(text, {
      maxDepth: MAX_JSON_DEPTH,
      what: "header",
    });
  } catch (e) {
    if (e instanceof FormatError) {
      throw new SafetensorsError(e.code, `safetensors: ${e.message} (header bytes [8, ${stop}))`, {
        byteRange: range,
      });
    }
    throw e;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SafetensorsError(
      "INVALID_JSON",
      `safetensors: header bytes [8, ${stop}) must be a JSON object, got ${Array.isArray(json) ? "an array" : typeof json}`,
      { byteRange: range },
    );
  }

  let metadata: Record<string, string> | null = null;
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, entry] of Object.entries(json as Record<string, unknown>)) {
    if (name === "__metadata__") {
      metadata = parseMetadata(entry, range);
      continue;
    }
    tensors.push(parseEntry(name, entry, stop));
  }

  // The reference sorts by (start, end) and then requires each tensor to start where the previous ended;
  // zero-size tensors may share an offset with their neighbours.
  tensors.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let cursor = 0;
  for (const t of tensors) {
    const [s, e] = t.dataOffsets;
    const abs = t.byteRange;
    if (s !== cursor || e < s) {
      const why =
        e < s ? "ends before it starts" : s < cursor ? "overlaps the previous tensor" : "leaves a gap";
      throw new SafetensorsError(
        "INVALID_OFFSETS",
        `safetensors: tensor ${showName(t.name)} data_offsets [${s}, ${e}] ${why} (expected start ${cursor}; file bytes [${abs[0]}, ${abs[1]}))`,
        { tensor: t.name, byteRange: abs },
      );
    }
    cursor = e;
    const expected = byteSize(t, abs);
    if (e - s !== expected) {
      throw new SafetensorsError(
        "SIZE_MISMATCH",
        `safetensors: tensor ${showName(t.name)} ${t.dtype}${showShape(t.shape)} needs ${expected} bytes but data_offsets [${s}, ${e}] span ${e - s} (file bytes [${abs[0]}, ${abs[1]}))`,
        { tensor: t.name, byteRange: abs },
      );
    }
  }
  if (!headerOnly && stop + cursor !== fileLength) {
    const last = tensors[tensors.length - 1];
    throw new SafetensorsError(
      "INCOMPLETE_BUFFER",
      `safetensors: tensors cover file bytes [${stop}, ${stop + cursor}) but the file is ${fileLength} bytes long` +
        (stop + cursor > fileLength ? " (truncated file?)" : " (trailing bytes not covered by any tensor)") +
        (last ? `; last tensor ${showName(last.name)}` : ""),
      { byteRange: [stop + cursor, fileLength], ...(last ? { tensor: last.name } : {}) },
    );
  }
  return {
    headerLength,
    dataStart: stop,
    dataLength: cursor,
    fileLength: headerOnly ? null : fileLength,
    metadata,
    tensors,
  };
}

function notBytes(value: unknown): SafetensorsError {
  return new SafetensorsError(
    "INVALID_ARGUMENT",
    `safetensors: expected a Uint8Array, got ${value === null ? "null" : typeof value}`,
  );
}

function parseMetadata(entry: unknown, range: [number, number]): Record<string, string> | null {
  // `Option<HashMap<String, String>>` in the reference: null is allowed, any non-string value is not
  if (entry === null) return null;
  if (typeof entry !== "object" || Array.isArray(entry)) {
    throw new SafetensorsError(
      "INVALID_HEADER",
      `safetensors: __metadata__ must be an object of strings, got ${Array.isArray(entry) ? "an array" : typeof entry} (header bytes [8, ${range[1]}))`,
      { byteRange: range },
    );
  }
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
    if (typeof v !== "string") {
      throw new SafetensorsError(
        "INVALID_HEADER",
        `safetensors: __metadata__[${showName(k)}] must be a string, got ${v === null ? "null" : Array.isArray(v) ? "an array" : typeof v} (header bytes [8, ${range[1]}))`,
        { byteRange: range },
      );
    }
    // a null-prototype object: a "__proto__" key stays an ordinary entry
    out[k] = v;
  }
  return out;
}

function parseEntry(name: string, entry: unknown, stop: number): SafetensorsTensorInfo {
  const fail = (
    code: "INVALID_HEADER" | "UNKNOWN_DTYPE" | "INVALID_SHAPE" | "INVALID_OFFSETS",
    what: string,
  ) =>
    new SafetensorsError(code, `safetensors: tensor ${showName(name)}: ${what} (header bytes [8, ${stop}))`, {
      tensor: name,
      byteRange: [8, stop],
    });
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw fail("INVALID_HEADER", "entry must be an object with dtype, shape and data_offsets");
  }
  const own = (key: string): unknown =>
    Object.hasOwn(entry, key) ? (entry as Record<string, unknown>)[key] : undefined;
  const dtype = own("dtype");
  const shape = own("shape");
  const offsets = own("data_offsets");
  if (dtype === undefined || shape === undefined || offsets === undefined) {
    throw fail("INVALID_HEADER", "entry must have dtype, shape and data_offsets");
  }
  if (!isSafetensorsDtype(dtype)) throw fail("UNKNOWN_DTYPE", `unknown dtype ${showValue(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    throw fail("INVALID_SHAPE", `shape ${showValue(shape)} must be an array of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    throw fail(
      "INVALID_OFFSETS",
      `data_offsets ${showValue(offsets)} must be [start, end] non-negative integers`,
    );
  }
  const s = offsets[0] as number;
  const e = offsets[1] as number;
  return {
    name,
    dtype,
    shape: (shape as number[]).slice(),
    numel: 0, // set by byteSize once the offsets are in order
    byteLength: e - s,
    dataOffsets: [s, e],
    byteRange: [stop + s, stop + e],
  };
}

function isIndex(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/** shape × dtype in bytes, with the reference's overflow and sub-byte checks; records `numel`. */
function byteSize(t: SafetensorsTensorInfo, abs: [number, number]): number {
  let n = 1;
  for (const d of t.shape) {
    n *= d;
    if (n > Number.MAX_SAFE_INTEGER) {
      throw new SafetensorsError(
        "OVERFLOW",
        `safetensors: tensor ${showName(t.name)} shape ${showShape(t.shape)} has more elements than fit in a safe integer (file bytes [${abs[0]}, ${abs[1]}))`,
        { tensor: t.name, byteRange: abs },
      );
    }
  }
  const bits = n * dtypeBits(t.dtype);
  if (bits > Number.MAX_SAFE_INTEGER) {
    throw new SafetensorsError(
      "OVERFLOW",
      `safetensors: tensor ${showName(t.name)} ${t.dtype}${showShape(t.shape)} is too large (file bytes [${abs[0]}, ${abs[1]}))`,
      { tensor: t.name, byteRange: abs },
    );
  }
  if (bits % 8 !== 0) {
    throw new SafetensorsError(
      "MISALIGNED_SLICE",
      `safetensors: tensor ${showName(t.name)} ${t.dtype}${showShape(t.shape)} is ${bits} bits, not a whole number of bytes (file bytes [${abs[0]}, ${abs[1]}))`,
      { tensor: t.name, byteRange: abs },
    );
  }
  t.numel = n;
  return bits / 8;
}
