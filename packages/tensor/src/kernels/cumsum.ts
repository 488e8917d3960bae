// Inclusive prefix sums along the middle axis of a contiguous [outer, n, inner] block, forwards or
// backwards (reverse = suffix sums, the gradient of a prefix sum). Sums run in float64 and are stored
// as float32, matching PyTorch's float accumulation closely. Allocates nothing.

/** out[o, i, j] = Σ_{k ≤ i} x[o, k, j] (k ≥ i when reverse), x read at `xOffset`. */
export function cumsumKernel(
  x: Float32Array,
  xOffset: number,
  outer: number,
  n: number,
  inner: number,
  reverse: boolean,
  out: Float32Array,
): void {
  const start = reverse ? n - 1 : 0;
  const step = reverse ? -inner : inner;
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let j = 0; j < inner; j++) {
      let acc = 0;
      let p = base + start * inner + j;
      for (let i = 0; i < n; i++, p += step) {
        acc += x[xOffset + p]!;
        out[p] = acc;
      }
    }
  }
}
