// Adam (Kingma & Ba, arXiv:1412.6980, Algorithm 1) with optional AMSGrad (Reddi et al., ICLR 2018) and
// coupled L2 weight decay, and AdamW (Loshchilov & Hutter, arXiv:1711.05101), which decays the weights
// directly: p ← p(1 − lr·λ) before the Adam step. Bias correction and ε placement follow torch.optim.Adam:
// p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε). Options can differ per parameter group.
// Without AMSGrad the update runs in @paramlens/tensor's fused adamStep_ (the active backend's kernel, wasm
// SIMD after initBackend()); AMSGrad, which that kernel does not cover, keeps the loop below.
import { adamStep_, noGrad, Tensor } from "@paramlens/tensor";
import { checkNumber, OptimizerError } from "./errors";
import { hyperBool, hyperNumber, Optimizer, type ParamGroup, type Params } from "./optimizer";

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

/** An Adam/AdamW parameter group with every option resolved. */
export interface AdamParamGroup extends ParamGroup {
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
}

const KEYS = ["lr", "betas", "eps", "weightDecay", "amsgrad"] as const;

function adamGroup(where: string, decoupled: boolean) {
  return (o: Record<string, unknown>, f: (k: string) => string): Omit<AdamParamGroup, "params"> => {
    const lr = checkNumber(where, f("lr"), o.lr ?? 1e-3, 0);
    const betas = o.betas ?? [0.9, 0.999];
    if (!Array.isArray(betas) || betas.length !== 2) {
      throw new OptimizerError("OPTION", `${where}: ${f("betas")} must be [β1, β2], got ${String(betas)}`);
    }
    const b1 = checkNumber(where, `${f("betas")}[0]`, betas[0], 0, 1, true);
    const b2 = checkNumber(where, `${f("betas")}[1]`, betas[1], 0, 1, true);
    const eps = checkNumber(where, f("eps"), o.eps ?? 1e-8, 0);
    const weightDecay = checkNumber(where, f("weightDecay"), o.weightDecay ?? (decoupled ? 0.01 : 0), 0);
    const amsgrad = o.amsgrad ?? false;
    if (typeof amsgrad !== "boolean") {
      throw new OptimizerError(
        "OPTION",
        `${where}: ${f("amsgrad")} must be a boolean, got ${String(amsgrad)}`,
      );
    }
    return { lr, betas: [b1, b2], eps, weightDecay, amsgrad };
  };
}

export class Adam extends Optimizer<AdamParamGroup> {
  readonly kind: string = "Adam";
  protected readonly decoupled: boolean;

  /** @example new AdamW([{ params: weights }, { params: biasesAndNorms, weightDecay: 0 }], { lr: 3e-4 }) */
  constructor(params: Params<AdamOptions>, options: AdamOptions = {}, decoupled = false) {
    const where = decoupled ? "AdamW" : "Adam";
    super(params as Params<Record<string, unknown>>, options, where, KEYS, adamGroup(where, decoupled));
    this.decoupled = decoupled;
  }

  get momentum(): number {
    return this.beta1;
  }
  set momentum(v: number) {
    this.beta1 = v;
  }
  /** Group 0's β1; setting it sets every group's. */
  get beta1(): number {
    return this.paramGroups[0]!.betas[0];
  }
  set beta1(v: number) {
    checkNumber(this.kind, "betas[0]", v, 0, 1, true);
    for (const g of this.paramGroups) g.betas = [v, g.betas[1]];
  }
  /** Group 0's β2; setting it sets every group's. */
  get beta2(): number {
    return this.paramGroups[0]!.betas[1];
  }
  set beta2(v: number) {
    checkNumber(this.kind, "betas[1]", v, 0, 1, true);
    for (const g of this.paramGroups) g.betas = [g.betas[0], v];
  }
  /** Group 0's ε; setting it sets every group's. */
  get eps(): number {
    return this.paramGroups[0]!.eps;
  }
  set eps(v: number) {
    this.setAll("eps", checkNumber(this.kind, "eps", v, 0));
  }
  /** Group 0's weight decay; setting it sets every group's. */
  get weightDecay(): number {
    return this.paramGroups[0]!.weightDecay;
  }
  set weightDecay(v: number) {
    this.setAll("weightDecay", checkNumber(this.kind, "weightDecay", v, 0));
  }
  /** Group 0's AMSGrad flag; setting it sets every group's. */
  get amsgrad(): boolean {
    return this.paramGroups[0]!.amsgrad;
  }
  set amsgrad(v: boolean) {
    this.setAll("amsgrad", v);
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
    group: AdamParamGroup,
  ): void {
    const { lr, betas, eps, weightDecay: wd, amsgrad } = group;
    const [b1, b2] = betas;
    const decoupled = this.decoupled;
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

  protected hyper(g: AdamParamGroup): Record<string, number | boolean> {
    return {
      beta1: g.betas[0],
      beta2: g.betas[1],
      eps: g.eps,
      weightDecay: g.weightDecay,
      amsgrad: g.amsgrad,
    };
  }
  protected fromHyper(where: string, h: Record<string, number | boolean>) {
    return {
      betas: [hyperNumber(where, h, "beta1"), hyperNumber(where, h, "beta2")] as const,
      eps: hyperNumber(where, h, "eps"),
      weightDecay: hyperNumber(where, h, "weightDecay"),
      amsgrad: hyperBool(where, h, "amsgrad"),
    };
  }
}

/** Adam with decoupled weight decay (default λ = 0.01, as torch.optim.AdamW). */
export class AdamW extends Adam {
  override readonly kind: string = "AdamW";
  constructor(params: Params<AdamOptions>, options: AdamOptions = {}) {
    super(params, options, true);
  }
}
