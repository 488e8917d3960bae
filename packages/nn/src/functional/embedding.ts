// embedding(indices, weight, paddingIdx): rows of weight [num, dim] looked up by int32 indices of any shape.
// The padding row is returned as stored but receives no gradient, as F.embedding(padding_idx=…).
import { DTypeError, indexSelect, ne, reshape, ShapeError, type Tensor, where } from "@paramlens/tensor";

/** indices [...] (int32) → [..., dim] */
export function embedding(indices: Tensor, weight: Tensor, paddingIdx?: number | null): Tensor {
  if (indices.dtype !== "int32") {
    throw new DTypeError("embedding", indices.dtype, `indices must be int32, got ${indices.dtype}`);
  }
  if (weight.ndim !== 2)
    throw new ShapeError("RANK", "embedding", [weight.shape], "weight must be [num, dim]");
  const [num, dim] = weight.shape as [number, number];
  const flat = reshape(indices, [indices.size]);
  const values = flat.toTypedArray();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= num) {
      throw new RangeError(`embedding: index ${v} at position ${i} is out of range [0, ${num})`);
    }
  }
  let rows = indexSelect(weight, 0, flat); // [n, dim]
  if (paddingIdx !== undefined && paddingIdx !== null && weight.requiresGrad) {
    // same values, but the padding positions read a detached copy so no gradient reaches that row
    const keep = reshape(ne(flat, paddingIdx), [flat.size, 1]);
    rows = where(keep, rows, indexSelect(weight.detach(), 0, flat));
  }
  return reshape(rows, [...indices.shape, dim]);
}
