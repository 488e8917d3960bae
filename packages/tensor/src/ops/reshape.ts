// Shape-changing views: reshape/view (one -1 allowed), flatten, squeeze, unsqueeze.
// A reshape of contiguous data is a zero-copy view; of a strided view it copies (view() refuses instead).
import { record } from "../autograd/node";
import { ShapeError } from "../errors";
import { contiguousStrides, formatShape, normalizeDim, normalizeDims, type Shape, shapeSize } from "../shape";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";

/** Resolves a single -1 and checks the element count. */
export function resolveShape(op: string, x: Tensor, shape: Shape): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${op}: shape must be an array of integers`);
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === -1) {
      if (infer >= 0) throw new RangeError(`${op}: only one dimension can be -1, got ${formatShape(shape)}`);
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`${op}: invalid size ${d} in ${formatShape(shape)}`);
    } else known *= d;
  }
  const out = [...shape];
  if (infer >= 0) {
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError("BAD_RESHAPE", op, [x.shape, shape], `cannot infer -1 for ${x.size} elements`);
    }
    out[infer] = x.size / known;
  }
  if (shapeSize(out) !== x.size) {
    throw new ShapeError(
      "BAD_RESHAPE",
      op,
      [x.shape, out],
      `${x.size} elements cannot take shape ${formatShape(out)}`,
    );
  }
  return out;
}

/** A view of x with new shape/strides over the same data, recorded with `backward` = reshape back. */
export function restride(op: string, x: Tensor, shape: Shape, strides: Shape, offset = x.offset): Tensor {
  const y = new Tensor(x.data, shape, { strides, offset });
  // d(view x) = the upstream gradient put back into x's shape
  return record(y, op, [x], (g) => [reshape(g, x.shape)]);
}

export function reshape(x: Tensor, shape: Shape): Tensor {
  const out = resolveShape("reshape", x, shape);
  const src = x.isContiguous ? x : contiguous(x);
  return restride("reshape", src, out, contiguousStrides(out));
}

/** Like reshape, but throws instead of copying when x is not contiguous. */
export function view(x: Tensor, shape: Shape): Tensor {
  const out = resolveShape("view", x, shape);
  if (!x.isContiguous) {
    throw new ShapeError(
      "NOT_VIEWABLE",
      "view",
      [x.shape, out],
      "tensor is not contiguous; use reshape() or contiguous()",
    );
  }
  return restride("view", x, out, contiguousStrides(out));
}

/** Merges dims startDim..endDim into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim("flatten", startDim, x.ndim);
  const e = normalizeDim("flatten", endDim, x.ndim);
  if (s > e) throw new RangeError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const shape = [...x.shape.slice(0, s), shapeSize(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Removes size-1 dims (all of them, or only those listed; listed dims of other sizes are kept, as in PyTorch). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims = normalizeDims("squeeze", dim, x.ndim);
  const shape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    if (dims.includes(i) && x.shape[i] === 1) continue;
    shape.push(x.shape[i]!);
    strides.push(x.strides[i]!);
  }
  return restride("squeeze", x, shape, strides);
}

/** Inserts a size-1 dim at `dim` (in -(ndim+1)..ndim). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim("unsqueeze", dim, x.ndim + 1);
  const shape = [...x.shape];
  const strides = [...x.strides];
  const stride = d < x.ndim ? x.strides[d]! * x.shape[d]! : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, stride);
  return restride("unsqueeze", x, shape, strides);
}
