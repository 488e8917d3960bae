// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay, the update
// of torch.optim.SGD (PyTorch docs, "SGD" algorithm box): the first momentum step copies the gradient.
import type { Tensor } from "@paramlens/tensor";
import { checkNumber, OptimizerError } from "./errors";
import { hyperBool, hyperNumber, Optimizer } from "./optimizer";

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  /** L2 penalty added to the gradient (coupled, unlike AdamW). */
  weightDecay?: number;
  nesterov?: boolean;
}

export class SGD extends Optimizer {
  readonly kind = "SGD";
  private mom: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;

  constructor(params: Iterable<Tensor>, options: SGDOptions) {
    super(params, checkNumber("SGD", "lr", options.lr, 0), "SGD");
    this.mom = checkNumber("SGD", "momentum", options.momentum ?? 0, 0);
    this.dampening = checkNumber("SGD", "dampening", options.dampening ?? 0, 0, 1);
    this.weightDecay = checkNumber("SGD", "weightDecay", options.weightDecay ?? 0, 0);
    this.nesterov = options.nesterov ?? false;
    if (this.nesterov && (this.mom <= 0 || this.dampening !== 0)) {
      throw new OptimizerError(
        "OPTION",
        `SGD: nesterov needs momentum > 0 and dampening 0, got momentum ${this.mom} and dampening ${this.dampening}`,
      );
    }
  }

  get momentum(): number {
    return this.mom;
  }
  set momentum(v: number) {
    this.mom = checkNumber("SGD", "momentum", v, 0);
  }

  protected update(i: number, p: Float32Array, po: number, g: Float32Array, go: number, n: number): void {
    const { lr, mom, dampening, weightDecay: wd, nesterov } = this;
    if (mom === 0) {
      for (let k = 0; k < n; k++) p[po + k] = p[po + k]! - lr * (g[go + k]! + wd * p[po + k]!);
      return;
    }
    const first = !this.hasBuffer(i, "momentum_buffer");
    const buf = this.buffer(i, "momentum_buffer", n);
    for (let k = 0; k < n; k++) {
      const d = g[go + k]! + wd * p[po + k]!;
      // b = d on the first step, then b = μ b + (1 − dampening) d; stored in float32 like PyTorch's buffer
      buf[k] = first ? d : mom * buf[k]! + (1 - dampening) * d;
      const b = buf[k]!;
      p[po + k] = p[po + k]! - lr * (nesterov ? d + mom * b : b);
    }
  }

  protected hyper(): Record<string, number | boolean> {
    return {
      momentum: this.mom,
      dampening: this.dampening,
      weightDecay: this.weightDecay,
      nesterov: this.nesterov,
    };
  }
  protected setHyper(h: Record<string, number | boolean>): void {
    this.mom = hyperNumber("SGD", h, "momentum");
    this.dampening = hyperNumber("SGD", h, "dampening");
    this.weightDecay = hyperNumber("SGD", h, "weightDecay");
    this.nesterov = hyperBool("SGD", h, "nesterov");
  }
}
