// Small helpers that turn the methods' flat float arrays back into tensors shaped like the input.
import { Tensor } from "@paramlens/tensor";

export function tensorFrom(data: Float32Array | Float64Array, shape: readonly number[]): Tensor {
  return new Tensor(data instanceof Float32Array ? data : Float32Array.from(data), shape);
}
