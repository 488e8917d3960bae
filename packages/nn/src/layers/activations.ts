// Activation modules: thin Module wrappers over tensor's elementwise ops, with PyTorch's defaults.
import {
  type GeluApproximation,
  gelu,
  leakyRelu,
  relu,
  sigmoid,
  silu,
  softmax,
  type Tensor,
  tanh,
} from "@paramlens/tensor";
import { Module } from "../module";

export class ReLU extends Module {
  static readonly typeName = "ReLU";
  override forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class LeakyReLU extends Module {
  static readonly typeName = "LeakyReLU";
  readonly negativeSlope: number;
  /** negativeSlope defaults to 0.01, as in PyTorch */
  constructor(negativeSlope = 0.01) {
    super();
    if (!Number.isFinite(negativeSlope)) {
      throw new RangeError(`LeakyReLU: negativeSlope must be a finite number, got ${negativeSlope}`);
    }
    this.negativeSlope = negativeSlope;
  }
  override forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

export class Sigmoid extends Module {
  static readonly typeName = "Sigmoid";
  override forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Module {
  static readonly typeName = "Tanh";
  override forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export interface GELUOptions {
  /** "none" (exact, erf-based; default) or "tanh" (the GPT-2 approximation) */
  approximate?: GeluApproximation;
}

export class GELU extends Module {
  static readonly typeName = "GELU";
  readonly approximate: GeluApproximation;
  constructor(options: GELUOptions = {}) {
    super();
    const a = options.approximate ?? "none";
    if (a !== "none" && a !== "tanh") {
      throw new RangeError(`GELU: approximate must be "none" or "tanh", got ${JSON.stringify(a)}`);
    }
    this.approximate = a;
  }
  override forward(x: Tensor): Tensor {
    return gelu(x, this.approximate);
  }
  override extraRepr(): string {
    return `approximate=${this.approximate}`;
  }
}

/** x·sigmoid(x) (Swish). */
export class SiLU extends Module {
  static readonly typeName = "SiLU";
  override forward(x: Tensor): Tensor {
    return silu(x);
  }
}

/** Softmax along `dim` (default -1; PyTorch asks for it explicitly). */
export class Softmax extends Module {
  static readonly typeName = "Softmax";
  readonly dim: number;
  constructor(dim = -1) {
    super();
    if (!Number.isInteger(dim)) throw new RangeError(`Softmax: dim must be an integer, got ${dim}`);
    this.dim = dim;
  }
  override forward(x: Tensor): Tensor {
    return softmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
