// sigmoid and logSigmoid, both stable for large |x|.
import { sigmoidKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { requireFloat, unaryOp } from "./elementwise-op";
import { mul } from "./mul";
import { neg } from "./neg";
import { softplus } from "./softplus";
import { sub } from "./sub";

export function sigmoid(x: Tensor): Tensor {
  // d(σ(x)) = σ(x)(1 - σ(x)) dx (reuses the output)
  const y: Tensor = unaryOp("sigmoid", x, sigmoidKernel, (g) => [mul(g, mul(y, sub(1, y)))]);
  return y;
}

/** log σ(x) = -softplus(-x), finite for every finite x. */
export function logSigmoid(x: Tensor): Tensor {
  requireFloat("logSigmoid", x);
  return neg(softplus(neg(x)));
}
