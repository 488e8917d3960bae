// where(condition, a, b): a where condition is non-zero, else b; all three broadcast together.
// condition may be float32 (a 0/1 mask from a comparison) or int32; it gets no gradient.
import { record } from "../autograd/node";
import { forEachRow } from "../kernels/strided";
import { broadcastShapes, broadcastStrides, shapeSize } from "../shape";
import { Tensor } from "../tensor";
import { floatOperands } from "./elementwise-op";
import { sumToShape } from "./sum";

export function where(condition: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  if (!(condition instanceof Tensor)) throw new TypeError("where: condition must be a Tensor");
  const [x, y] = floatOperands("where", a, b);
  const shape = broadcastShapes("where", condition.shape, x.shape, y.shape);
  const out = new Float32Array(shapeSize(shape));
  const c = condition.data;
  const xd = x.data;
  const yd = y.data;
  forEachRow(
    shape,
    [
      broadcastStrides(condition.shape, condition.strides, shape),
      broadcastStrides(x.shape, x.strides, shape),
      broadcastStrides(y.shape, y.strides, shape),
    ],
    [condition.offset, x.offset, y.offset],
    (offs, steps, n, o) => {
      let ic = offs[0]!;
      let ix = offs[1]!;
      let iy = offs[2]!;
      const sc = steps[0]!;
      const sx = steps[1]!;
      const sy = steps[2]!;
      for (let k = 0; k < n; k++, ic += sc, ix += sx, iy += sy) out[o + k] = c[ic] !== 0 ? xd[ix]! : yd[iy]!;
    },
  );
  const result = new Tensor(out, shape);
  // d where(c, a, b) = where(c, da, 0) + where(c, 0, db)
  return record(result, "where", [x, y], (g, needs) => [
    needs[0] ? sumToShape(where(condition, g, 0), x.shape) : null,
    needs[1] ? sumToShape(where(condition, 0, g), y.shape) : null,
  ]);
}
