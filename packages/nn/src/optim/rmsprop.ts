// RMSprop (Hinton, Coursera lecture 6e) as torch.optim.RMSprop: square-average with decay α, optional
// centering (Graves 2013, arXiv:1308.0850 eq. 38–45) and momentum; ε added after the square root.
// Options can differ per parameter group.
import type { Tensor } from "@paramlens/tensor";
import { checkNumber, OptimizerError } from "./errors";
import { hyperBool, hyperNumber, Optimizer, type ParamGroup, type Params } from "./optimizer";

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

/** An RMSprop parameter group with every option resolved. */
export interface RMSpropParamGroup extends ParamGroup {
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
}

const KEYS = ["lr", "alpha", "eps", "weightDecay", "momentum", "centered"] as const;

function rmspropGroup(
  o: Record<string, unknown>,
  f: (k: string) => string,
): Omit<RMSpropParamGroup, "params"> {
  const w = "RMSprop";
  const centered = o.centered ?? false;
  if (typeof centered !== "boolean") {
    throw new OptimizerError("OPTION", `${w}: ${f("centered")} must be a boolean, got ${String(centered)}`);
  }
  return {
    lr: checkNumber(w, f("lr"), o.lr ?? 1e-2, 0),
    alpha: checkNumber(w, f("alpha"), o.alpha ?? 0.99, 0, 1),
    eps: checkNumber(w, f("eps"), o.eps ?? 1e-8, 0),
    weightDecay: checkNumber(w, f("weightDecay"), o.weightDecay ?? 0, 0),
    momentum: checkNumber(w, f("momentum"), o.momentum ?? 0, 0),
    centered,
  };
}

export class RMSprop extends Optimizer<RMSpropParamGroup> {
  readonly kind = "RMSprop";

  constructor(params: Params<RMSpropOptions>, options: RMSpropOptions = {}) {
    super(params as Params<Record<string, unknown>>, options, "RMSprop", KEYS, rmspropGroup);
  }

  get momentum(): number {
    return this.paramGroups[0]!.momentum;
  }
  set momentum(v: number) {
    this.setAll("momentum", checkNumber("RMSprop", "momentum", v, 0));
  }
  /** Group 0's α; setting it sets every group's. */
  get alpha(): number {
    return this.paramGroups[0]!.alpha;
  }
  set alpha(v: number) {
    this.setAll("alpha", checkNumber("RMSprop", "alpha", v, 0, 1));
  }
  /** Group 0's ε; setting it sets every group's. */
  get eps(): number {
    return this.paramGroups[0]!.eps;
  }
  set eps(v: number) {
    this.setAll("eps", checkNumber("RMSprop", "eps", v, 0));
  }
  /** Group 0's weight decay; setting it sets every group's. */
  get weightDecay(): number {
    return this.paramGroups[0]!.weightDecay;
  }
  set weightDecay(v: number) {
    this.setAll("weightDecay", checkNumber("RMSprop", "weightDecay", v, 0));
  }
  /** Group 0's centered flag; setting it sets every group's. */
  get centered(): boolean {
    return this.paramGroups[0]!.centered;
  }
  set centered(v: boolean) {
    this.setAll("centered", v);
  }

  protected update(
    i: number,
    p: Float32Array,
    po: number,
    g: Float32Array,
    go: number,
    n: number,
    _param: Tensor,
    _grad: Tensor,
    group: RMSpropParamGroup,
  ): void {
    const { lr, alpha, eps, weightDecay: wd, momentum: mom, centered } = group;
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

  protected hyper(g: RMSpropParamGroup): Record<string, number | boolean> {
    return {
      alpha: g.alpha,
      eps: g.eps,
      weightDecay: g.weightDecay,
      momentum: g.momentum,
      centered: g.centered,
    };
  }
  protected fromHyper(where: string, h: Record<string, number | boolean>) {
    return {
      alpha: hyperNumber(where, h, "alpha"),
      eps: hyperNumber(where, h, "eps"),
      weightDecay: hyperNumber(where, h, "weightDecay"),
      momentum: hyperNumber(where, h, "momentum"),
      centered: hyperBool(where, h, "centered"),
    };
  }
}
