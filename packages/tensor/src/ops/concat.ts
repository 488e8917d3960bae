// concat and stack. concat copies every input into one new tensor along `dim`; its gradient is the
// matching slice of the upstream gradient for each input. stack = unsqueeze each, then concat.
import { record } from "../autograd/node";
import { allocate } from "../dtype";
import { DTypeError, ShapeError } from "../errors";
import { scatterStrided } from "../kernels/strided";
import { contiguousStrides, normalizeDim, shapeSize } from "../shape";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";
import { unsqueeze } from "./reshape";
import { slice } from "./slice";

export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError("concat: need at least one tensor");
  const first = tensors[0]!;
  const d = normalizeDim("concat", dim, first.ndim);
  let total = 0;
  for (const t of tensors) {
    if (t.dtype !== first.dtype) {
      throw new DTypeError(
        "concat",
        t.dtype,
        `all tensors must share a dtype, got ${first.dtype} and ${t.dtype}`,
      );
    }
    const ok = t.ndim === first.ndim && t.shape.every((s, i) => i === d || s === first.shape[i]);
    if (!ok) {
      throw new ShapeError(
        "SHAPE_MISMATCH",
        "concat",
        tensors.map((x) => x.shape),
        `shapes must match except in dim ${d}`,
      );
    }
    total += t.shape[d]!;
  }
  const shape = first.shape.map((s, i) => (i === d ? total : s));
  const out = allocate(first.dtype, shapeSize(shape));
  const strides = contiguousStrides(shape);
  let at = 0;
  for (const t of tensors) {
    const src = contiguous(t.detach());
    scatterStrided(
      src.offset === 0 ? src.data : src.data.subarray(src.offset),
      out,
      t.shape,
      strides,
      at * strides[d]!,
    );
    at += t.shape[d]!;
  }
  const y = new Tensor(out, shape);
  // d concat(xs) = the slices of dy that each x filled
  return record(y, "concat", tensors, (g, needs) => {
    let start = 0;
    return tensors.map((t, i) => {
      const s = start;
      start += t.shape[d]!;
      return needs[i] ? slice(g, d, s, s + t.shape[d]!) : null;
    });
  });
}

/** Joins same-shape tensors along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError("stack: need at least one tensor");
  const first = tensors[0]!;
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => s !== first.shape[i])) {
      throw new ShapeError(
        "SHAPE_MISMATCH",
        "stack",
        tensors.map((x) => x.shape),
        "all tensors must have the same shape",
      );
    }
  }
  const d = normalizeDim("stack", dim, first.ndim + 1);
  return concat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
}
