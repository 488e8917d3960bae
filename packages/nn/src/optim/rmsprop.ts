// RMSprop (Hinton, Coursera lecture 6e) as torch.optim.RMSprop: square-average with decay α, optional
// centering (Graves 2013, arXiv:1308.0850 eq. 38–45) and momentum; ε added after the square root.
import type { Tensor } from "@paramlens/tensor";
import { checkNumber } from "./errors";
import { hyperBool, hyperNumber, Optimizer } from "./optimizer";

export interface RMSpropOptions {
  /** Default 1e-2. */
  lr?: number;
  /** Square-average decay, default 0.99. */
  alpha?: number;
  /** Default 1e-8. */
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
}

export class RMSprop extends Optimizer {
  readonly kind = "RMSprop";
  alpha: number;
  eps: number;
  weightDecay: number;
  private mom: number;
  centered: boolean;

  constructor(params: Iterable<Tensor>, options: RMSpropOptions = {}) {
    super(params, checkNumber("RMSprop", "lr", options.lr ?? 1e-2, 0), "RMSprop");
    this.alpha = checkNumber("RMSprop", "alpha", options.alpha ?? 0.99, 0, 1);
    this.eps = checkNumber("RMSprop", "eps", options.eps ?? 1e-8, 0);
    this.weightDecay = checkNumber("RMSprop", "weightDecay", options.weightDecay ?? 0, 0);
    this.mom = checkNumber("RMSprop", "momentum", options.momentum ?? 0, 0);
    this.centered = options.centered ?? false;
  }

  get momentum(): number {
    return this.mom;
  }
  set momentum(v: number) {
    this.mom = checkNumber("RMSprop", "momentum", v, 0);
  }

  protected update(i: number, p: Float32Array, po: number, g: Float32Array, go: number, n: number): void {
    const { lr, alpha, eps, weightDecay: wd, mom, centered } = this;
    const sq = this.buffer(i, "square_avg", n);
    const ga = centered ? this.buffer(i, "grad_avg", n) : null;
    const buf = mom > 0 ? this.buffer(i, "momentum_buffer", n) : null;
    for (let k = 0; k < n; k++) {
      const gk = g[go + k]! + wd * p[po + k]!;
      sq[k] = alpha * sq[k]! + (1 - alpha) * gk * gk;
      const s = sq[k]!;
      let avg: number;
      if (ga) {
        ga[k] = alpha * ga[k]! + (1 - alpha) * gk;
        const a = ga[k]!;
        avg = Math.sqrt(Math.fround(s - a * a)) + eps;
      } else avg = Math.sqrt(s) + eps;
      if (buf) {
        buf[k] = mom * buf[k]! + gk / avg;
        p[po + k] = p[po + k]! - lr * buf[k]!;
      } else p[po + k] = p[po + k]! - (lr * gk) / avg;
    }
  }

  protected hyper(): Record<string, number | boolean> {
    return {
      alpha: this.alpha,
      eps: this.eps,
      weightDecay: this.weightDecay,
      momentum: this.mom,
      centered: this.centered,
    };
  }
  protected setHyper(h: Record<string, number | boolean>): void {
    this.alpha = hyperNumber("RMSprop", h, "alpha");
    this.eps = hyperNumber("RMSprop", h, "eps");
    this.weightDecay = hyperNumber("RMSprop", h, "weightDecay");
    this.mom = hyperNumber("RMSprop", h, "momentum");
    this.centered = hyperBool("RMSprop", h, "centered");
  }
}
