// exp: e^x.
import { expKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { unaryOp } from "./elementwise-op";
import { mul } from "./mul";

export function exp(x: Tensor): Tensor {
  // d(e^x) = e^x dx (reuses the output)
  const y: Tensor = unaryOp("exp", x, expKernel, (g) => [mul(g, y)]);
  return y;
}
