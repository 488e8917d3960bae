// Decodes a whole safetensors buffer into plain records: floats (F32, F16, BF16, F64) become a
// Float32Array, integers (I8…I64, U16…U64) an Int32Array after a range check, BOOL and U8 a Uint8Array.
// Everything is validated by `readSafetensorsHeader` before a data byte is read. It does not build Tensor
// objects (see safetensors-tensor.ts) and does not convert F8/F6/F4/C64.

import { bf16BitsToFloat32, f16BitsToFloat32, type SafetensorsDtype } from "./safetensors-dtype";
import { SafetensorsError } from "./safetensors-error";
import { readSafetensorsHeader, type SafetensorsTensorInfo } from "./safetensors-header";

/** A tensor as stored: its on-disk dtype, shape and data widened to one of three typed arrays. */
export type SafetensorsRecord =
  | { dtype: "F32" | "F16" | "BF16" | "F64"; shape: number[]; data: Float32Array }
  | { dtype: "I8" | "I16" | "I32" | "I64" | "U16" | "U32" | "U64"; shape: number[]; data: Int32Array }
  | { dtype: "U8" | "BOOL"; shape: number[]; data: Uint8Array };

export interface DecodedSafetensors {
  tensors: Record<string, SafetensorsRecord>;
  metadata: Record<string, string> | null;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Parses and validates a complete safetensors file held in memory. */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  const header = readSafetensorsHeader(bytes);
  const entries: [string, SafetensorsRecord][] = [];
  for (const info of header.tensors) entries.push([info.name, decodeTensor(bytes, info)]);
  return { tensors: Object.fromEntries(entries), metadata: header.metadata };
}

/** Decodes one tensor whose byte range has already been validated against `bytes`. */
export function decodeTensor(bytes: Uint8Array, info: SafetensorsTensorInfo): SafetensorsRecord {
  const [start, end] = info.byteRange;
  if (end > bytes.length) {
    throw new SafetensorsError(
      "INCOMPLETE_BUFFER",
      `safetensors: tensor "${info.name}" needs file bytes [${start}, ${end}) but only ${bytes.length} are loaded`,
      { tensor: info.name, byteRange: info.byteRange },
    );
  }
  const count = info.shape.reduce((a, b) => a * b, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  const shape = info.shape.slice();
  const dtype = info.dtype;
  switch (dtype) {
    case "F32": {
      if (LITTLE_ENDIAN) return { dtype, shape, data: new Float32Array(copyRange(bytes, start, end)) };
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return { dtype, shape, data: out };
    }
    case "F64": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
      return { dtype, shape, data: out };
    }
    case "F16": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = f16BitsToFloat32(view.getUint16(2 * i, true));
      return { dtype, shape, data: out };
    }
    case "BF16": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = bf16BitsToFloat32(view.getUint16(2 * i, true));
      return { dtype, shape, data: out };
    }
    case "I8": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt8(i);
      return { dtype, shape, data: out };
    }
    case "I16": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, true);
      return { dtype, shape, data: out };
    }
    case "U16": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getUint16(2 * i, true);
      return { dtype, shape, data: out };
    }
    case "I32": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, true);
      return { dtype, shape, data: out };
    }
    case "U32": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getUint32(4 * i, true);
        if (v > INT32_MAX) throw outOfRange(info, i, String(v));
        out[i] = v;
      }
      return { dtype, shape, data: out };
    }
    case "I64":
    case "U64": {
      const out = new Int32Array(count);
      const signed = dtype === "I64";
      for (let i = 0; i < count; i++) {
        // int64 in [-2^31, 2^31) iff the high word is the sign extension of the low word
        const lo = view.getInt32(8 * i, true);
        const hi = view.getInt32(8 * i + 4, true);
        if (hi !== (lo < 0 ? -1 : 0) || (!signed && lo < 0)) {
          const big = signed ? view.getBigInt64(8 * i, true) : view.getBigUint64(8 * i, true);
          throw outOfRange(info, i, big.toString());
        }
        out[i] = lo;
      }
      return { dtype, shape, data: out };
    }
    case "U8":
    case "BOOL":
      return { dtype, shape, data: new Uint8Array(copyRange(bytes, start, end)) };
    default:
      throw new SafetensorsError(
        "UNSUPPORTED_DTYPE",
        `safetensors: tensor "${info.name}" has dtype ${dtype satisfies SafetensorsDtype}, which this library does not convert (supported: F32, F16, BF16, F64, BOOL, U8, I8, I16, U16, I32, U32, I64, U64; file bytes [${start}, ${end}))`,
        { tensor: info.name, byteRange: info.byteRange },
      );
  }
}

/** Copies [start, end) into a fresh, aligned ArrayBuffer (the source offset may not be aligned). */
function copyRange(bytes: Uint8Array, start: number, end: number): ArrayBuffer {
  const out = new Uint8Array(end - start);
  out.set(bytes.subarray(start, end));
  return out.buffer;
}

function outOfRange(info: SafetensorsTensorInfo, index: number, value: string): SafetensorsError {
  const width = info.dtype === "U32" ? 4 : 8;
  const at = info.byteRange[0] + index * width;
  return new SafetensorsError(
    "INT_OUT_OF_RANGE",
    `safetensors: tensor "${info.name}" (${info.dtype}) element ${index} = ${value} is outside int32 [${INT32_MIN}, ${INT32_MAX}] (file bytes [${at}, ${at + width}))`,
    { tensor: info.name, byteRange: [at, at + width] },
  );
}
