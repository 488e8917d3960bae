// In-place optimizer updates over flat f32 parameter buffers, following PyTorch's torch.optim.SGD and
// torch.optim.Adam/AdamW update rules (https://pytorch.org/docs/stable/generated/torch.optim.SGD.html,
// .../torch.optim.Adam.html, .../torch.optim.AdamW.html), step by step, in f32.
// Deliberately not here: amsgrad, maximize, gradient clipping, learning-rate schedules.

/**
 * SGD. g' = g + wd·p; with momentum μ: v = g' on the first step, else v = μ·v + (1 − dampening)·g';
 * nesterov: g' = g' + μ·v, else g' = v; then p −= lr·g'. vel may be 0 when momentum = 0.
 */
export function sgdUpdate(
  p: usize,
  g: usize,
  vel: usize,
  n: i32,
  lr: f32,
  momentum: f32,
  dampening: f32,
  weightDecay: f32,
  nesterov: i32,
  firstStep: i32,
): void {
  // First step: v = g' exactly (PyTorch initialises the buffer with a clone of g').
  const keep: f32 = firstStep != 0 ? 0.0 : momentum;
  const damp: f32 = firstStep != 0 ? 1.0 : <f32>1.0 - dampening;
  const useMomentum = momentum != 0;
  const useNesterov = nesterov != 0;
  const lrv = f32x4.splat(lr);
  const wdv = f32x4.splat(weightDecay);
  const muv = f32x4.splat(momentum);
  const keepv = f32x4.splat(keep);
  const dampv = f32x4.splat(damp);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const pv = v128.load(p + o);
    let gv = f32x4.add(v128.load(g + o), f32x4.mul(wdv, pv));
    if (useMomentum) {
      const vv = f32x4.add(f32x4.mul(keepv, v128.load(vel + o)), f32x4.mul(dampv, gv));
      v128.store(vel + o, vv);
      gv = useNesterov ? f32x4.add(gv, f32x4.mul(muv, vv)) : vv;
    }
    v128.store(p + o, f32x4.sub(pv, f32x4.mul(lrv, gv)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const pv = load<f32>(p + o);
    let gv = load<f32>(g + o) + weightDecay * pv;
    if (useMomentum) {
      const vv = keep * load<f32>(vel + o) + damp * gv;
      store<f32>(vel + o, vv);
      gv = useNesterov ? gv + momentum * vv : vv;
    }
    store<f32>(p + o, pv - lr * gv);
  }
}

/**
 * Adam (decoupled = 0) or AdamW (decoupled ≠ 0), step t ≥ 1 (1-based, as PyTorch counts):
 *   Adam: g' = g + wd·p.   AdamW: p = p·(1 − lr·wd), g' = g.
 *   m = β1·m + (1 − β1)·g';  v = β2·v + (1 − β2)·g'²
 *   p −= (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + eps)
 */
export function adamUpdate(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  weightDecay: f32,
  decoupled: i32,
  step: i32,
): void {
  // Bias corrections in f64 so large t does not lose them to f32 rounding.
  const bc1 = 1.0 - Math.pow(<f64>beta1, <f64>step);
  const bc2 = 1.0 - Math.pow(<f64>beta2, <f64>step);
  const stepSize = <f32>(<f64>lr / bc1);
  const invSqrtBc2 = <f32>(1.0 / Math.sqrt(bc2));
  const decay: f32 = decoupled != 0 ? <f32>1.0 - lr * weightDecay : 1.0;
  const l2: f32 = decoupled != 0 ? 0.0 : weightDecay;
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(<f32>1.0 - beta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(<f32>1.0 - beta2);
  const epsv = f32x4.splat(eps);
  const ss = f32x4.splat(stepSize);
  const ib = f32x4.splat(invSqrtBc2);
  const dv = f32x4.splat(decay);
  const l2v = f32x4.splat(l2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    let pv = v128.load(p + o);
    let gv = v128.load(g + o);
    gv = f32x4.add(gv, f32x4.mul(l2v, pv));
    pv = f32x4.mul(pv, dv);
    const mv = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(c1, gv));
    const vv = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(c2, f32x4.mul(gv, gv)));
    const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vv), ib), epsv);
    v128.store(p + o, f32x4.sub(pv, f32x4.mul(ss, f32x4.div(mv, denom))));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    let pv = load<f32>(p + o);
    const gv = load<f32>(g + o) + l2 * pv;
    pv *= decay;
    const mv = beta1 * load<f32>(m + o) + (<f32>1.0 - beta1) * gv;
    const vv = beta2 * load<f32>(v + o) + (<f32>1.0 - beta2) * (gv * gv);
    store<f32>(p + o, pv - stepSize * (mv / (Mathf.sqrt(vv) * invSqrtBc2 + eps)));
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
  }
}
