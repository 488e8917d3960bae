// sum over any axes (the reduction primitive the others build on) and sumToShape, which folds a
// broadcast gradient back onto an operand's shape. Accumulates in float64, stores float32.
import { record } from "../autograd/node";
import { backend } from "../backend/active";
import { ShapeError } from "../errors";
import { reduceInto } from "../kernels/reduce";
import { normalizeDims, type Shape, sameShape, shapeSize } from "../shape";
import { Tensor } from "../tensor";
import { requireFloat } from "./elementwise-op";
import { expand } from "./expand";
import { reshape } from "./reshape";

/** Output shape of a reduction over `dims` (sorted, unique). */
export function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (dims.includes(i)) {
      if (keepdim) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/** Sum over `dim` (all dims when omitted). keepdim keeps reduced dims as size 1. */
export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  requireFloat("sum", x);
  const dims = normalizeDims("sum", dim, x.ndim);
  const keepShape = reducedShape(x.shape, dims, true);
  const rows = shapeSize(keepShape);
  let values: Float32Array;
  if (x.isContiguous && x.size > 0 && trailing(dims, x.ndim)) {
    // Contiguous x summed over its last dims: [rows, cols] row sums on the active backend.
    values = new Float32Array(rows);
    const src = (x.data as Float32Array).subarray(x.offset, x.offset + x.size);
    backend().sumLastAxis(src, rows, x.size / rows, values);
  } else {
    const acc = new Float64Array(rows);
    const reduced = x.shape.map((_, i) => dims.includes(i));
    reduceInto("sum", x.data, x.shape, x.strides, x.offset, reduced, acc);
    values = Float32Array.from(acc);
  }
  const out = new Tensor(values, keepdim ? keepShape : reducedShape(x.shape, dims, false));
  // d(sum x) = the upstream gradient broadcast back over the summed dims
  return record(out, "sum", [x], (g) => [expand(reshape(g, keepShape), x.shape)]);
}

/** True when dims (sorted, unique) are the last dims.length dims of an ndim-d tensor. */
export function trailing(dims: readonly number[], ndim: number): boolean {
  return dims.length > 0 && dims.every((d, i) => d === ndim - dims.length + i);
}

/** Sums a broadcast gradient `g` down to `shape` (the inverse of broadcasting `shape` up to g.shape). */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  if (lead < 0 || shape.some((d, i) => d !== 1 && d !== g.shape[lead + i])) {
    throw new ShapeError(
      "BROADCAST",
      "sumToShape",
      [g.shape, shape],
      "the target shape does not broadcast to the gradient's shape",
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  return reshape(sum(g, dims, true), shape);
}
