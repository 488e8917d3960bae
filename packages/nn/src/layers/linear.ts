// Linear: y = x Wᵀ + b. weight [out, in], bias [out]. Default init as PyTorch's reset_parameters:
// weight kaiming_uniform(a=√5) = U(±1/√in), bias U(±1/√in). Source: torch/nn/modules/linear.py.

import { type Tensor, zeros } from "@paramlens/tensor";
import { linear } from "../functional/linear";
import { kaimingUniform, uniform } from "../init/init";
import { Module } from "../module";
import { parameter } from "../parameter";
import { positiveInt } from "./check";
import { initSkipped } from "./skip-init";

export interface LinearOptions {
  /** add a learned bias (default true) */
  bias?: boolean;
}

export class Linear extends Module {
  static readonly typeName = "Linear";
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.inFeatures = positiveInt("Linear", "inFeatures", inFeatures);
    this.outFeatures = positiveInt("Linear", "outFeatures", outFeatures);
    this.registerParameter("weight", parameter(zeros([outFeatures, inFeatures])));
    this.registerParameter("bias", options.bias === false ? null : parameter(zeros([outFeatures])));
    if (!initSkipped()) this.resetParameters();
  }

  /** [out, in] */
  get weight(): Tensor {
    return this.param("weight");
  }

  /** [out], or null without bias */
  get bias(): Tensor | null {
    return this.paramOrNull("bias");
  }

  resetParameters(): void {
    kaimingUniform(this.weight, { a: Math.sqrt(5) });
    const b = this.bias;
    if (b) {
      const bound = 1 / Math.sqrt(this.inFeatures);
      uniform(b, -bound, bound);
    }
  }

  override forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
