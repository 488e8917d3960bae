// convTranspose2d(x, weight, bias?, {stride, padding, outputPadding, dilation, groups}): the transposed
// ("fractionally strided") convolution, i.e. the input-gradient of conv2d, with PyTorch's weight layout
// [C_in, C_out/groups, kH, kW]. Differentiable to any order through the conv-grad primitives.

import { ShapeError } from "../errors";
import { type ConvTranspose2dOptions, convTranspose2dGeometry } from "../kernels/conv-geometry";
import type { Tensor } from "../tensor";
import { add } from "./add";
import { conv2dInputGrad } from "./conv-grad";
import { checkOperands } from "./conv2d";
import { reshape } from "./reshape";

export type { ConvTranspose2dOptions };

/**
 * x [N, C_in, H, W], weight [C_in, C_out/groups, kH, kW] (+ bias [C_out]) → [N, C_out, H_out, W_out],
 * H_out = (H − 1)·stride − 2·padding + dilation·(kH − 1) + outputPadding + 1.
 *
 * @example convTranspose2d(randn([1, 8, 4, 4]), randn([8, 3, 2, 2]), null, { stride: 2 }) // [1, 3, 8, 8]
 */
export function convTranspose2d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvTranspose2dOptions = {},
): Tensor {
  checkOperands("convTranspose2d", x, weight, bias);
  const g = convTranspose2dGeometry(x.shape, weight.shape, options, "convTranspose2d");
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== g.cIn)) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      "convTranspose2d",
      [weight.shape, bias.shape],
      `bias must be [${g.cIn}] (one per output channel)`,
    );
  }
  // the transposed conv is the input-gradient of the forward conv described by g
  const y = conv2dInputGrad(x, weight, g);
  return bias ? add(y, reshape(bias, [1, g.cIn, 1, 1])) : y;
}
