// erf: the Gauss error function (used by exact GELU).
import { erfKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { unaryOp } from "./elementwise-op";
import { exp } from "./exp";
import { mul } from "./mul";
import { neg } from "./neg";

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

export function erf(x: Tensor): Tensor {
  // d(erf x) = 2/√π e^(-x²) dx
  return unaryOp("erf", x, erfKernel, (g) => [mul(g, mul(exp(neg(mul(x, x))), TWO_OVER_SQRT_PI))]);
}
