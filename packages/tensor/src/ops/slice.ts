// slice / select: zero-copy strided views along one dim (start, end, positive step; negative start/end
// count from the end and are clamped like Python slices). The gradient of a slice is `embed`: the
// upstream gradient written into a zero tensor of the input's shape; embed's gradient is the slice again.
import { record } from "../autograd/node";
import { allocate } from "../dtype";
import { scatterStrided } from "../kernels/strided";
import { contiguousStrides, normalizeDim, type Shape, shapeSize } from "../shape";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";
import { squeeze } from "./reshape";

/** The primitive view: per-dim start, step and length. */
export function stridedView(
  x: Tensor,
  starts: readonly number[],
  steps: readonly number[],
  lengths: readonly number[],
): Tensor {
  let offset = x.offset;
  for (let d = 0; d < x.ndim; d++) if (lengths[d]! > 0) offset += starts[d]! * x.strides[d]!;
  const y = new Tensor(x.data, lengths, { strides: x.strides.map((s, d) => s * steps[d]!), offset });
  // d(view of x) = dy written back at the viewed positions, zeros elsewhere
  return record(y, "slice", [x], (g) => [embed(g, x.shape, starts, steps, 0)]);
}

/**
 * A tensor of `shape` filled with `fill`, with `x` written at the strided positions (start, step) per dim.
 * pad() uses it with step 1.
 */
export function embed(
  x: Tensor,
  shape: Shape,
  starts: readonly number[],
  steps: readonly number[],
  fill: number,
): Tensor {
  const out = allocate(x.dtype, shapeSize(shape));
  if (fill !== 0) out.fill(fill);
  const base = contiguousStrides(shape);
  let offset = 0;
  for (let d = 0; d < shape.length; d++) offset += starts[d]! * base[d]!;
  const src = contiguous(x.detach());
  scatterStrided(
    src.offset === 0 ? src.data : src.data.subarray(src.offset),
    out,
    x.shape,
    base.map((s, d) => s * steps[d]!),
    offset,
  );
  const y = new Tensor(out, shape);
  // d embed(x) = the embedded region of dy
  return record(y, "embed", [x], (g) => [stridedView(g, starts, steps, x.shape)]);
}

/** Elements start, start+step, … < end along `dim` (end defaults to the dim size). */
export function slice(x: Tensor, dim: number, start: number, end?: number, step = 1): Tensor {
  const d = normalizeDim("slice", dim, x.ndim);
  if (!Number.isInteger(step) || step < 1)
    throw new RangeError(`slice: step must be a positive integer, got ${step}`);
  if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
    throw new TypeError(`slice: start and end must be integers, got ${start} and ${end}`);
  }
  const n = x.shape[d]!;
  const clampIdx = (i: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const s = clampIdx(start);
  const e = end === undefined ? n : clampIdx(end);
  const len = e > s ? Math.ceil((e - s) / step) : 0;
  const starts = x.shape.map((_, i) => (i === d ? s : 0));
  const steps = x.shape.map((_, i) => (i === d ? step : 1));
  const lengths = x.shape.map((v, i) => (i === d ? len : v));
  return stridedView(x, starts, steps, lengths);
}

/** The sub-tensor at `index` along `dim`, with that dim removed. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim("select", dim, x.ndim);
  const n = x.shape[d]!;
  if (!Number.isInteger(index) || index < -n || index >= n) {
    throw new RangeError(`select: index ${index} is out of range for dim ${d} of size ${n}`);
  }
  const i = index < 0 ? index + n : index;
  return squeeze(slice(x, d, i, i + 1), d);
}
