// neg: -x.
import { negKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { unaryOp } from "./elementwise-op";

export function neg(x: Tensor): Tensor {
  // d(-x) = -dx
  return unaryOp("neg", x, negKernel, (g) => [neg(g)]);
}
