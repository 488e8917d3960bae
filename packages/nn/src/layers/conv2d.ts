// Conv2d over NCHW input with PyTorch's stride, padding, dilation and groups. weight [out, in/groups, kH, kW],
// bias [out]. Default init as torch/nn/modules/conv.py reset_parameters: kaiming_uniform(a=√5) = U(±1/√fanIn)
// and bias U(±1/√fanIn), fanIn = in/groups·kH·kW. String padding ("same") is not supported.
import { type Conv2dOptions, conv2d, type IntPair, type Tensor, zeros } from "@paramlens/tensor";
import { kaimingUniform, uniform } from "../init/init";
import { Module } from "../module";
import { parameter } from "../parameter";
import { intPair as pair, positiveInt } from "./check";

export interface Conv2dLayerOptions extends Conv2dOptions {
  /** add a learned bias (default true) */
  bias?: boolean;
}

export class Conv2d extends Module {
  static readonly typeName = "Conv2d";
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: IntPair,
    options: Conv2dLayerOptions = {},
  ) {
    super();
    this.inChannels = positiveInt("Conv2d", "inChannels", inChannels);
    this.outChannels = positiveInt("Conv2d", "outChannels", outChannels);
    this.kernelSize = pair("Conv2d", "kernelSize", kernelSize, 1);
    this.stride = pair("Conv2d", "stride", options.stride ?? 1, 1);
    this.padding = pair("Conv2d", "padding", options.padding ?? 0, 0);
    this.dilation = pair("Conv2d", "dilation", options.dilation ?? 1, 1);
    this.groups = positiveInt("Conv2d", "groups", options.groups ?? 1);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new RangeError(
        `Conv2d: inChannels (${inChannels}) and outChannels (${outChannels}) must both be divisible by groups (${this.groups})`,
      );
    }
    const [kH, kW] = this.kernelSize;
    this.registerParameter("weight", parameter(zeros([outChannels, inChannels / this.groups, kH, kW])));
    this.registerParameter("bias", options.bias === false ? null : parameter(zeros([outChannels])));
    this.resetParameters();
  }

  /** [out, in/groups, kH, kW] */
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
      const fanIn = (this.inChannels / this.groups) * this.kernelSize[0] * this.kernelSize[1];
      const bound = 1 / Math.sqrt(fanIn);
      uniform(b, -bound, bound);
    }
  }

  /** x [N, C_in, H, W] → [N, C_out, H_out, W_out] */
  override forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }

  override extraRepr(): string {
    const k = this.kernelSize;
    return `${this.inChannels}, ${this.outChannels}, kernelSize=[${k}], stride=[${this.stride}], padding=[${this.padding}], dilation=[${this.dilation}], groups=${this.groups}, bias=${this.bias !== null}`;
  }
}
