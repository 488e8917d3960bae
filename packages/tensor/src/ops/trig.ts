// sin and cos.
import { cosKernel, sinKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { unaryOp } from "./elementwise-op";
import { mul } from "./mul";
import { neg } from "./neg";

export function sin(x: Tensor): Tensor {
  // d(sin x) = cos x dx
  return unaryOp("sin", x, sinKernel, (g) => [mul(g, cos(x))]);
}

export function cos(x: Tensor): Tensor {
  // d(cos x) = -sin x dx
  return unaryOp("cos", x, cosKernel, (g) => [mul(g, neg(sin(x)))]);
}
