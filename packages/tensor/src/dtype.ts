// Element types. float32 holds values and gradients; int32 holds indices and labels. There is no float64,
// bool or int64 tensor: comparisons return float32 0/1 masks, int64 data is read into int32 by the I/O code.
import { checkTensorSize } from "./errors";

export type DType = "float32" | "int32";

/** The flat buffer behind a tensor. */
export type Storage = Float32Array | Int32Array;

export function dtypeOf(data: Storage): DType {
  return data instanceof Int32Array ? "int32" : "float32";
}

/** A zeroed buffer of n elements; more than MAX_TENSOR_ELEMENTS is a TensorSizeError naming `op`. */
export function allocate(dtype: DType, n: number, op = "allocate"): Storage {
  checkTensorSize(op, n);
  return dtype === "int32" ? new Int32Array(n) : new Float32Array(n);
}

export function isDType(x: unknown): x is DType {
  return x === "float32" || x === "int32";
}
