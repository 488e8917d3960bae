// Stable argsort of every line along the middle axis of a contiguous [outer, n, inner] float32 block:
// writes, per line, the first `k` positions of the sorted order as int32 indices into an
// [outer, k, inner] output. Order: ascending or descending by value, NaN above every number (as PyTorch
// does: last when ascending, first when descending), equal values (and NaNs) in their original order.
// Two scratch buffers are allocated per call, none per line or element.

/** NaN-aware three-way compare: NaN is larger than every number, NaN equals NaN. */
function compare(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an === bn ? 0 : an ? 1 : -1;
}

export function argsortKernel(
  x: Float32Array,
  xOffset: number,
  outer: number,
  n: number,
  inner: number,
  descending: boolean,
  k: number,
  out: Int32Array,
): void {
  const vals = new Float32Array(n);
  const order = new Int32Array(n);
  const sign = descending ? -1 : 1;
  // ties broken by original position, so the result does not depend on the engine's sort being stable
  const byValue = (i: number, j: number): number => sign * compare(vals[i]!, vals[j]!) || i - j;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      for (let i = 0; i < n; i++) {
        vals[i] = x[xOffset + base + i * inner]!;
        order[i] = i;
      }
      order.sort(byValue);
      const outBase = o * k * inner + j;
      for (let i = 0; i < k; i++) out[outBase + i * inner] = order[i]!;
    }
  }
}
