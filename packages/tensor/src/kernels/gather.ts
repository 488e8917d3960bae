// Index kernels: gather / scatter-add along one dim, and index-select / index-add on contiguous blocks.
// Every index is bounds-checked; a bad one throws RangeError naming the value, never reads out of range.
import type { Storage } from "../dtype";
import { forEachRow } from "./strided";

function badIndex(op: string, v: number, n: number, dim: number): RangeError {
  return new RangeError(`${op}: index ${v} is out of range for dim ${dim} of size ${n}`);
}

/**
 * out[p] = src[base(p) + index[p] * srcDimStride] over index's shape, where base(p) uses src's strides
 * with the `dim` coordinate dropped (srcStrides has 0 at dim).
 */
export function gatherKernel(
  op: string,
  index: Int32Array,
  indexShape: readonly number[],
  indexStrides: readonly number[],
  indexOffset: number,
  src: Storage,
  srcStrides: readonly number[],
  srcOffset: number,
  srcDimStride: number,
  srcDimSize: number,
  dim: number,
  out: Storage,
): void {
  forEachRow(indexShape, [indexStrides, srcStrides], [indexOffset, srcOffset], (offs, steps, n, o) => {
    let ii = offs[0]!;
    let si = offs[1]!;
    for (let k = 0; k < n; k++, ii += steps[0]!, si += steps[1]!) {
      let v = index[ii]!;
      if (v < -srcDimSize || v >= srcDimSize) throw badIndex(op, v, srcDimSize, dim);
      if (v < 0) v += srcDimSize;
      out[o + k] = src[si + v * srcDimStride]!;
    }
  });
}

/** dst[base(p) + index[p] * dstDimStride] += src[p] over index's shape; dst is contiguous. */
export function scatterAddKernel(
  op: string,
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
        if (v < -dstDimSize || v >= dstDimSize) throw badIndex(op, v, dstDimSize, dim);
        if (v < 0) v += dstDimSize;
        const p = di + v * dstDimStride;
        dst[p] = dst[p]! + src[si]!;
      }
    },
  );
}
