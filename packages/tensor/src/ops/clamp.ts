// clamp(x, min?, max?): limits values to [min, max]. Gradient passes where min <= x <= max (PyTorch's rule).
import { forEachRow } from "../kernels/strided";
import { Tensor } from "../tensor";
import { unaryOp } from "./elementwise-op";
import { mul } from "./mul";

export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  if (min === undefined && max === undefined) throw new TypeError("clamp: give at least one of min and max");
  const lo = min ?? Number.NEGATIVE_INFINITY;
  const hi = max ?? Number.POSITIVE_INFINITY;
  if (Number.isNaN(lo) || Number.isNaN(hi)) throw new RangeError(`clamp: bounds must not be NaN`);
  if (lo > hi) throw new RangeError(`clamp: min ${lo} is greater than max ${hi}`);
  return unaryOp(
    "clamp",
    x,
    (out, o, src, ix, sx, n) => {
      for (let k = 0; k < n; k++, ix += sx) {
        const v = src[ix]!;
        out[o + k] = v < lo ? lo : Math.min(v, hi);
      }
    },
    // d clamp(x) = [min <= x <= max] dx
    (g) => [mul(g, inRange(x, lo, hi))],
  );
}

function inRange(x: Tensor, lo: number, hi: number): Tensor {
  const out = new Float32Array(x.size);
  const src = x.data;
  forEachRow(x.shape, [x.strides], [x.offset], (offs, steps, n, o) => {
    let i = offs[0]!;
    for (let k = 0; k < n; k++, i += steps[0]!) {
      const v = src[i]!;
      out[o + k] = v >= lo && v <= hi ? 1 : 0;
    }
  });
  return new Tensor(out, x.shape);
}
