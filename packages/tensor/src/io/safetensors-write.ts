// Encodes plain records into safetensors bytes laid out exactly as the reference writer does
// (huggingface/safetensors, `prepare`/`serialize` in safetensors/src/tensor.rs): tensors sorted by dtype
// rank descending then name, contiguous data_offsets, compact JSON header with `__metadata__` first,
// padded with spaces to a multiple of 8 bytes. It does not write F8/F6/F4/C64 and does not stream.

import {
  dtypeBits,
  dtypeRank,
  float32ToBf16Bits,
  float32ToF16Bits,
  isSafetensorsDtype,
  type SafetensorsDtype,
} from "./safetensors-dtype";
import { SafetensorsError } from "./safetensors-error";

/** What the writer accepts: the on-disk dtype, the shape, and data in a matching typed array. */
export interface SafetensorsWriteRecord {
  dtype: SafetensorsDtype;
  shape: readonly number[];
  /** F32/F16/BF16/F64: Float32Array or Float64Array; integer dtypes: Int32Array; U8/BOOL: Uint8Array */
  data: Float32Array | Float64Array | Int32Array | Uint8Array;
}

const LONE_SURROGATE = /\p{Surrogate}/u;

/** Serializes tensors (and optional string metadata) to a safetensors file image. */
export function encodeSafetensors(
  tensors: Readonly<Record<string, SafetensorsWriteRecord>>,
  metadata?: Readonly<Record<string, string>> | null,
): Uint8Array {
  const items = Object.entries(tensors).map(([name, rec]) => checkRecord(name, rec));
  // Reference order: dtype rank descending, then name (Rust `String` Ord = UTF-8 byte order = code points).
  items.sort((a, b) => dtypeRank(b.rec.dtype) - dtypeRank(a.rec.dtype) || compareCodePoints(a.name, b.name));

  let header = "{";
  let sep = "";
  if (metadata !== undefined && metadata !== null) {
    header += `"__metadata__":{`;
    // The reference serializes a Rust HashMap (random key order); sorted keys keep our output deterministic.
    const keys = Object.keys(metadata).sort(compareCodePoints);
    keys.forEach((k, i) => {
      const v = metadata[k];
      if (typeof v !== "string") {
        throw new SafetensorsError(
          "INVALID_RECORD",
          `encodeSafetensors: metadata["${k}"] must be a string, got ${typeof v}`,
        );
      }
      checkText(`metadata key "${k}"`, k);
      checkText(`metadata["${k}"]`, v);
      header += `${i === 0 ? "" : ","}${JSON.stringify(k)}:${JSON.stringify(v)}`;
    });
    header += "}";
    sep = ",";
  }
  let offset = 0;
  const ranges: number[] = [];
  for (const { name, rec, bytes } of items) {
    ranges.push(offset);
    header += `${sep}${JSON.stringify(name)}:{"dtype":"${rec.dtype}","shape":[${rec.shape.join(",")}],"data_offsets":[${offset},${offset + bytes}]}`;
    sep = ",";
    offset += bytes;
  }
  header += "}";

  const json = new TextEncoder().encode(header);
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, padded % 2 ** 32, true);
  view.setUint32(4, Math.floor(padded / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded); // spaces, so the data section starts 8-byte aligned
  const dataStart = 8 + padded;
  for (let i = 0; i < items.length; i++) writeData(view, dataStart + ranges[i]!, items[i]!.rec);
  return out;
}

function checkRecord(name: string, rec: SafetensorsWriteRecord) {
  const fail = (what: string) =>
    new SafetensorsError("INVALID_RECORD", `encodeSafetensors: tensor "${name}": ${what}`, { tensor: name });
  if (name === "__metadata__") throw fail(`the name "__metadata__" is reserved for metadata`);
  checkText(`tensor name "${name}"`, name);
  if (!isSafetensorsDtype(rec.dtype)) throw fail(`unknown dtype ${JSON.stringify(rec.dtype)}`);
  if (!Array.isArray(rec.shape) || !rec.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw fail(`shape ${JSON.stringify(rec.shape)} must be non-negative integers`);
  }
  const count = rec.shape.reduce((a, b) => a * b, 1);
  const kind = arrayKind(rec.dtype);
  if (kind === undefined) {
    throw new SafetensorsError(
      "UNSUPPORTED_DTYPE",
      `encodeSafetensors: tensor "${name}": writing dtype ${rec.dtype} is not supported`,
      { tensor: name },
    );
  }
  const ok =
    kind === "float"
      ? rec.data instanceof Float32Array || rec.data instanceof Float64Array
      : kind === "int"
        ? rec.data instanceof Int32Array
        : rec.data instanceof Uint8Array;
  if (!ok) {
    const want =
      kind === "float" ? "Float32Array or Float64Array" : kind === "int" ? "Int32Array" : "Uint8Array";
    throw fail(`dtype ${rec.dtype} needs a ${want}, got ${rec.data?.constructor?.name ?? typeof rec.data}`);
  }
  if (rec.data.length !== count) {
    throw fail(`shape [${rec.shape.join(",")}] has ${count} elements but data has ${rec.data.length}`);
  }
  if (rec.dtype !== "I32" && rec.dtype !== "I64" && kind === "int")
    checkIntRange(name, rec.dtype, rec.data as Int32Array);
  if (rec.dtype === "BOOL") {
    const i = (rec.data as Uint8Array).findIndex((v) => v > 1);
    if (i >= 0) throw fail(`BOOL element ${i} is ${rec.data[i]}, expected 0 or 1`);
  }
  return { name, rec, bytes: (count * dtypeBits(rec.dtype)) / 8 };
}

function arrayKind(dtype: SafetensorsDtype): "float" | "int" | "byte" | undefined {
  switch (dtype) {
    case "F32":
    case "F64":
    case "F16":
    case "BF16":
      return "float";
    case "I8":
    case "I16":
    case "U16":
    case "I32":
    case "U32":
    case "I64":
    case "U64":
      return "int";
    case "U8":
    case "BOOL":
      return "byte";
    default:
      return undefined;
  }
}

const INT_RANGE: Partial<Record<SafetensorsDtype, [number, number]>> = {
  I8: [-128, 127],
  I16: [-32768, 32767],
  U16: [0, 65535],
  U32: [0, 2 ** 31 - 1],
  U64: [0, 2 ** 31 - 1],
};

function checkIntRange(name: string, dtype: SafetensorsDtype, data: Int32Array): void {
  const range = INT_RANGE[dtype];
  if (range === undefined) return;
  const [lo, hi] = range;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < lo || v > hi) {
      throw new SafetensorsError(
        "INT_OUT_OF_RANGE",
        `encodeSafetensors: tensor "${name}": element ${i} = ${v} does not fit ${dtype} [${lo}, ${hi}]`,
        { tensor: name },
      );
    }
  }
}

function writeData(view: DataView, at: number, rec: SafetensorsWriteRecord): void {
  const d = rec.data;
  const n = d.length;
  switch (rec.dtype) {
    case "F32":
      for (let i = 0; i < n; i++) view.setFloat32(at + 4 * i, d[i]!, true);
      return;
    case "F64":
      for (let i = 0; i < n; i++) view.setFloat64(at + 8 * i, d[i]!, true);
      return;
    case "F16":
      for (let i = 0; i < n; i++) view.setUint16(at + 2 * i, float32ToF16Bits(d[i]!), true);
      return;
    case "BF16":
      for (let i = 0; i < n; i++) view.setUint16(at + 2 * i, float32ToBf16Bits(d[i]!), true);
      return;
    case "I8":
    case "U8":
    case "BOOL":
      for (let i = 0; i < n; i++) view.setUint8(at + i, d[i]! & 0xff);
      return;
    case "I16":
    case "U16":
      for (let i = 0; i < n; i++) view.setUint16(at + 2 * i, d[i]! & 0xffff, true);
      return;
    case "I32":
    case "U32":
      for (let i = 0; i < n; i++) view.setInt32(at + 4 * i, d[i]!, true);
      return;
    case "I64":
    case "U64":
      for (let i = 0; i < n; i++) {
        view.setInt32(at + 8 * i, d[i]!, true);
        view.setInt32(at + 8 * i + 4, d[i]! < 0 ? -1 : 0, true); // sign extension
      }
      return;
    default:
      throw new SafetensorsError(
        "UNSUPPORTED_DTYPE",
        `encodeSafetensors: writing dtype ${rec.dtype} is not supported`,
      );
  }
}

function checkText(what: string, s: string): void {
  if (LONE_SURROGATE.test(s)) {
    throw new SafetensorsError(
      "INVALID_RECORD",
      `encodeSafetensors: ${what} contains a lone UTF-16 surrogate (not UTF-8 encodable)`,
    );
  }
}

/** Orders strings by Unicode code point, which equals UTF-8 byte order (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}
