// sqrt: √x (NaN for x < 0).
import { sqrtKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { div } from "./div";
import { unaryOp } from "./elementwise-op";
import { mul } from "./mul";

export function sqrt(x: Tensor): Tensor {
  // d(√x) = dx / (2√x) (reuses the output)
  const y: Tensor = unaryOp("sqrt", x, sqrtKernel, (g) => [div(g, mul(y, 2))]);
  return y;
}
