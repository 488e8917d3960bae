// Softmax and log-softmax along the last axis of a row-major [rows, cols] matrix, and their backward.
// Max-subtracted for stability. Outputs may alias inputs.
// Deliberately not here: masking, temperature, other axes (the caller transposes).
import { expV } from "./mathf";
import { hmax, hsum, loadTail, storeTail } from "./lanes";

@inline
function rowMax(p: usize, cols: i32): f32 {
  let m = f32x4.splat(-Infinity);
  let i = 0;
  for (; i + 4 <= cols; i += 4) m = f32x4.max(m, v128.load(p + (<usize>i << 2)));
  let s = hmax(m);
  for (; i < cols; i++) s = max(s, load<f32>(p + (<usize>i << 2)));
  return s;
}

// Writes exp(x − mx) to out (when out ≠ 0) and returns its sum.
@inline
function expShiftSum(p: usize, out: usize, cols: i32, mx: f32, write: bool): f32 {
  const mv = f32x4.splat(mx);
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= cols; i += 4) {
    const o = <usize>i << 2;
    const e = expV(f32x4.sub(v128.load(p + o), mv));
    if (write) v128.store(out + o, e);
    acc = f32x4.add(acc, e);
  }
  let s = hsum(acc);
  if (i < cols) {
    const o = <usize>i << 2;
    const rem = cols - i;
    // Unused tail lanes hold exp(0 − mx); mask them out of the sum.
    let e = expV(f32x4.sub(loadTail(p + o, rem), mv));
    if (write) storeTail(out + o, e, rem);
    s += f32x4.extract_lane(e, 0);
    if (rem > 1) s += f32x4.extract_lane(e, 1);
    if (rem > 2) s += f32x4.extract_lane(e, 2);
  }
  return s;
}

@inline
function scaleRow(p: usize, cols: i32, k: f32): void {
  const kv = f32x4.splat(k);
  let i = 0;
  for (; i + 4 <= cols; i += 4) {
    const o = <usize>i << 2;
    v128.store(p + o, f32x4.mul(v128.load(p + o), kv));
  }
  for (; i < cols; i++) {
    const o = <usize>i << 2;
    store<f32>(p + o, load<f32>(p + o) * k);
  }
}

/** out[r, :] = softmax(x[r, :]). */
export function softmaxLastAxis(x: usize, out: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * stride;
    const q = out + <usize>r * stride;
    const s = expShiftSum(p, q, cols, rowMax(p, cols), true);
    scaleRow(q, cols, 1.0 / s);
  }
}

/** out[r, :] = x[r, :] − max − log Σ exp(x[r, :] − max). */
export function logSoftmaxLastAxis(x: usize, out: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * stride;
    const q = out + <usize>r * stride;
    const mx = rowMax(p, cols);
    const lse = Mathf.log(expShiftSum(p, 0, cols, mx, false));
    // (x − max) − lse, two roundings: x − (max + lse) loses lse entirely when |max| ≫ lse (e.g. 3e38).
    // A row whose max is ±Infinity or NaN keeps the single shift (∞ − ∞ would be NaN).
    const finiteMax = mx - mx == 0;
    const shift1 = f32x4.splat(finiteMax ? mx : mx + lse);
    const shift2 = f32x4.splat(finiteMax ? lse : 0);
    let i = 0;
    for (; i + 4 <= cols; i += 4) {
      const o = <usize>i << 2;
      v128.store(q + o, f32x4.sub(f32x4.sub(v128.load(p + o), shift1), shift2));
    }
    if (i < cols) {
      const o = <usize>i << 2;
      storeTail(q + o, f32x4.sub(f32x4.sub(loadTail(p + o, cols - i), shift1), shift2), cols - i);
    }
  }
}

// Σ_c a[c]·b[c] over one row.
@inline
function rowDot(a: usize, b: usize, cols: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= cols; i += 4) {
    const o = <usize>i << 2;
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  let s = hsum(acc);
  for (; i < cols; i++) {
    const o = <usize>i << 2;
    s += load<f32>(a + o) * load<f32>(b + o);
  }
  return s;
}

/** Softmax backward from its output y: dx = y ⊙ (dy − Σ_c dy·y). dx may alias dy. */
export function softmaxBackward(y: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const yr = y + <usize>r * stride;
    const gr = dy + <usize>r * stride;
    const xr = dx + <usize>r * stride;
    const dot = f32x4.splat(rowDot(yr, gr, cols));
    let i = 0;
    for (; i + 4 <= cols; i += 4) {
      const o = <usize>i << 2;
      v128.store(xr + o, f32x4.mul(v128.load(yr + o), f32x4.sub(v128.load(gr + o), dot)));
    }
    if (i < cols) {
      const o = <usize>i << 2;
      const rem = cols - i;
      storeTail(xr + o, f32x4.mul(loadTail(yr + o, rem), f32x4.sub(loadTail(gr + o, rem), dot)), rem);
    }
  }
}

/** Log-softmax backward from its output y: dx = dy − exp(y)·Σ_c dy. dx may alias dy. */
export function logSoftmaxBackward(y: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const yr = y + <usize>r * stride;
    const gr = dy + <usize>r * stride;
    const xr = dx + <usize>r * stride;
    let acc = f32x4.splat(0);
    let i = 0;
    for (; i + 4 <= cols; i += 4) acc = f32x4.add(acc, v128.load(gr + (<usize>i << 2)));
    let s = hsum(acc);
    for (; i < cols; i++) s += load<f32>(gr + (<usize>i << 2));
    const sv = f32x4.splat(s);
    i = 0;
    for (; i + 4 <= cols; i += 4) {
      const o = <usize>i << 2;
      v128.store(xr + o, f32x4.sub(v128.load(gr + o), f32x4.mul(expV(v128.load(yr + o)), sv)));
    }
    if (i < cols) {
      const o = <usize>i << 2;
      const rem = cols - i;
      storeTail(xr + o, f32x4.sub(loadTail(gr + o, rem), f32x4.mul(expV(loadTail(yr + o, rem)), sv)), rem);
    }
  }
}

/**
 * Fused softmax + cross-entropy over rows of logits x [rows, cols] with integer targets [rows] (i32):
 *   losses[r] = logsumexp(x[r, :]) − x[r, t_r]
 *   dx[r, :]  = scale · (softmax(x[r, :]) − onehot(t_r))      (skipped when dx = 0)
 * Rows whose target equals ignoreIndex get loss 0 and a zero gradient (PyTorch's ignore_index).
 * One pass for the exponentials: the training step's loss and its gradient without a softmax tensor.
 */
export function softmaxCrossEntropy(
  x: usize,
  targets: usize,
  losses: usize,
  dx: usize,
  rows: i32,
  cols: i32,
  scale: f32,
  ignoreIndex: i32,
): void {
  const stride = <usize>cols << 2;
  const withGrad = dx != 0;
  for (let r = 0; r < rows; r++) {
    const p = x + <usize>r * stride;
    const q = dx + <usize>r * stride;
    const t = load<i32>(targets + (<usize>r << 2));
    if (t == ignoreIndex) {
      store<f32>(losses + (<usize>r << 2), 0);
      if (withGrad) memory.fill(q, 0, stride);
      continue;
    }
    const mx = rowMax(p, cols);
    const s = expShiftSum(p, q, cols, mx, withGrad);
    store<f32>(losses + (<usize>r << 2), mx + Mathf.log(s) - load<f32>(p + (<usize>t << 2)));
    if (withGrad) {
      scaleRow(q, cols, scale / s);
      const qt = q + (<usize>t << 2);
      store<f32>(qt, load<f32>(qt) - scale);
    }
  }
}
