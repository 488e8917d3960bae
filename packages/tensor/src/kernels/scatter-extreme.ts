// dst[target(p)] = max (or min) of itself and src[p] over index's shape, for scatterReduce "amax"/"amin".
// Same addressing as scatterAddKernel (kernels/gather.ts): index is bounds-checked (negative counts from
// the end) and dst is contiguous. A NaN on either side wins, as PyTorch's scatter_reduce propagates NaN.
import type { Storage } from "../dtype";
import { forEachRow } from "./strided";

export function scatterExtremeKernel(
  op: string,
  isMax: boolean,
  index: Int32Array,
  indexShape: readonly number[],
  indexStrides: readonly number[],
  indexOffset: number,
  src: Storage,
  srcStrides: readonly number[],
  srcOffset: number,
  dst: Storage,
  dstStrides: readonly number[],
  dstDimStride: number,
  dstDimSize: number,
  dim: number,
): void {
  forEachRow(
    indexShape,
    [indexStrides, srcStrides, dstStrides],
    [indexOffset, srcOffset, 0],
    (offs, steps, n) => {
      let ii = offs[0]!;
      let si = offs[1]!;
      let di = offs[2]!;
      for (let k = 0; k < n; k++, ii += steps[0]!, si += steps[1]!, di += steps[2]!) {
        let v = index[ii]!;
        if (v < -dstDimSize || v >= dstDimSize) {
          throw new RangeError(`${op}: index ${v} is out of range for dim ${dim} of size ${dstDimSize}`);
        }
        if (v < 0) v += dstDimSize;
        const p = di + v * dstDimStride;
        const cur = dst[p]!;
        const s = src[si]!;
        if (Number.isNaN(cur)) continue;
        if (Number.isNaN(s) || (isMax ? s > cur : s < cur)) dst[p] = s;
      }
    },
  );
}
