// Row-wise softmax / log-softmax along one (possibly strided) dim, into a contiguous output.
// Each line is shifted by its max before exp, so huge logits never overflow; the sum is float64.
// A line that is all -Infinity gives NaN for softmax (0/0) and -Infinity for log-softmax, as PyTorch.
import { forEachRow } from "./strided";

/**
 * For every line along `dim` of the strided input, writes softmax (or log-softmax when `log`) into the
 * contiguous `out` of the same shape.
 */
export function softmaxKernel(
  src: Float32Array,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  dim: number,
  out: Float32Array,
  log: boolean,
): void {
  const n = shape[dim]!;
  if (n === 0) return;
  const sd = strides[dim]!;
  let od = 1;
  for (let i = shape.length - 1; i > dim; i--) od *= shape[i]!;
  const outerShape = shape.filter((_, i) => i !== dim);
  const srcStrides = strides.filter((_, i) => i !== dim);
  const outStrides: number[] = [];
  // Contiguous output strides with `dim` removed.
  const full: number[] = new Array(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    full[i] = s;
    s *= shape[i]!;
  }
  for (let i = 0; i < shape.length; i++) if (i !== dim) outStrides.push(full[i]!);
  forEachRow(outerShape, [srcStrides, outStrides], [offset, 0], (offs, steps, count) => {
    let xi = offs[0]!;
    let oi = offs[1]!;
    for (let r = 0; r < count; r++, xi += steps[0]!, oi += steps[1]!) {
      let m = Number.NEGATIVE_INFINITY;
      for (let k = 0, p = xi; k < n; k++, p += sd) {
        const v = src[p]!;
        if (v > m || Number.isNaN(v)) m = v;
      }
      // All -Infinity (or +Infinity) lines: shift by 0 so the result follows exp's limits.
      const shift = Number.isFinite(m) ? m : 0;
      let total = 0;
      for (let k = 0, p = xi; k < n; k++, p += sd) total += Math.exp(src[p]! - shift);
      if (log) {
        const lse = Math.log(total);
        for (let k = 0, p = xi, q = oi; k < n; k++, p += sd, q += od) out[q] = src[p]! - shift - lse;
      } else {
        const inv = 1 / total;
        for (let k = 0, p = xi, q = oi; k < n; k++, p += sd, q += od)
          out[q] = Math.exp(src[p]! - shift) * inv;
      }
    }
  });
}
