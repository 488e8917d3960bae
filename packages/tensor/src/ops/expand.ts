// expand / broadcastTo: a zero-copy view with stride 0 on broadcast dims. -1 keeps a size.
import { record } from "../autograd/node";
import { ShapeError } from "../errors";
import { checkShape, type Shape, sameShape } from "../shape";
import { Tensor } from "../tensor";
import { sumToShape } from "./sum";

export function expand(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  if (shape.length < x.ndim) {
    throw new ShapeError(
      "RANK",
      "expand",
      [x.shape, shape],
      `target has fewer dims (${shape.length}) than the tensor (${x.ndim})`,
    );
  }
  const lead = shape.length - x.ndim;
  const out: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const want = shape[i]!;
    if (i < lead) {
      if (want === -1) throw new RangeError(`expand: -1 is not allowed for a new leading dim (dim ${i})`);
      out.push(want);
      strides.push(0);
      continue;
    }
    const have = x.shape[i - lead]!;
    const size = want === -1 ? have : want;
    if (size !== have && have !== 1) {
      throw new ShapeError(
        "BROADCAST",
        "expand",
        [x.shape, shape],
        `size ${have} at dim ${i - lead} cannot expand to ${size}`,
      );
    }
    out.push(size);
    strides.push(size === have ? x.strides[i - lead]! : 0);
  }
  checkShape("expand", out);
  const y = new Tensor(x.data, out, { strides, offset: x.offset });
  // d(expand x) = dy summed over the broadcast dims
  return record(y, "expand", [x], (g) => [sumToShape(g, x.shape)]);
}

/** Alias of expand, NumPy naming. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  return expand(x, shape);
}
