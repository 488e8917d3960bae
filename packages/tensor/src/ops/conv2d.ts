// conv2d(x, weight, bias?, {stride, padding, dilation, groups}): 2-d convolution (cross-correlation, as in
// PyTorch) over NCHW input, differentiable in x, weight and bias to any order. The arithmetic is in
// kernels/conv2d.ts; this file checks arguments and wires autograd.

import { ShapeError } from "../errors";
import { type Conv2dOptions, conv2dGeometry } from "../kernels/conv-geometry";
import { Tensor } from "../tensor";
import { conv2dWithBias } from "./conv-grad";
import { requireFloat } from "./elementwise-op";

export type { Conv2dOptions };

/**
 * x [N, C_in, H, W] ⋆ weight [C_out, C_in/groups, kH, kW] (+ bias [C_out]) → [N, C_out, H_out, W_out],
 * H_out = ⌊(H + 2·padding − dilation·(kH − 1) − 1) / stride⌋ + 1.
 *
 * @example conv2d(randn([1, 3, 32, 32]), randn([16, 3, 3, 3]), null, { padding: 1 }) // [1, 16, 32, 32]
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  checkOperands("conv2d", x, weight, bias);
  const g = conv2dGeometry(x.shape, weight.shape, options, "conv2d");
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== g.cOut)) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      "conv2d",
      [weight.shape, bias.shape],
      `bias must be [${g.cOut}] (one per output channel)`,
    );
  }
  // bias added inside the conv kernel (no strided broadcast add afterwards); its gradient is Σ dy over N, H, W
  return conv2dWithBias(x, weight, bias ?? null, g);
}

export function checkOperands(op: string, x: Tensor, weight: Tensor, bias: Tensor | null | undefined): void {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: input must be a Tensor`);
  if (!(weight instanceof Tensor)) throw new TypeError(`${op}: weight must be a Tensor`);
  if (bias !== undefined && bias !== null && !(bias instanceof Tensor)) {
    throw new TypeError(`${op}: bias must be a Tensor, null or undefined`);
  }
  requireFloat(op, x);
  requireFloat(op, weight);
  if (bias) requireFloat(op, bias);
}
