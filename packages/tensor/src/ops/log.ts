// log: natural logarithm (-Infinity at 0, NaN below).
import { logKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { div } from "./div";
import { unaryOp } from "./elementwise-op";

export function log(x: Tensor): Tensor {
  // d(log x) = dx / x
  return unaryOp("log", x, logKernel, (g) => [div(g, x)]);
}
