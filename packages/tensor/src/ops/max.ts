// max and min over any axes (values only; argmax/argmin give indices). NaN propagates. The gradient
// goes to the elements equal to the result, split evenly among ties (PyTorch's amax/amin rule).
import { record } from "../autograd/node";
import { backend } from "../backend/active";
import { reduceInto } from "../kernels/reduce";
import { formatShape, normalizeDims, shapeSize } from "../shape";
import { Tensor } from "../tensor";
import { eq } from "./compare";
import { div } from "./div";
import { requireFloat } from "./elementwise-op";
import { expand } from "./expand";
import { mul } from "./mul";
import { reshape } from "./reshape";
import { reducedShape, sum, trailing } from "./sum";

function extreme(
  op: "max" | "min",
  x: Tensor,
  dim: number | readonly number[] | undefined,
  keepdim: boolean,
): Tensor {
  requireFloat(op, x);
  const dims = normalizeDims(op, dim, x.ndim);
  for (const d of dims) {
    if (x.shape[d] === 0)
      throw new RangeError(`${op}: cannot reduce over dim ${d} of size 0 in ${formatShape(x.shape)}`);
  }
  if (x.size === 0 && dims.length === 0 && x.ndim === 0) throw new RangeError(`${op}: empty tensor`);
  const keepShape = reducedShape(x.shape, dims, true);
  const rows = shapeSize(keepShape);
  let values: Float32Array;
  if (op === "max" && x.isContiguous && x.size > 0 && trailing(dims, x.ndim)) {
    // Contiguous x, max over its last dims: [rows, cols] row maxima on the active backend.
    values = new Float32Array(rows);
    const src = (x.data as Float32Array).subarray(x.offset, x.offset + x.size);
    backend().maxLastAxis(src, rows, x.size / rows, values);
  } else {
    const acc = new Float64Array(rows).fill(op === "max" ? -Infinity : Infinity);
    const reduced = x.shape.map((_, i) => dims.includes(i));
    reduceInto(op, x.data, x.shape, x.strides, x.offset, reduced, acc);
    values = Float32Array.from(acc);
  }
  const out = new Tensor(values, keepdim ? keepShape : reducedShape(x.shape, dims, false));
  // d max(x) = [x == max] / (number of ties) · dy
  return record(out, op, [x], (g) => {
    const yk = expand(reshape(out.detach(), keepShape), x.shape);
    const mask = eq(x, yk);
    const count = sum(mask, dims, true);
    return [mul(expand(div(reshape(g, keepShape), count), x.shape), mask)];
  });
}

export function max(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return extreme("max", x, dim, keepdim);
}

export function min(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return extreme("min", x, dim, keepdim);
}
