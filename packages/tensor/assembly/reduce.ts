// Reductions of a row-major [rows, cols] matrix: sum and max along the last axis (one value per row) and
// sum along the first axis (one value per column, e.g. a bias gradient). Sums use 16 partial sums per
// row (4 f32x4 accumulators), which keeps the f32 rounding error near √(cols/16)·ε rather than cols·ε.
// Deliberately not here: argmax, mean (a scale by 1/cols on the result), f64 accumulation.
import { hmax, hsum, loadTail } from "./lanes";

/** out[r] = Σ_c x[r, c]. */
export function sumLastAxis(x: usize, out: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * stride;
    let s0 = f32x4.splat(0);
    let s1 = f32x4.splat(0);
    let s2 = f32x4.splat(0);
    let s3 = f32x4.splat(0);
    let i = 0;
    for (; i + 16 <= cols; i += 16) {
      const q = p + (<usize>i << 2);
      s0 = f32x4.add(s0, v128.load(q));
      s1 = f32x4.add(s1, v128.load(q, 16));
      s2 = f32x4.add(s2, v128.load(q, 32));
      s3 = f32x4.add(s3, v128.load(q, 48));
    }
    for (; i + 4 <= cols; i += 4) s0 = f32x4.add(s0, v128.load(p + (<usize>i << 2)));
    if (i < cols) s1 = f32x4.add(s1, loadTail(p + (<usize>i << 2), cols - i));
    store<f32>(out + (<usize>r << 2), hsum(f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3))));
  }
}

/** out[r] = max_c x[r, c] (NaN if any element of the row is NaN; −inf for cols = 0). */
export function maxLastAxis(x: usize, out: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * stride;
    let m = f32x4.splat(-Infinity);
    let i = 0;
    for (; i + 4 <= cols; i += 4) m = f32x4.max(m, v128.load(p + (<usize>i << 2)));
    let s = hmax(m);
    for (; i < cols; i++) s = max(s, load<f32>(p + (<usize>i << 2)));
    store<f32>(out + (<usize>r << 2), s);
  }
}

/** out[c] = Σ_r x[r, c]; out has cols elements and is overwritten. */
export function sumFirstAxis(x: usize, out: usize, rows: i32, cols: i32): void {
  memory.fill(out, 0, <usize>cols << 2);
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * stride;
    let i = 0;
    for (; i + 4 <= cols; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, f32x4.add(v128.load(out + o), v128.load(p + o)));
    }
    for (; i < cols; i++) {
      const o = <usize>i << 2;
      store<f32>(out + o, load<f32>(out + o) + load<f32>(p + o));
    }
  }
}
