// Stable argsort of every line along the middle axis of a contiguous [outer, n, inner] float32 block:
// writes, per line, the first `k` positions of the sorted order as int32 indices into an
// [outer, k, inner] output. Order: ascending or descending by value, NaN above every number (as PyTorch
// does: last when ascending, first when descending), -0 equal to +0, equal values in their original order.
//
// Each element becomes one float64 key, (order-preserving 32-bit code of its value) · 2^21 + position,
// exact below 2^53, so the native numeric sort of a Float64Array orders by value and then by position
// (stable by construction) with no comparator calls. k ≤ n/8 keeps only the k best keys in a max-heap
// (O(n log k), for topk over a vocabulary). Lines longer than 2^21 fall back to a comparator sort.
// Scratch buffers are allocated once per call, none per line or element.

const POS_BITS = 2 ** 21;
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** A uint32 that orders like the float32 value: NaN highest, -0 = +0. */
function orderedCode(v: number): number {
  if (Number.isNaN(v)) return 0xffffffff;
  f32[0] = v === 0 ? 0 : v;
  const bits = u32[0]!;
  return bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/** Restores the max-heap property of heap[0..size) from position i downwards. */
function siftDown(heap: Float64Array, size: number, i: number): void {
  const v = heap[i]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && heap[c + 1]! > heap[c]!) c++;
    if (heap[c]! <= v) break;
    heap[i] = heap[c]!;
    i = c;
  }
  heap[i] = v;
}

/** The k smallest of keys[0..n) in ascending order, into out[0..k). */
function smallestKeys(keys: Float64Array, n: number, k: number, heap: Float64Array): void {
  for (let i = 0; i < k; i++) heap[i] = keys[i]!;
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDown(heap, k, i);
  for (let i = k; i < n; i++) {
    const key = keys[i]!;
    if (key < heap[0]!) {
      heap[0] = key;
      siftDown(heap, k, 0);
    }
  }
  heap.subarray(0, k).sort();
}

/** NaN-aware three-way compare for the long-line fallback: NaN is larger than every number. */
function compare(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  return an === Number.isNaN(b) ? 0 : an ? 1 : -1;
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
  if (n > POS_BITS) {
    argsortByComparator(x, xOffset, outer, n, inner, descending, k, out);
    return;
  }
  const keys = new Float64Array(n);
  const useHeap = k > 0 && k <= n >> 3;
  const heap = new Float64Array(useHeap ? k : 0);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = xOffset + o * n * inner + j;
      for (let i = 0; i < n; i++) {
        const code = orderedCode(x[base + i * inner]!);
        keys[i] = (descending ? 0xffffffff - code : code) * POS_BITS + i;
      }
      let sorted = keys;
      if (useHeap) {
        smallestKeys(keys, n, k, heap);
        sorted = heap;
      } else {
        keys.sort();
      }
      const outBase = o * k * inner + j;
      for (let i = 0; i < k; i++) {
        const key = sorted[i]!;
        out[outBase + i * inner] = key - Math.floor(key / POS_BITS) * POS_BITS;
      }
    }
  }
}

/** Lines longer than 2^21: a comparator sort of positions (ties broken by position). Same contract. */
export function argsortByComparator(
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
  const byValue = (i: number, j: number): number => sign * compare(vals[i]!, vals[j]!) || i - j;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = xOffset + o * n * inner + j;
      for (let i = 0; i < n; i++) {
        vals[i] = x[base + i * inner]!;
        order[i] = i;
      }
      order.sort(byValue);
      const outBase = o * k * inner + j;
      for (let i = 0; i < k; i++) out[outBase + i * inner] = order[i]!;
    }
  }
}
