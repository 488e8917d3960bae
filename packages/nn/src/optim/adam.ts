// Adam (Kingma & Ba, arXiv:1412.6980, Algorithm 1) with optional AMSGrad (Reddi et al., ICLR 2018) and
// coupled L2 weight decay, and AdamW (Loshchilov & Hutter, arXiv:1711.05101), which decays the weights
// directly: p ← p(1 − lr·λ) before the Adam step. Bias correction and ε placement follow torch.optim.Adam:
// p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε).
// Without AMSGrad the update runs in @paramlens/tensor's fused adamStep_ (the active backend's kernel, wasm
// SIMD after initBackend()); AMSGrad, which that kernel does not cover, keeps the loop below.
import { adamStep_, noGrad, Tensor } from "@paramlens/tensor";
import { checkNumber } from "./errors";
import { hyperBool, hyperNumber, Optimizer } from "./optimizer";

export interface AdamOptions {
  /** Default 1e-3. */
  lr?: number;
  /** [β1, β2], default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /** Default 1e-8. */
  eps?: number;
  /** Adam: L2 added to the gradient (default 0). AdamW: decoupled decay (default 0.01). */
  weightDecay?: number;
  amsgrad?: boolean;
}

export class Adam extends Optimizer {
  readonly kind: string = "Adam";
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  protected readonly decoupled: boolean;

  constructor(params: Iterable<Tensor>, options: AdamOptions = {}, decoupled = false) {
    const where = decoupled ? "AdamW" : "Adam";
    super(params, checkNumber(where, "lr", options.lr ?? 1e-3, 0), where);
    this.decoupled = decoupled;
    const [b1, b2] = options.betas ?? [0.9, 0.999];
    this.beta1 = checkNumber(where, "betas[0]", b1, 0, 1, true);
    this.beta2 = checkNumber(where, "betas[1]", b2, 0, 1, true);
    this.eps = checkNumber(where, "eps", options.eps ?? 1e-8, 0);
    this.weightDecay = checkNumber(where, "weightDecay", options.weightDecay ?? (decoupled ? 0.01 : 0), 0);
    this.amsgrad = options.amsgrad ?? false;
  }

  get momentum(): number {
    return this.beta1;
  }
  set momentum(v: number) {
    this.beta1 = checkNumber(this.kind, "betas[0]", v, 0, 1, true);
  }

  protected update(
    i: number,
    p: Float32Array,
    po: number,
    g: Float32Array,
    go: number,
    n: number,
    param: Tensor,
    grad: Tensor,
  ): void {
    const { lr, beta1: b1, beta2: b2, eps, weightDecay: wd, amsgrad, decoupled } = this;
    const m = this.buffer(i, "exp_avg", n);
    const v = this.buffer(i, "exp_avg_sq", n);
    if (!amsgrad) {
      // m, v [param.shape] wrap the stored buffers: the kernel updates the optimizer state in place
      const mt = new Tensor(m, param.shape);
      const vt = new Tensor(v, param.shape);
      const opts = { lr, beta1: b1, beta2: b2, eps, weightDecay: wd, decoupled, step: this.stepCount };
      noGrad(() => adamStep_(param, grad, mt, vt, opts));
      return;
    }
    const vmax = amsgrad ? this.buffer(i, "max_exp_avg_sq", n) : null;
    // Per-parameter step counts live in the optimizer's stepCount (every parameter steps together).
    const t = this.stepCount;
    const stepSize = lr / (1 - b1 ** t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    const decay = decoupled ? 1 - lr * wd : 1;
    const l2 = decoupled ? 0 : wd;
    for (let k = 0; k < n; k++) {
      const w = p[po + k]! * decay;
      const gk = g[go + k]! + l2 * w;
      // Each buffer is rounded to float32 on store and read back, as PyTorch keeps it.
      m[k] = m[k]! + (gk - m[k]!) * (1 - b1);
      v[k] = b2 * v[k]! + (1 - b2) * gk * gk;
      const mk = m[k]!;
      let vk = v[k]!;
      if (vmax) {
        vmax[k] = Math.max(vmax[k]!, vk);
        vk = vmax[k]!;
      }
      p[po + k] = w - stepSize * (mk / (Math.sqrt(vk) / bc2Sqrt + eps));
    }
  }

  protected hyper(): Record<string, number | boolean> {
    return {
      beta1: this.beta1,
      beta2: this.beta2,
      eps: this.eps,
      weightDecay: this.weightDecay,
      amsgrad: this.amsgrad,
    };
  }
  protected setHyper(h: Record<string, number | boolean>): void {
    this.beta1 = hyperNumber(this.kind, h, "beta1");
    this.beta2 = hyperNumber(this.kind, h, "beta2");
    this.eps = hyperNumber(this.kind, h, "eps");
    this.weightDecay = hyperNumber(this.kind, h, "weightDecay");
    this.amsgrad = hyperBool(this.kind, h, "amsgrad");
  }
}

/** Adam with decoupled weight decay (default λ = 0.01, as torch.optim.AdamW). */
export class AdamW extends Adam {
  override readonly kind: string = "AdamW";
  constructor(params: Iterable<Tensor>, options: AdamOptions = {}) {
    super(params, options, true);
  }
}
