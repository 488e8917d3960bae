// Strided iteration: walks an n-d index space row by row and hands each operand's start offset and
// step to a row kernel, so the innermost loop is a plain `for` over typed arrays. Adjacent dims that are
// contiguous for every operand are merged first, so contiguous data becomes one long row.
// Allocates a few small arrays per call, never per element.
import type { Storage } from "../dtype";

/**
 * Row callback: `offs[j]` is operand j's start offset for this row, `steps[j]` its stride along the row,
 * `n` the row length and `o` the row's start in a contiguous output. `offs` is reused between calls.
 */
export type RowFn = (offs: number[], steps: number[], n: number, o: number) => void;

/** Drops size-1 dims and merges dims that are contiguous for every operand. */
function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): [number[], number[][]] {
  const k = strides.length;
  const cs: number[] = [];
  const cst: number[][] = Array.from({ length: k }, () => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = cs.length - 1;
    let merge = last >= 0;
    for (let j = 0; j < k && merge; j++) {
      const sj = cst[j]!;
      if (sj[last] !== strides[j]![d]! * n) merge = false;
    }
    if (merge) {
      cs[last] = cs[last]! * n;
      for (let j = 0; j < k; j++) cst[j]![last] = strides[j]![d]!;
    } else {
      cs.push(n);
      for (let j = 0; j < k; j++) cst[j]!.push(strides[j]![d]!);
    }
  }
  return [cs, cst];
}

/** Visits every row of `shape` (output order = row-major), calling `row` once per innermost run. */
export function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  row: RowFn,
): void {
  for (const d of shape) if (d === 0) return;
  const k = strides.length;
  const [cs, cst] = collapse(shape, strides);
  const offs = offsets.slice();
  const nd = cs.length;
  if (nd === 0) {
    row(offs, new Array<number>(k).fill(0), 1, 0);
    return;
  }
  const n = cs[nd - 1]!;
  const steps = cst.map((s) => s[nd - 1]!);
  let rows = 1;
  for (let d = 0; d < nd - 1; d++) rows *= cs[d]!;
  const counter = new Array<number>(Math.max(nd - 1, 0)).fill(0);
  let o = 0;
  for (let r = 0; r < rows; r++) {
    row(offs, steps, n, o);
    o += n;
    for (let d = nd - 2; d >= 0; d--) {
      const c = counter[d]! + 1;
      if (c < cs[d]!) {
        counter[d] = c;
        for (let j = 0; j < k; j++) offs[j] = offs[j]! + cst[j]![d]!;
        break;
      }
      counter[d] = 0;
      for (let j = 0; j < k; j++) offs[j] = offs[j]! - cst[j]![d]! * (cs[d]! - 1);
    }
  }
}

/** Copies a strided view into `dst` (contiguous, starting at `dstOffset`). */
export function copyStrided(
  src: Storage,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  dst: Storage,
  dstOffset = 0,
): void {
  forEachRow(shape, [strides], [offset], (offs, steps, n, o) => {
    let i = offs[0]!;
    const s = steps[0]!;
    const base = dstOffset + o;
    if (s === 1) {
      dst.set(src.subarray(i, i + n), base);
      return;
    }
    for (let t = 0; t < n; t++, i += s) dst[base + t] = src[i]!;
  });
}

/** Writes contiguous `src` into a strided destination view (the inverse of copyStrided). */
export function scatterStrided(
  src: Storage,
  dst: Storage,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): void {
  forEachRow(shape, [strides], [offset], (offs, steps, n, o) => {
    let i = offs[0]!;
    const s = steps[0]!;
    if (s === 1) {
      dst.set(src.subarray(o, o + n), i);
      return;
    }
    for (let t = 0; t < n; t++, i += s) dst[i] = src[o + t]!;
  });
}
