// relu and leakyRelu. The derivative at exactly 0 is taken as 0, as in PyTorch.
import { positiveMaskKernel, reluKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { gt } from "./compare";
import { requireFloat, unaryOp } from "./elementwise-op";
import { mul } from "./mul";
import { where } from "./where";

export function relu(x: Tensor): Tensor {
  // d(relu x) = [x > 0] dx
  return unaryOp("relu", x, reluKernel, (g) => [mul(g, unaryOp("relu-mask", x, positiveMaskKernel, null))]);
}

/** x for x > 0, slope·x otherwise. */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  requireFloat("leakyRelu", x);
  if (!Number.isFinite(slope)) throw new RangeError(`leakyRelu: slope must be finite, got ${slope}`);
  return where(gt(x, 0), x, mul(x, slope));
}
