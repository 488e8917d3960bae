// Conv1d over [N, C, L] (or unbatched [C, L]) input with PyTorch's stride, padding (a number, "valid" or
// "same"), dilation and groups. weight [out, in/groups, k], bias [out]. Default init as
// torch/nn/modules/conv.py reset_parameters: kaiming_uniform(a=√5) = U(±1/√fanIn) and bias U(±1/√fanIn),
// fanIn = in/groups·k. Only zero padding (no padding_mode).
import { type Conv1dOptions, conv1d, type Tensor, zeros } from "@paramlens/tensor";
import { kaimingUniform, uniform } from "../init/init";
import { Module } from "../module";
import { parameter } from "../parameter";
import { nonNegativeInt, positiveInt } from "./check";

export interface Conv1dLayerOptions extends Conv1dOptions {
  /** add a learned bias (default true) */
  bias?: boolean;
}

export class Conv1d extends Module {
  static readonly typeName = "Conv1d";
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number | "same" | "valid";
  readonly dilation: number;
  readonly groups: number;

  constructor(inChannels: number, outChannels: number, kernelSize: number, options: Conv1dLayerOptions = {}) {
    super();
    this.inChannels = positiveInt("Conv1d", "inChannels", inChannels);
    this.outChannels = positiveInt("Conv1d", "outChannels", outChannels);
    this.kernelSize = positiveInt("Conv1d", "kernelSize", kernelSize);
    this.stride = positiveInt("Conv1d", "stride", options.stride ?? 1);
    const padding = options.padding ?? 0;
    this.padding =
      padding === "same" || padding === "valid" ? padding : nonNegativeInt("Conv1d", "padding", padding);
    if (this.padding === "same" && this.stride !== 1) {
      throw new RangeError(`Conv1d: padding "same" needs stride 1, got ${this.stride}`);
    }
    this.dilation = positiveInt("Conv1d", "dilation", options.dilation ?? 1);
    this.groups = positiveInt("Conv1d", "groups", options.groups ?? 1);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new RangeError(
        `Conv1d: inChannels (${inChannels}) and outChannels (${outChannels}) must both be divisible by groups (${this.groups})`,
      );
    }
    this.registerParameter("weight", parameter(zeros([outChannels, inChannels / this.groups, kernelSize])));
    this.registerParameter("bias", options.bias === false ? null : parameter(zeros([outChannels])));
    this.resetParameters();
  }

  /** [out, in/groups, k] */
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
      const bound = 1 / Math.sqrt((this.inChannels / this.groups) * this.kernelSize);
      uniform(b, -bound, bound);
    }
  }

  /** x [N, C_in, L] → [N, C_out, L_out] (or [C_in, L] → [C_out, L_out]) */
  override forward(x: Tensor): Tensor {
    return conv1d(x, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }

  override extraRepr(): string {
    const pad = typeof this.padding === "string" ? `"${this.padding}"` : this.padding;
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize}, stride=${this.stride}, padding=${pad}, dilation=${this.dilation}, groups=${this.groups}, bias=${this.bias !== null}`;
  }
}
