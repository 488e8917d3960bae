// softplus(x) = log(1 + e^x), computed as max(x,0) + log1p(e^-|x|) so large logits do not overflow.
import { softplusKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { unaryOp } from "./elementwise-op";
import { mul } from "./mul";
import { sigmoid } from "./sigmoid";

export function softplus(x: Tensor): Tensor {
  // d(softplus x) = σ(x) dx
  return unaryOp("softplus", x, softplusKernel, (g) => [mul(g, sigmoid(x))]);
}
