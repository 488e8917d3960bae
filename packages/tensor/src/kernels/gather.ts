// Index kernels: gather / scatter-add along one dim, and index-select / index-add on contiguous blocks.
// Every index is bounds-checked (0 ≤ i < size, no negative wrap-around, as PyTorch); a bad one throws
// IndexOutOfRangeError naming the value, never reads out of range.
import type { Storage } from "../dtype";
import { IndexOutOfRangeError } from "../errors";
import { forEachRow } from "./strided";

function badIndex(op: string, v: number, n: number, dim: number): RangeError {
  return new IndexOutOfRangeError(op, v, n, dim);
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
      const v = index[ii]!;
      // torch.gather: "index -1 is out of bounds for dimension 1 with size 3" — no wrap-around
      if (v < 0 || v >= srcDimSize) throw badIndex(op, v, srcDimSize, dim);
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
        const v = index[ii]!;
        if (v < 0 || v >= dstDimSize) throw badIndex(op, v, dstDimSize, dim);
        const p = di + v * dstDimStride;
        dst[p] = dst[p]! + src[si]!;
      }
    },
  );
}
