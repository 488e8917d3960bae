// The one GGUF header reader: magic, version, metadata key/values and tensor infos, with llama.cpp's checks
// (ggml/src/gguf.cpp, `gguf_init_from_file_impl`): at most 4 dims, known ggml types, rows a whole number of
// blocks, offsets exactly where the previous tensor (padded to the alignment) ends, no duplicate keys or
// tensor names, `general.alignment` a u32 power of two. It pulls bytes front to back from a ByteSource in
// windows, so a header with a 64 MB array is parsed once; every count is checked against the bytes left
// before anything is allocated for it. It reads no tensor data and does not dequantise.

import { type ByteSource, bytesSource, isByteSource } from "./byte-source";
import { GGUFError } from "./errors";
import { GGML_TYPES, GGUF_VALUE_TYPES } from "./ggml-types";
import { showName, showShape } from "./untrusted-text";

/** A metadata value: numbers (bigint for 64-bit integers), booleans, strings and arrays of them. */
export type GGUFValue = number | bigint | boolean | string | GGUFValue[];

/** One tensor info entry. */
export interface GGUFTensorInfo {
  name: string;
  /** dimensions as stored (ggml order: fastest-varying first) */
  shape: number[];
  /** ggml type id */
  type: number;
  /** ggml type name, e.g. "Q4_K" */
  typeName: string;
  numel: number;
  /** bytes of the tensor's data (unpadded) */
  byteLength: number;
  /** offset of the data relative to the start of the data section */
  offset: number;
}

/** A parsed GGUF header. */
export interface GGUFHeader {
  version: number;
  littleEndian: boolean;
  /** key → value, a null-prototype object (a `__proto__` key is an ordinary entry) */
  metadata: Record<string, GGUFValue>;
  tensors: GGUFTensorInfo[];
  /** `general.alignment`, or 32 */
  alignment: number;
  /** bytes up to the end of the tensor infos */
  headerBytes: number;
  /** absolute offset of the data section: headerBytes rounded up to the alignment */
  dataStart: number;
  /** bytes of the data section: every tensor padded to the alignment */
  dataLength: number;
  /** the file length the data section was checked against, or null when unknown (a prefix) */
  fileLength: number | null;
}

export interface ReadGGUFHeaderOptions {
  /**
   * Length of the whole file. Given (or implied by a ByteSource), counts are checked against the bytes
   * that remain before anything is allocated, and the last tensor must end inside the file
   * (`INCOMPLETE_BUFFER`).
   * Without it a Uint8Array is taken as a prefix, and running out of it is `TRUNCATED`.
   */
  fileLength?: number;
  /** refuse headers longer than this many bytes (`HEADER_TOO_LARGE`); default: no cap beyond the input */
  maxHeaderBytes?: number;
}

/** Default data alignment. Source: ggml docs/gguf.md, `GGUF_DEFAULT_ALIGNMENT = 32`. */
export const GGUF_DEFAULT_ALIGNMENT = 32;
/** Most tensor dimensions. Source: ggml/include/ggml.h, `GGML_MAX_DIMS 4`. */
export const GGML_MAX_DIMS = 4;
/** Tensor names must be shorter than this many bytes. Source: ggml/include/ggml.h, `GGML_MAX_NAME 64`. */
export const GGML_MAX_NAME = 64;
/**
 * Deepest array nesting read. The GGUF spec allows arrays of arrays; llama.cpp rejects any nesting
 * (ggml/src/gguf.cpp: an array of GGUF_TYPE_ARRAY "has invalid GGUF type"); @huggingface/gguf reads it.
 * We read a little nesting and refuse more, so a hostile file cannot recurse without bound.
 */
export const GGUF_MAX_ARRAY_DEPTH = 8;

const MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
const WINDOW = 1 << 20; // bytes pulled from a ByteSource per read
const STRING = 8;
const ARRAY = 9;
// smallest encodings, to bound counts by the bytes left: a tensor info is name length (8) + n_dims (4) +
// type (4) + offset (8); a key/value is key length (8) + type (4) + one byte of value.
const MIN_TENSOR_INFO = 24;
const MIN_KV = 13;

const asciiDecoder = new TextDecoder("utf-8");

class Cursor {
  pos = 0;
  private buf: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(new ArrayBuffer(0));
  private start = 0;
  littleEndian = true;

  constructor(
    private readonly source: ByteSource,
    /** file length when known, else null (the source is a prefix) */
    readonly fileLength: number | null,
    private readonly maxHeaderBytes: number,
  ) {}

  /** Makes bytes [pos, pos + n) readable; reads the next window when they are not. */
  ensure(n: number, what: string): void {
    if (this.pos + n <= this.start + this.buf.length) return;
    const end = this.pos + n;
    if (end > this.maxHeaderBytes) {
      throw new GGUFError(
        "HEADER_TOO_LARGE",
        `gguf: reading ${what} at byte ${this.pos} would take the header past the ${this.maxHeaderBytes}-byte cap`,
        { byteRange: [this.pos, end] },
      );
    }
    if (end > this.source.size) throw this.truncated(what, end);
    const length = Math.min(Math.max(n, WINDOW), this.source.size - this.pos);
    const chunk = this.source.read(this.pos, length);
    if (chunk.length < n) throw this.truncated(what, end);
    this.buf = chunk;
    this.start = this.pos;
    this.view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }

  truncated(what: string, end: number): GGUFError {
    const msg =
      this.fileLength !== null && this.fileLength <= this.source.size
        ? `gguf: the file (${this.fileLength} bytes) ends inside its header: reading ${what} at byte ${this.pos} needs ${end} bytes`
        : `gguf: reading ${what} at byte ${this.pos} needs ${end} bytes, got ${this.source.size}; pass a longer prefix of the file`;
    return new GGUFError("TRUNCATED", msg, { byteRange: [this.pos, end], bytesNeeded: end });
  }

  u8(what: string): number {
    this.ensure(1, what);
    return this.buf[this.pos++ - this.start]!;
  }

  u32(what: string): number {
    this.ensure(4, what);
    const v = this.view.getUint32(this.pos - this.start, this.littleEndian);
    this.pos += 4;
    return v;
  }

  /** A u64 as a number when below 2^53, else null (no caller can use such a value). */
  u64(what: string): number | null {
    this.ensure(8, what);
    const o = this.pos - this.start;
    const a = this.view.getUint32(o, this.littleEndian);
    const b = this.view.getUint32(o + 4, this.littleEndian);
    this.pos += 8;
    const [lo, hi] = this.littleEndian ? [a, b] : [b, a];
    return hi < 0x200000 ? hi * 2 ** 32 + lo : null;
  }

  /**
   * A u64 count of items of at least `minItemBytes` bytes each, checked against the bytes left before
   * anything is allocated: past the end of a known file it is `TRUNCATED` (the file ends inside its
   * header), past the header cap `HEADER_TOO_LARGE`, ≥ 2^53 `IMPLAUSIBLE_SIZE`.
   */
  count(what: string, minItemBytes: number): number {
    const at = this.pos;
    const n = this.u64(what);
    if (n === null) {
      throw new GGUFError("IMPLAUSIBLE_SIZE", `gguf: ${what} at byte ${at} is ≥ 2^53`, {
        byteRange: [at, at + 8],
      });
    }
    const need = n * minItemBytes;
    if (need > this.source.size - this.pos && need <= this.maxHeaderBytes - this.pos) {
      // a prefix too short for what the count promises: say how long it must be, read nothing more
      throw this.truncated(what, this.pos + need);
    }
    if (this.fileLength !== null && need > this.fileLength - this.pos) {
      throw new GGUFError(
        "TRUNCATED",
        `gguf: the file (${this.fileLength} bytes) ends inside its header: ${what} ${n} at byte ${at} needs at least ${need} more bytes but only ${this.fileLength - this.pos} remain`,
        { byteRange: [at, at + 8], bytesNeeded: this.pos + need },
      );
    }
    if (need > this.maxHeaderBytes - this.pos) {
      throw new GGUFError(
        "HEADER_TOO_LARGE",
        `gguf: ${what} ${n} at byte ${at} would take the header past the ${this.maxHeaderBytes}-byte cap`,
        { byteRange: [at, at + 8] },
      );
    }
    return n;
  }

  string(what: string): string {
    const n = this.count(`${what} length`, 1);
    this.ensure(n, what);
    const o = this.pos - this.start;
    this.pos += n;
    return decodeUtf8(this.buf, o, n);
  }

  scalar(type: number, what: string): GGUFValue {
    const size = GGUF_VALUE_TYPES[type]![1];
    this.ensure(size, what);
    const o = this.pos - this.start;
    this.pos += size;
    const v = this.view;
    const le = this.littleEndian;
    switch (type) {
      case 0:
        return v.getUint8(o);
      case 1:
        return v.getInt8(o);
      case 2:
        return v.getUint16(o, le);
      case 3:
        return v.getInt16(o, le);
      case 4:
        return v.getUint32(o, le);
      case 5:
        return v.getInt32(o, le);
      case 6:
        return v.getFloat32(o, le);
      case 7:
        return v.getUint8(o) !== 0;
      case 10:
        return v.getBigUint64(o, le);
      case 11:
        return v.getBigInt64(o, le);
      default:
        return v.getFloat64(o, le);
    }
  }

  valueType(what: string, key: string): number {
    const at = this.pos;
    const type = this.u32(what);
    if (type >= GGUF_VALUE_TYPES.length) {
      throw new GGUFError(
        "UNKNOWN_VALUE_TYPE",
        `gguf: metadata ${showName(key)} has unknown value type ${type} at byte ${at} (the spec defines 0–12)`,
        { byteRange: [at, at + 4] },
      );
    }
    return type;
  }

  value(type: number, key: string, depth: number): GGUFValue {
    if (type === STRING) return this.string(`string ${showName(key)}`);
    if (type !== ARRAY) return this.scalar(type, `value of ${showName(key)}`);
    if (depth >= GGUF_MAX_ARRAY_DEPTH) {
      throw new GGUFError(
        "NESTING_TOO_DEEP",
        `gguf: metadata ${showName(key)} nests arrays more than ${GGUF_MAX_ARRAY_DEPTH} deep (at byte ${this.pos}; llama.cpp accepts no nesting)`,
        { byteRange: [this.pos, this.pos + 4] },
      );
    }
    const itemType = this.valueType(`array type of ${showName(key)}`, key);
    const size = GGUF_VALUE_TYPES[itemType]![1];
    const minItem = size > 0 ? size : itemType === STRING ? 8 : 12;
    const n = this.count(`array length of ${showName(key)}`, minItem);
    const out: GGUFValue[] = [];
    if (itemType === STRING) {
      const what = `string in ${showName(key)}`;
      for (let i = 0; i < n; i++) out.push(this.string(what));
    } else if (itemType === ARRAY) {
      for (let i = 0; i < n; i++) out.push(this.value(ARRAY, key, depth + 1));
    } else {
      this.fixedArray(itemType, size, n, out, `value in ${showName(key)}`);
    }
    return out;
  }

  /** n fixed-size values, read a window at a time in a tight loop (vocabulary scores, token types). */
  private fixedArray(type: number, size: number, n: number, out: GGUFValue[], what: string): void {
    let left = n;
    while (left > 0) {
      this.ensure(size, what);
      const o = this.pos - this.start;
      const k = Math.min(left, Math.floor((this.buf.length - o) / size));
      const v = this.view;
      const le = this.littleEndian;
      const end = o + k * size;
      switch (type) {
        case 0:
          for (let p = o; p < end; p++) out.push(v.getUint8(p));
          break;
        case 1:
          for (let p = o; p < end; p++) out.push(v.getInt8(p));
          break;
        case 2:
          for (let p = o; p < end; p += 2) out.push(v.getUint16(p, le));
          break;
        case 3:
          for (let p = o; p < end; p += 2) out.push(v.getInt16(p, le));
          break;
        case 4:
          for (let p = o; p < end; p += 4) out.push(v.getUint32(p, le));
          break;
        case 5:
          for (let p = o; p < end; p += 4) out.push(v.getInt32(p, le));
          break;
        case 6:
          for (let p = o; p < end; p += 4) out.push(v.getFloat32(p, le));
          break;
        case 7:
          for (let p = o; p < end; p++) out.push(v.getUint8(p) !== 0);
          break;
        case 10:
          for (let p = o; p < end; p += 8) out.push(v.getBigUint64(p, le));
          break;
        case 11:
          for (let p = o; p < end; p += 8) out.push(v.getBigInt64(p, le));
          break;
        default:
          for (let p = o; p < end; p += 8) out.push(v.getFloat64(p, le));
      }
      this.pos += k * size;
      left -= k;
    }
  }
}

/** UTF-8 → string; short ASCII strings (most vocabulary tokens) without a TextDecoder call. */
function decodeUtf8(buf: Uint8Array, offset: number, length: number): string {
  if (length <= 16) {
    let s = "";
    for (let i = 0; i < length; i++) {
      const c = buf[offset + i]!;
      if (c >= 0x80) return asciiDecoder.decode(buf.subarray(offset, offset + length));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return asciiDecoder.decode(buf.subarray(offset, offset + length));
}

/**
 * Parses a GGUF header (versions 2 and 3, either byte order) from a Uint8Array — a whole file, or a prefix
 * of one — or from a ByteSource (e.g. an open file), read once front to back.
 * @throws {GGUFError} with a `code` for each rule; `TRUNCATED` carries `bytesNeeded`.
 */
export function readGGUFHeader(
  input: Uint8Array | ByteSource,
  options: ReadGGUFHeaderOptions = {},
): GGUFHeader {
  let source: ByteSource;
  let fileLength: number | null;
  if (input instanceof Uint8Array) {
    source = bytesSource(input);
    fileLength = options.fileLength ?? null;
  } else if (isByteSource(input)) {
    source = input;
    fileLength = options.fileLength ?? input.size;
  } else {
    throw new GGUFError(
      "INVALID_ARGUMENT",
      `gguf: expected a Uint8Array or a ByteSource, got ${input === null ? "null" : typeof input}`,
    );
  }
  if (fileLength !== null && (!Number.isSafeInteger(fileLength) || fileLength < 0)) {
    throw new GGUFError(
      "INVALID_ARGUMENT",
      `gguf: fileLength must be a non-negative integer, got ${fileLength}`,
    );
  }
  const maxHeaderBytes = options.maxHeaderBytes ?? Number.POSITIVE_INFINITY;
  const r = new Cursor(source, fileLength, maxHeaderBytes);

  const magic = r.u32("magic");
  if (magic !== MAGIC) {
    throw new GGUFError(
      "INVALID_MAGIC",
      `gguf: magic 0x${magic.toString(16).padStart(8, "0")} is not "GGUF"`,
      {
        byteRange: [0, 4],
      },
    );
  }
  let version = r.u32("version");
  // A big-endian file reads as a huge version in little-endian: its low 16 bits are zero.
  if (version > 0xffff && (version & 0xffff) === 0) {
    r.littleEndian = false;
    r.pos = 4;
    version = r.u32("version");
  }
  if (version !== 2 && version !== 3) {
    throw new GGUFError(
      "UNSUPPORTED_VERSION",
      `gguf: version ${version} is not supported (2 and 3 are; v1 used 32-bit counts)`,
      { byteRange: [4, 8] },
    );
  }
  const tensorCount = r.count("tensor count", MIN_TENSOR_INFO);
  const kvCount = r.count("metadata count", MIN_KV);

  const metadata = Object.create(null) as Record<string, GGUFValue>;
  let alignmentType = -1;
  for (let i = 0; i < kvCount; i++) {
    const at = r.pos;
    const key = r.string("metadata key");
    if (Object.hasOwn(metadata, key)) {
      throw new GGUFError(
        "DUPLICATE_KEY",
        `gguf: metadata key ${showName(key)} appears twice (second at byte ${at})`,
        {
          byteRange: [at, r.pos],
        },
      );
    }
    const type = r.valueType(`type of ${showName(key)}`, key);
    if (key === "general.alignment") alignmentType = type;
    metadata[key] = r.value(type, key, 0);
  }

  let alignment = GGUF_DEFAULT_ALIGNMENT;
  if (alignmentType !== -1) {
    const a = metadata["general.alignment"];
    // llama.cpp reads it with gguf_get_val_u32 (which asserts the type), then requires a power of two
    if (alignmentType !== 4 || typeof a !== "number" || a === 0 || (a & (a - 1)) !== 0) {
      throw new GGUFError(
        "INVALID_ALIGNMENT",
        `gguf: general.alignment must be a UINT32 power of two, got ${typeof a === "number" || typeof a === "bigint" || typeof a === "boolean" ? String(a) : typeof a} of type ${GGUF_VALUE_TYPES[alignmentType]![0]}`,
      );
    }
    alignment = a;
  }

  const tensors: GGUFTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) tensors.push(readTensorInfo(r, names));
  const headerBytes = r.pos;
  const dataStart = pad(headerBytes, alignment);

  // Offsets: each tensor starts where the previous one, padded to the alignment, ended.
  let expected = 0;
  for (const t of tensors) {
    if (t.offset !== expected) {
      throw new GGUFError(
        "INVALID_OFFSETS",
        `gguf: tensor ${showName(t.name)} has offset ${t.offset}, expected ${expected} (tensors must follow each other, each padded to the ${alignment}-byte alignment)`,
        { tensor: t.name, byteRange: [dataStart + t.offset, dataStart + t.offset + t.byteLength] },
      );
    }
    expected += pad(t.byteLength, alignment);
    if (!Number.isSafeInteger(expected)) {
      throw new GGUFError(
        "OVERFLOW",
        `gguf: the data section is larger than 2^53 bytes at tensor ${showName(t.name)}`,
        {
          tensor: t.name,
        },
      );
    }
  }
  if (fileLength !== null && tensors.length > 0) {
    const last = tensors[tensors.length - 1]!;
    const end = dataStart + last.offset + last.byteLength;
    if (end > fileLength) {
      throw new GGUFError(
        "INCOMPLETE_BUFFER",
        `gguf: the header describes tensor data up to byte ${end}, but the file has ${fileLength} bytes (truncated file?)`,
        { tensor: last.name, byteRange: [Math.min(fileLength, end), end] },
      );
    }
  }
  return {
    version,
    littleEndian: r.littleEndian,
    metadata,
    tensors,
    alignment,
    headerBytes,
    dataStart,
    dataLength: expected,
    fileLength,
  };
}

function readTensorInfo(r: Cursor, names: Set<string>): GGUFTensorInfo {
  const at = r.pos;
  const name = r.string("tensor name");
  const fail = (
    code:
      | "INVALID_HEADER"
      | "INVALID_SHAPE"
      | "OVERFLOW"
      | "UNKNOWN_DTYPE"
      | "MISALIGNED_SLICE"
      | "DUPLICATE_KEY",
    why: string,
  ) =>
    new GGUFError(code, `gguf: tensor ${showName(name)} (info at byte ${at}) ${why}`, {
      tensor: name,
      byteRange: [at, r.pos],
    });
  const nameBytes = r.pos - at - 8;
  if (nameBytes >= GGML_MAX_NAME) {
    throw fail("INVALID_HEADER", `has a name of ${nameBytes} bytes; ggml allows ${GGML_MAX_NAME - 1}`);
  }
  if (names.has(name)) throw fail("DUPLICATE_KEY", "appears twice");
  names.add(name);
  const nDims = r.u32(`dims of ${showName(name)}`);
  if (nDims > GGML_MAX_DIMS) throw fail("INVALID_SHAPE", `has ${nDims} dims (ggml allows ${GGML_MAX_DIMS})`);
  const shape: number[] = [];
  let numel = 1;
  for (let d = 0; d < nDims; d++) {
    const dim = r.u64(`dim ${d} of ${showName(name)}`);
    if (dim === null) throw fail("OVERFLOW", `dim ${d} is ≥ 2^53`);
    shape.push(dim);
    numel *= dim;
  }
  if (!Number.isSafeInteger(numel))
    throw fail("OVERFLOW", `shape ${showShape(shape)} has more than 2^53 elements`);
  const type = r.u32(`type of ${showName(name)}`);
  const traits = GGML_TYPES[type];
  if (traits === undefined) throw fail("UNKNOWN_DTYPE", `has unknown ggml type ${type}`);
  const [typeName, block, blockBytes] = traits;
  const row = shape[0] ?? 1;
  if (row % block !== 0) {
    throw fail(
      "MISALIGNED_SLICE",
      `of type ${typeName} has ${row} elements per row, not a multiple of its block size ${block}`,
    );
  }
  const byteLength = (numel / block) * blockBytes;
  if (!Number.isSafeInteger(byteLength)) throw fail("OVERFLOW", `is larger than 2^53 bytes`);
  const offset = r.u64(`offset of ${showName(name)}`);
  if (offset === null) throw fail("OVERFLOW", "has an offset ≥ 2^53");
  return { name, shape, type, typeName, numel, byteLength, offset };
}

function pad(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}
