// maxPool2d(x, {kernelSize, stride, padding}): 2-d max pooling over NCHW input (floor mode, no dilation),
// differentiable to any order: the gradient scatters to each window's argmax, and that scatter's own
// gradient gathers from the same positions.

import { record } from "../autograd/node";
import { backend } from "../backend/active";
import { type Pool2dGeometry, type Pool2dOptions, pool2dGeometry } from "../kernels/pool-geometry";
import { Tensor } from "../tensor";
import { flatFloat } from "./conv-grad";
import { requireFloat } from "./elementwise-op";

export type { Pool2dOptions };

/**
 * x [N, C, H, W] → [N, C, H_out, W_out], H_out = ⌊(H + 2·padding − kH) / stride⌋ + 1; stride defaults to
 * kernelSize. NaN in a window wins, as in PyTorch.
 *
 * @example maxPool2d(randn([1, 3, 8, 8]), { kernelSize: 2 }) // [1, 3, 4, 4]
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError("maxPool2d: input must be a Tensor");
  requireFloat("maxPool2d", x);
  const g = pool2dGeometry(x.shape, options, "maxPool2d");
  return maxPoolWithIndices(x, g).values;
}

/** Like maxPool2d, also returning each window's argmax as a flat index into its H×W plane (int32). */
export function maxPool2dWithIndices(x: Tensor, options: Pool2dOptions): { values: Tensor; indices: Tensor } {
  if (!(x instanceof Tensor)) throw new TypeError("maxPool2dWithIndices: input must be a Tensor");
  requireFloat("maxPool2dWithIndices", x);
  const g = pool2dGeometry(x.shape, options, "maxPool2dWithIndices");
  return maxPoolWithIndices(x, g);
}

function maxPoolWithIndices(x: Tensor, g: Pool2dGeometry): { values: Tensor; indices: Tensor } {
  const { y, indices } = backend().maxPool2dForward(flatFloat(x), g);
  const shape = [g.n, g.c, g.outH, g.outW];
  const values = new Tensor(y, shape);
  // d maxPool = scatter of dy to the argmax positions
  record(values, "maxPool2d", [x], (dy) => [scatterToArgmax(dy, indices, g)]);
  // a copy, so editing the returned indices cannot corrupt the backward pass
  return { values, indices: new Tensor(indices.slice(), shape) };
}

/** dy [N, C, H_out, W_out] → [N, C, H, W], each value added at its window's argmax. */
function scatterToArgmax(dy: Tensor, indices: Int32Array, g: Pool2dGeometry): Tensor {
  const dx = new Tensor(backend().maxPool2dBackward(flatFloat(dy), indices, g), [g.n, g.c, g.h, g.w]);
  // linear in dy; its adjoint reads the argmax positions back
  return record(dx, "maxPool2dBackward", [dy], (gx) => [gatherAtArgmax(gx, indices, g)]);
}

/** gx [N, C, H, W] → [N, C, H_out, W_out], reading each window's argmax position. */
function gatherAtArgmax(gx: Tensor, indices: Int32Array, g: Pool2dGeometry): Tensor {
  const src = flatFloat(gx);
  const P = g.outH * g.outW;
  const plane = g.h * g.w;
  const out = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = src[Math.floor(i / P) * plane + indices[i]!]!;
  const y = new Tensor(out, [g.n, g.c, g.outH, g.outW]);
  return record(y, "maxPool2dGather", [gx], (gy) => [scatterToArgmax(gy, indices, g)]);
}
