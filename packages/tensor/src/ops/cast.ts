// Casts between float32 and int32. float → int truncates toward zero and refuses NaN/±Infinity/out-of-range
// values instead of wrapping. Casts are not differentiable (int32 tensors never require grad).
import { copyStrided, forEachRow } from "../kernels/strided";
import { Tensor } from "../tensor";

export function toFloat(x: Tensor): Tensor {
  if (x.dtype === "float32") return x;
  const out = new Float32Array(x.size);
  copyStrided(x.data, x.shape, x.strides, x.offset, out);
  return new Tensor(out, x.shape);
}

export function toInt(x: Tensor): Tensor {
  if (x.dtype === "int32") return x;
  const out = new Int32Array(x.size);
  const src = x.data;
  forEachRow(x.shape, [x.strides], [x.offset], (offs, steps, n, o) => {
    let i = offs[0]!;
    for (let k = 0; k < n; k++, i += steps[0]!) {
      const v = Math.trunc(src[i]!);
      if (!(v >= -2147483648 && v <= 2147483647)) {
        throw new RangeError(`int: value ${src[i]} at flat index ${o + k} does not fit in int32`);
      }
      out[o + k] = v;
    }
  });
  return new Tensor(out, x.shape);
}
