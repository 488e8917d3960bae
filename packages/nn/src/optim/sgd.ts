// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay, the update
// of torch.optim.SGD (PyTorch docs, "SGD" algorithm box): the first momentum step copies the gradient.
// Every option maps onto @paramlens/tensor's fused sgdStep_ (the active backend's kernel, wasm SIMD after
// initBackend()), so the update runs there; this class keeps the groups' options, the momentum buffer and
// the state. Options can differ per parameter group (see Optimizer).
import { noGrad, sgdStep_, Tensor } from "@paramlens/tensor";
import { checkNumber, OptimizerError } from "./errors";
import { hyperBool, hyperNumber, Optimizer, type ParamGroup, type Params } from "./optimizer";

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  /** L2 penalty added to the gradient (coupled, unlike AdamW). */
  weightDecay?: number;
  nesterov?: boolean;
}

/** An SGD parameter group with every option resolved. */
export interface SGDParamGroup extends ParamGroup {
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
}

const KEYS = ["lr", "momentum", "dampening", "weightDecay", "nesterov"] as const;

function sgdGroup(o: Record<string, unknown>, f: (k: string) => string): Omit<SGDParamGroup, "params"> {
  const lr = checkNumber("SGD", f("lr"), o.lr, 0);
  const momentum = checkNumber("SGD", f("momentum"), o.momentum ?? 0, 0);
  const dampening = checkNumber("SGD", f("dampening"), o.dampening ?? 0, 0, 1);
  const weightDecay = checkNumber("SGD", f("weightDecay"), o.weightDecay ?? 0, 0);
  const nesterov = o.nesterov ?? false;
  if (typeof nesterov !== "boolean") {
    throw new OptimizerError("OPTION", `SGD: ${f("nesterov")} must be a boolean, got ${String(nesterov)}`);
  }
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new OptimizerError(
      "OPTION",
      `SGD: ${f("nesterov")} needs momentum > 0 and dampening 0, got momentum ${momentum} and dampening ${dampening}`,
    );
  }
  return { lr, momentum, dampening, weightDecay, nesterov };
}

export class SGD extends Optimizer<SGDParamGroup> {
  readonly kind = "SGD";

  /**
   * @example new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })
   * @example new SGD([{ params: weights, weightDecay: 1e-4 }, { params: biases }], { lr: 0.1 })
   */
  constructor(params: Params<SGDOptions>, options: SGDOptions) {
    super(params as Params<Record<string, unknown>>, options, "SGD", KEYS, sgdGroup);
  }

  get momentum(): number {
    return this.paramGroups[0]!.momentum;
  }
  set momentum(v: number) {
    this.setAll("momentum", checkNumber("SGD", "momentum", v, 0));
  }
  /** Group 0's dampening; setting it sets every group's. */
  get dampening(): number {
    return this.paramGroups[0]!.dampening;
  }
  set dampening(v: number) {
    this.setAll("dampening", checkNumber("SGD", "dampening", v, 0, 1));
  }
  /** Group 0's weight decay; setting it sets every group's. */
  get weightDecay(): number {
    return this.paramGroups[0]!.weightDecay;
  }
  set weightDecay(v: number) {
    this.setAll("weightDecay", checkNumber("SGD", "weightDecay", v, 0));
  }
  /** Group 0's nesterov flag; setting it sets every group's. */
  get nesterov(): boolean {
    return this.paramGroups[0]!.nesterov;
  }
  set nesterov(v: boolean) {
    this.setAll("nesterov", v);
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
    group: SGDParamGroup,
  ): void {
    const { lr, momentum, dampening, weightDecay, nesterov } = group;
    // PyTorch creates the buffer on the first momentum step and sets it to the gradient (firstStep).
    const firstStep = momentum !== 0 && !this.hasBuffer(i, "momentum_buffer");
    // velocity [param.shape] wraps the stored Float32Array, so the kernel updates the state in place
    const velocity = momentum === 0 ? null : new Tensor(this.buffer(i, "momentum_buffer", n), param.shape);
    noGrad(() =>
      sgdStep_(param, grad, velocity, { lr, momentum, dampening, weightDecay, nesterov, firstStep }),
    );
  }

  protected hyper(g: SGDParamGroup): Record<string, number | boolean> {
    return { momentum: g.momentum, dampening: g.dampening, weightDecay: g.weightDecay, nesterov: g.nesterov };
  }
  protected fromHyper(where: string, h: Record<string, number | boolean>) {
    return {
      momentum: hyperNumber(where, h, "momentum"),
      dampening: hyperNumber(where, h, "dampening"),
      weightDecay: hyperNumber(where, h, "weightDecay"),
      nesterov: hyperBool(where, h, "nesterov"),
    };
  }
}
