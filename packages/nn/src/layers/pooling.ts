// MaxPool2d and AvgPool2d modules over tensor's pooling ops (NCHW). stride defaults to kernelSize as in
// PyTorch. Not supported: dilation, ceil_mode, return_indices, divisor_override.
import { avgPool2d, type IntPair, maxPool2d, type Tensor } from "@paramlens/tensor";
import { Module } from "../module";
import { intPair } from "./check";

export interface Pool2dLayerOptions {
  stride?: IntPair;
  padding?: IntPair;
}

export interface AvgPool2dLayerOptions extends Pool2dLayerOptions {
  /** count zero padding in the divisor (PyTorch's default: true) */
  countIncludePad?: boolean;
}

/** Checks the geometry up front (PyTorch: padding at most half the kernel), so a bad layer fails at construction. */
function checkPool(layer: string, kernelSize: IntPair, options: Pool2dLayerOptions): IntPair {
  const k = intPair(layer, "kernelSize", kernelSize, 1);
  intPair(layer, "stride", options.stride ?? kernelSize, 1);
  const p = intPair(layer, "padding", options.padding ?? 0, 0);
  if (p[0] > k[0] / 2 || p[1] > k[1] / 2) {
    throw new RangeError(
      `${layer}: padding ${JSON.stringify(options.padding)} must be at most half of kernelSize ${JSON.stringify(kernelSize)}`,
    );
  }
  return kernelSize;
}

export class MaxPool2d extends Module {
  static readonly typeName = "MaxPool2d";
  readonly kernelSize: IntPair;
  readonly stride: IntPair;
  readonly padding: IntPair;

  constructor(kernelSize: IntPair, options: Pool2dLayerOptions = {}) {
    super();
    this.kernelSize = checkPool(this.typeName, kernelSize, options);
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
  }

  /** x [N, C, H, W] → [N, C, H_out, W_out] */
  override forward(x: Tensor): Tensor {
    return maxPool2d(x, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding });
  }

  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}`;
  }
}

export class AvgPool2d extends Module {
  static readonly typeName = "AvgPool2d";
  readonly kernelSize: IntPair;
  readonly stride: IntPair;
  readonly padding: IntPair;
  readonly countIncludePad: boolean;

  constructor(kernelSize: IntPair, options: AvgPool2dLayerOptions = {}) {
    super();
    this.kernelSize = checkPool(this.typeName, kernelSize, options);
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.countIncludePad = options.countIncludePad ?? true;
  }

  /** x [N, C, H, W] → [N, C, H_out, W_out] */
  override forward(x: Tensor): Tensor {
    return avgPool2d(x, {
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      countIncludePad: this.countIncludePad,
    });
  }

  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}`;
  }
}
