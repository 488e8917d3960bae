// permute and transpose: zero-copy views that reorder dims by reordering strides.
import { record } from "../autograd/node";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";

/** Reorders dims: result dim i is x's dim `dims[i]`. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new RangeError(
      `permute: got ${dims.length} dims [${dims.join(",")}] for a tensor with ${x.ndim} dimension(s)`,
    );
  }
  const norm = dims.map((d) => normalizeDim("permute", d, x.ndim));
  if (new Set(norm).size !== norm.length) throw new RangeError(`permute: [${dims.join(",")}] repeats a dim`);
  const y = new Tensor(
    x.data,
    norm.map((d) => x.shape[d]!),
    {
      strides: norm.map((d) => x.strides[d]!),
      offset: x.offset,
    },
  );
  const inverse = new Array<number>(norm.length);
  norm.forEach((d, i) => {
    inverse[d] = i;
  });
  // d(permute x) = permute(dy, inverse)
  return record(y, "permute", [x], (g) => [permute(g, inverse)]);
}

/** Swaps two dims. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeDim("transpose", dim0, x.ndim);
  const b = normalizeDim("transpose", dim1, x.ndim);
  const dims = Array.from({ length: x.ndim }, (_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return permute(x, dims);
}
