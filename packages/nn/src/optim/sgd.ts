// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay, the update
// of torch.optim.SGD (PyTorch docs, "SGD" algorithm box): the first momentum step copies the gradient.
// Every option maps onto @paramlens/tensor's fused sgdStep_ (the active backend's kernel, wasm SIMD after
// initBackend()), so the update runs there; this class keeps the options, the momentum buffer and the state.
import { noGrad, sgdStep_, Tensor } from "@paramlens/tensor";
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

  protected update(
    i: number,
    _p: Float32Array,
    _po: number,
    _g: Float32Array,
    _go: number,
    n: number,
    param: Tensor,
    grad: Tensor,
  ): void {
    const { lr, mom: momentum, dampening, weightDecay, nesterov } = this;
    // PyTorch creates the buffer on the first momentum step and sets it to the gradient (firstStep).
    const firstStep = momentum !== 0 && !this.hasBuffer(i, "momentum_buffer");
    // velocity [param.shape] wraps the stored Float32Array, so the kernel updates the state in place
    const velocity = momentum === 0 ? null : new Tensor(this.buffer(i, "momentum_buffer", n), param.shape);
    noGrad(() =>
      sgdStep_(param, grad, velocity, { lr, momentum, dampening, weightDecay, nesterov, firstStep }),
    );
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
