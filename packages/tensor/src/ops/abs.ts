// abs and sign. abs'(0) is taken as 0, as in PyTorch; sign is not differentiable (no graph).
import { absKernel, signKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { unaryOp } from "./elementwise-op";
import { mul } from "./mul";

export function abs(x: Tensor): Tensor {
  // d|x| = sign(x) dx
  return unaryOp("abs", x, absKernel, (g) => [mul(g, sign(x))]);
}

/** -1, 0 or 1 per element (NaN stays NaN). Piecewise constant, so it records no gradient. */
export function sign(x: Tensor): Tensor {
  return unaryOp("sign", x, signKernel, null);
}
