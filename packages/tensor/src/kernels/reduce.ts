// Reduction kernels. `reduceInto` folds a strided n-d input into an accumulator laid out like the
// keepdim output (stride 0 on reduced dims), walking the input in memory order. Sums accumulate in
// float64. `argReduceRows` scans contiguous rows for argmax/argmin.
import type { Storage } from "../dtype";
import { forEachRow } from "./strided";

export type ReduceKind = "sum" | "max" | "min";

/**
 * acc (size = product of keepShape) must be pre-filled: 0 for sum, -Infinity for max, +Infinity for min.
 * NaN propagates through max/min.
 */
export function reduceInto(
  kind: ReduceKind,
  src: Storage,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  reduced: readonly boolean[],
  acc: Float64Array,
): void {
  const accStrides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    accStrides[i] = reduced[i] ? 0 : s;
    if (!reduced[i]) s *= shape[i]!;
  }
  forEachRow(shape, [strides, accStrides], [offset, 0], (offs, steps, n) => {
    let i = offs[0]!;
    let j = offs[1]!;
    const si = steps[0]!;
    const sj = steps[1]!;
    if (kind === "sum") {
      if (sj === 0) {
        let t = 0;
        for (let k = 0; k < n; k++, i += si) t += src[i]!;
        acc[j] = acc[j]! + t;
      } else for (let k = 0; k < n; k++, i += si, j += sj) acc[j] = acc[j]! + src[i]!;
    } else if (kind === "max") {
      for (let k = 0; k < n; k++, i += si, j += sj) {
        const v = src[i]!;
        const a = acc[j]!;
        if (v > a || Number.isNaN(v)) acc[j] = v;
      }
    } else {
      for (let k = 0; k < n; k++, i += si, j += sj) {
        const v = src[i]!;
        const a = acc[j]!;
        if (v < a || Number.isNaN(v)) acc[j] = v;
      }
    }
  });
}

/** For each of `rows` contiguous rows of length `n` in src (from `offset`), the index of the max (or min). */
export function argReduceRows(
  src: Storage,
  offset: number,
  rows: number,
  n: number,
  wantMax: boolean,
  out: Int32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const base = offset + r * n;
    let best = src[base]!;
    let bi = 0;
    // NaN counts as the extreme value (first NaN wins), as in PyTorch.
    if (!Number.isNaN(best)) {
      for (let k = 1; k < n; k++) {
        const v = src[base + k]!;
        if (Number.isNaN(v)) {
          bi = k;
          break;
        }
        if (wantMax ? v > best : v < best) {
          best = v;
          bi = k;
        }
      }
    }
    out[r] = bi;
  }
}
