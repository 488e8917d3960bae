// avgPool2d(x, {kernelSize, stride, padding, countIncludePad}): 2-d average pooling over NCHW input (floor
// mode). Linear, so differentiable to any order: its gradient is the adjoint spread, whose gradient is the
// pooling again.

import { record } from "../autograd/node";
import { backend } from "../backend/active";
import { type Pool2dGeometry, type Pool2dOptions, pool2dGeometry } from "../kernels/pool-geometry";
import { Tensor } from "../tensor";
import { flatFloat } from "./conv-grad";
import { requireFloat } from "./elementwise-op";

export interface AvgPool2dOptions extends Pool2dOptions {
  /** count padding cells in the divisor (PyTorch's default: true) */
  countIncludePad?: boolean;
}

/**
 * x [N, C, H, W] → [N, C, H_out, W_out], each output the mean of its window.
 *
 * @example avgPool2d(randn([1, 3, 8, 8]), { kernelSize: 2 }) // [1, 3, 4, 4]
 */
export function avgPool2d(x: Tensor, options: AvgPool2dOptions): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError("avgPool2d: input must be a Tensor");
  requireFloat("avgPool2d", x);
  const g = pool2dGeometry(x.shape, options, "avgPool2d");
  return avgPool(x, g, options.countIncludePad ?? true);
}

function avgPool(x: Tensor, g: Pool2dGeometry, includePad: boolean): Tensor {
  const y = new Tensor(backend().avgPool2dForward(flatFloat(x), g, includePad), [g.n, g.c, g.outH, g.outW]);
  return record(y, "avgPool2d", [x], (dy) => [avgPoolAdjoint(dy, g, includePad)]);
}

function avgPoolAdjoint(dy: Tensor, g: Pool2dGeometry, includePad: boolean): Tensor {
  const dx = new Tensor(backend().avgPool2dBackward(flatFloat(dy), g, includePad), [g.n, g.c, g.h, g.w]);
  return record(dx, "avgPool2dBackward", [dy], (gx) => [avgPool(gx, g, includePad)]);
}
