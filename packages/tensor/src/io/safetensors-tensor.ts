// Tensor glue over the record-level safetensors reader and writer: load a file image into float32/int32
// Tensors, save Tensors (optionally as F16/BF16/F64/I64… on disk). The validation and byte layout live in
// the record-level files; this one only converts.

import type { Tensor as TensorType } from "../tensor";
import { Tensor } from "../tensor";
import type { SafetensorsDtype } from "./safetensors-dtype";
import { SafetensorsError } from "./safetensors-error";
import { decodeSafetensors } from "./safetensors-read";
import { encodeSafetensors, type SafetensorsWriteRecord } from "./safetensors-write";

const FLOAT_DTYPES = new Set<SafetensorsDtype>(["F32", "F16", "BF16", "F64"]);
const INT_DTYPES = new Set<SafetensorsDtype>(["I8", "I16", "U16", "I32", "U32", "I64", "U64", "U8", "BOOL"]);

/**
 * Reads a safetensors file image: F32/F16/BF16/F64 become float32 tensors, integer and BOOL dtypes int32
 * tensors (values outside int32 throw SafetensorsError naming the tensor). `__metadata__` is available
 * from `readSafetensorsHeader(bytes).metadata`.
 */
export function loadSafetensors(bytes: Uint8Array): Record<string, TensorType> {
  const { tensors } = decodeSafetensors(bytes);
  const out: [string, TensorType][] = [];
  for (const [name, rec] of Object.entries(tensors)) {
    const data = rec.data instanceof Uint8Array ? Int32Array.from(rec.data) : rec.data;
    out.push([name, new Tensor(data, rec.shape)]);
  }
  return Object.fromEntries(out);
}

export interface SaveSafetensorsOptions {
  /**
   * On-disk dtype per tensor name. Defaults: F32 for float32 tensors, I32 for int32 tensors. Float tensors
   * may be stored as F16/BF16 (rounded to nearest even) or F64; int tensors as any integer dtype or BOOL
   * (values must fit).
   */
  dtypes?: Readonly<Record<string, SafetensorsDtype>>;
}

/** Writes tensors (and optional string metadata) in the layout of the reference `safetensors` writer. */
export function saveSafetensors(
  tensors: Readonly<Record<string, TensorType>>,
  metadata?: Readonly<Record<string, string>> | null,
  options: SaveSafetensorsOptions = {},
): Uint8Array {
  const records: [string, SafetensorsWriteRecord][] = [];
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t instanceof Tensor)) {
      throw new SafetensorsError("INVALID_RECORD", `saveSafetensors: "${name}" is not a Tensor`, {
        tensor: name,
      });
    }
    const isFloat = t.dtype === "float32";
    const dtype = options.dtypes?.[name] ?? (isFloat ? "F32" : "I32");
    if (!(isFloat ? FLOAT_DTYPES : INT_DTYPES).has(dtype)) {
      throw new SafetensorsError(
        "INVALID_RECORD",
        `saveSafetensors: tensor "${name}" is ${t.dtype} and cannot be stored as ${dtype} (use ${[...(isFloat ? FLOAT_DTYPES : INT_DTYPES)].join(", ")})`,
        { tensor: name },
      );
    }
    const values = t.toTypedArray();
    const data = dtype === "U8" || dtype === "BOOL" ? toBytes(name, dtype, values as Int32Array) : values;
    records.push([name, { dtype, shape: [...t.shape], data }]);
  }
  for (const name of Object.keys(options.dtypes ?? {})) {
    if (!Object.hasOwn(tensors, name)) {
      throw new SafetensorsError(
        "INVALID_RECORD",
        `saveSafetensors: dtypes names "${name}", which is not a tensor being saved`,
      );
    }
  }
  return encodeSafetensors(Object.fromEntries(records), metadata);
}

function toBytes(name: string, dtype: "U8" | "BOOL", values: Int32Array): Uint8Array {
  const max = dtype === "U8" ? 255 : 1;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v > max) {
      throw new SafetensorsError(
        "INT_OUT_OF_RANGE",
        `saveSafetensors: tensor "${name}" element ${i} = ${v} does not fit ${dtype} [0, ${max}]`,
        { tensor: name },
      );
    }
    out[i] = v;
  }
  return out;
}
