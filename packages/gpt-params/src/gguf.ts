// Reads a GGUF header (llama.cpp's format: magic, version, metadata key/values, tensor infos) from bytes and
// counts the tensors' elements. It reads no tensor data and does not dequantise.
//
// Why our own parser and not @huggingface/gguf (0.4.6): that library parses only from a URL through `fetch`
// Range requests (2 MB chunks), is async, and its package `exports` resolve to a build that imports
// node:fs, so esbuild cannot bundle it for the browser. The header format is small and fully specified
// (ggml docs/gguf.md), so we parse it synchronously from a Uint8Array; the tests cross-check our result
// against @huggingface/gguf on the same bytes.
import { HeaderError } from "./errors";

/** A metadata value: numbers (bigint for 64-bit integers), booleans, strings and nested arrays. */
export type GGUFValue = number | bigint | boolean | string | GGUFValue[];

/** One tensor info entry. */
export interface GGUFTensor {
  name: string;
  /** Dimensions as stored (ggml order: fastest-varying first). */
  shape: number[];
  /** ggml type id. */
  type: number;
  /** ggml type name (e.g. "Q4_K"), or `type_<id>` if unknown. */
  typeName: string;
  numel: number;
  /** Bytes of the tensor's data, when the type's block size is known. */
  bytes: number | undefined;
  /** Offset of the data relative to the start of the data section. */
  offset: bigint;
}

/** A parsed GGUF header. */
export interface GGUFHeader {
  version: number;
  littleEndian: boolean;
  metadata: Record<string, GGUFValue>;
  tensors: GGUFTensor[];
  /** `general.alignment` or the default 32. */
  alignment: number;
  /** Bytes read up to the end of the tensor infos. */
  headerBytes: number;
  /** Sum of tensor elements, buffers (`rope_freqs`) excluded. */
  parameterCount: number;
  /** Elements of tensors recognised as buffers (`rope_freqs.weight`). */
  bufferCount: number;
  /** `general.architecture`, if present. */
  architecture: string | undefined;
}

/**
 * ggml tensor types: [name, elements per block, bytes per block] (ggml/src/ggml.c `type_traits`).
 * Ids missing here (removed Q4_2/Q4_3, …) report `bytes: undefined`.
 */
export const GGML_TYPES: Readonly<Record<number, readonly [string, number, number]>> = Object.freeze({
  0: ["F32", 1, 4],
  1: ["F16", 1, 2],
  2: ["Q4_0", 32, 18],
  3: ["Q4_1", 32, 20],
  6: ["Q5_0", 32, 22],
  7: ["Q5_1", 32, 24],
  8: ["Q8_0", 32, 34],
  9: ["Q8_1", 32, 36],
  10: ["Q2_K", 256, 84],
  11: ["Q3_K", 256, 110],
  12: ["Q4_K", 256, 144],
  13: ["Q5_K", 256, 176],
  14: ["Q6_K", 256, 210],
  15: ["Q8_K", 256, 292],
  16: ["IQ2_XXS", 256, 66],
  17: ["IQ2_XS", 256, 74],
  18: ["IQ3_XXS", 256, 98],
  19: ["IQ1_S", 256, 50],
  20: ["IQ4_NL", 32, 18],
  21: ["IQ3_S", 256, 110],
  22: ["IQ2_S", 256, 82],
  23: ["IQ4_XS", 256, 136],
  24: ["I8", 1, 1],
  25: ["I16", 1, 2],
  26: ["I32", 1, 4],
  27: ["I64", 1, 8],
  28: ["F64", 1, 8],
  29: ["IQ1_M", 256, 56],
  30: ["BF16", 1, 2],
  34: ["TQ1_0", 256, 54],
  35: ["TQ2_0", 256, 66],
  39: ["MXFP4", 32, 17],
});

const MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
const MAX_STRING = 1 << 30;
const MAX_COUNT = 1 << 28;

class Reader {
  offset = 0;
  private readonly view: DataView;
  private readonly decoder = new TextDecoder("utf-8");
  constructor(
    private readonly bytes: Uint8Array,
    public littleEndian: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (this.offset + n > this.bytes.length) {
      throw new HeaderError(
        "gguf",
        "HEADER_TRUNCATED",
        `reading ${what} at byte ${this.offset} needs ${this.offset + n} bytes, got ${this.bytes.length}; pass a longer prefix of the file`,
      );
    }
  }
  u8(): number {
    this.need(1, "u8");
    return this.view.getUint8(this.offset++);
  }
  u32(what = "u32"): number {
    this.need(4, what);
    const v = this.view.getUint32(this.offset, this.littleEndian);
    this.offset += 4;
    return v;
  }
  u64(what = "u64"): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.offset, this.littleEndian);
    this.offset += 8;
    return v;
  }
  count(what: string): number {
    const v = this.u64(what);
    if (v > BigInt(MAX_COUNT))
      throw new HeaderError("gguf", "HEADER_INVALID", `${what} ${v} is implausibly large`);
    return Number(v);
  }
  string(what: string): string {
    const len = this.u64(`${what} length`);
    if (len > BigInt(MAX_STRING))
      throw new HeaderError("gguf", "HEADER_INVALID", `${what} length ${len} is implausibly large`);
    const n = Number(len);
    this.need(n, what);
    const s = this.decoder.decode(this.bytes.subarray(this.offset, this.offset + n));
    this.offset += n;
    return s;
  }
  value(type: number, key: string): GGUFValue {
    const v = this.view;
    const le = this.littleEndian;
    const at = (n: number) => {
      this.need(n, `value of "${key}"`);
      const o = this.offset;
      this.offset += n;
      return o;
    };
    switch (type) {
      case 0:
        return v.getUint8(at(1));
      case 1:
        return v.getInt8(at(1));
      case 2:
        return v.getUint16(at(2), le);
      case 3:
        return v.getInt16(at(2), le);
      case 4:
        return v.getUint32(at(4), le);
      case 5:
        return v.getInt32(at(4), le);
      case 6:
        return v.getFloat32(at(4), le);
      case 7:
        return v.getUint8(at(1)) !== 0;
      case 8:
        return this.string(`string "${key}"`);
      case 9: {
        const itemType = this.u32(`array type of "${key}"`);
        const n = this.count(`array length of "${key}"`);
        const out: GGUFValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.value(itemType, key));
        return out;
      }
      case 10:
        return v.getBigUint64(at(8), le);
      case 11:
        return v.getBigInt64(at(8), le);
      case 12:
        return v.getFloat64(at(8), le);
      default:
        throw new HeaderError("gguf", "HEADER_INVALID", `metadata "${key}" has unknown value type ${type}`);
    }
  }
}

/**
 * Parses a GGUF header (versions 2 and 3, either byte order) from the first bytes of a file.
 * Parameter count excludes `rope_freqs` (a rotary-frequency buffer that Llama 3.1 conversions store).
 * @throws {HeaderError} `HEADER_INVALID` for a bad magic or version, `HEADER_TRUNCATED` with the byte count
 *   needed when the prefix ends inside the header.
 * @example readGGUFHeader(firstMegabytes).parameterCount
 */
export function readGGUFHeader(input: Uint8Array | ArrayBuffer): GGUFHeader {
  const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
  if (!(bytes instanceof Uint8Array)) {
    throw new HeaderError(
      "gguf",
      "HEADER_INPUT",
      `expected a Uint8Array or ArrayBuffer, got ${typeof input}`,
    );
  }
  const r = new Reader(bytes, true);
  const magic = r.u32("magic");
  if (magic !== MAGIC) {
    throw new HeaderError(
      "gguf",
      "HEADER_INVALID",
      `magic 0x${magic.toString(16).padStart(8, "0")} is not "GGUF"`,
    );
  }
  let version = r.u32("version");
  // A big-endian file reads as a huge version in little-endian: its low 16 bits are zero.
  if (version > 0xffff && (version & 0xffff) === 0) {
    r.littleEndian = false;
    r.offset = 4;
    version = r.u32("version");
  }
  if (version !== 2 && version !== 3) {
    throw new HeaderError(
      "gguf",
      "HEADER_INVALID",
      `version ${version} is not supported (2 and 3 are; v1 used 32-bit counts)`,
    );
  }
  const tensorCount = r.count("tensor count");
  const kvCount = r.count("metadata count");
  const metadata: Record<string, GGUFValue> = {};
  for (let i = 0; i < kvCount; i++) {
    const key = r.string("metadata key");
    const type = r.u32(`type of "${key}"`);
    metadata[key] = r.value(type, key);
  }
  const tensors: GGUFTensor[] = [];
  let parameterCount = 0;
  let bufferCount = 0;
  for (let i = 0; i < tensorCount; i++) {
    const name = r.string("tensor name");
    const nDims = r.u32(`dims of "${name}"`);
    if (nDims > 8)
      throw new HeaderError("gguf", "HEADER_INVALID", `tensor "${name}" has ${nDims} dims (ggml allows 4)`);
    const shape: number[] = [];
    for (let d = 0; d < nDims; d++) {
      const dim = r.u64(`dim ${d} of "${name}"`);
      if (dim > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new HeaderError("gguf", "HEADER_INVALID", `tensor "${name}" dim ${d} = ${dim} is too large`);
      }
      shape.push(Number(dim));
    }
    const type = r.u32(`type of "${name}"`);
    const offset = r.u64(`offset of "${name}"`);
    const numel = shape.reduce((p, s) => p * s, 1);
    const traits = GGML_TYPES[type];
    const bytesOf = traits && numel % traits[1] === 0 ? (numel / traits[1]) * traits[2] : undefined;
    tensors.push({
      name,
      shape,
      type,
      typeName: traits?.[0] ?? `type_${type}`,
      numel,
      bytes: bytesOf,
      offset,
    });
    if (/^rope_freqs(\.|$)/.test(name)) bufferCount += numel;
    else parameterCount += numel;
  }
  const alignmentValue = metadata["general.alignment"];
  const alignment = typeof alignmentValue === "number" && alignmentValue > 0 ? alignmentValue : 32;
  const arch = metadata["general.architecture"];
  return {
    version,
    littleEndian: r.littleEndian,
    metadata,
    tensors,
    alignment,
    headerBytes: r.offset,
    parameterCount,
    bufferCount,
    architecture: typeof arch === "string" ? arch : undefined,
  };
}
