// GroupNorm module: numGroups groups over numChannels channels of [N, C, *] input, with a per-channel
// weight (ones) and bias (zeros) when affine, as torch/nn/modules/normalization.py GroupNorm.
import { ones, type Tensor, zeros } from "@paramlens/tensor";
import { groupNorm } from "../functional/group-norm";
import { Module } from "../module";
import { parameter } from "../parameter";
import { positiveInt, positiveNumber } from "./check";

export interface GroupNormOptions {
  /** default 1e-5 */
  eps?: number;
  /** learn a per-channel weight and bias (default true) */
  affine?: boolean;
}

export class GroupNorm extends Module {
  static readonly typeName = "GroupNorm";
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;

  constructor(numGroups: number, numChannels: number, options: GroupNormOptions = {}) {
    super();
    this.numGroups = positiveInt("GroupNorm", "numGroups", numGroups);
    this.numChannels = positiveInt("GroupNorm", "numChannels", numChannels);
    if (numChannels % numGroups !== 0) {
      throw new RangeError(
        `GroupNorm: numChannels (${numChannels}) must be divisible by numGroups (${numGroups})`,
      );
    }
    this.eps = positiveNumber("GroupNorm", "eps", options.eps ?? 1e-5);
    const affine = options.affine ?? true;
    this.registerParameter("weight", affine ? parameter(ones([numChannels])) : null);
    this.registerParameter("bias", affine ? parameter(zeros([numChannels])) : null);
  }

  /** [C], or null without affine */
  get weight(): Tensor | null {
    return this.paramOrNull("weight");
  }
  /** [C], or null without affine */
  get bias(): Tensor | null {
    return this.paramOrNull("bias");
  }

  /** x [N, C, *] → same shape */
  override forward(x: Tensor): Tensor {
    return groupNorm(x, this.numGroups, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.weight !== null}`;
  }
}
