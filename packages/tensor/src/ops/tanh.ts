// tanh.
import { tanhKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { unaryOp } from "./elementwise-op";
import { mul } from "./mul";
import { sub } from "./sub";

export function tanh(x: Tensor): Tensor {
  // d(tanh x) = (1 - tanh² x) dx (reuses the output)
  const y: Tensor = unaryOp("tanh", x, tanhKernel, (g) => [mul(g, sub(1, mul(y, y)))]);
  return y;
}
