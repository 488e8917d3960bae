// oneHot: int32 class indices → float32 one-hot vectors in a new last dim.
import { DTypeError } from "../errors";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";

export function oneHot(indices: Tensor, numClasses: number): Tensor {
  if (indices.dtype !== "int32")
    throw new DTypeError("oneHot", indices.dtype, `indices must be int32, got ${indices.dtype}`);
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new RangeError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  }
  const src = contiguous(indices);
  const out = new Float32Array(indices.size * numClasses);
  for (let i = 0; i < indices.size; i++) {
    const v = src.data[src.offset + i]!;
    if (v < 0 || v >= numClasses)
      throw new RangeError(`oneHot: class ${v} at flat index ${i} is not in [0, ${numClasses})`);
    out[i * numClasses + v] = 1;
  }
  return new Tensor(out, [...indices.shape, numClasses]);
}
