// contiguous (copy only when the layout is strided) and clone (always copy). Gradient passes through.
import { record } from "../autograd/node";
import { allocate } from "../dtype";
import { copyStrided } from "../kernels/strided";
import { Tensor } from "../tensor";

/** Row-major copy of x, or x itself when it is already contiguous and `force` is false. */
export function contiguous(x: Tensor, force = false): Tensor {
  if (!force && x.isContiguous) return x;
  const out = allocate(x.dtype, x.size);
  copyStrided(x.data, x.shape, x.strides, x.offset, out);
  const y = new Tensor(out, x.shape);
  // d(copy x) = dx
  return record(y, force ? "clone" : "contiguous", [x], (g) => [g]);
}

/** A fresh contiguous copy that stays in the graph (unlike detach()). */
export function clone(x: Tensor): Tensor {
  return contiguous(x, true);
}
