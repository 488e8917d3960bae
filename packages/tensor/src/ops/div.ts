// div: a / b with broadcasting (IEEE semantics: x/0 = ±Infinity, 0/0 = NaN).
import { divKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { binaryOp, floatOperands } from "./elementwise-op";
import { mul } from "./mul";
import { neg } from "./neg";
import { sumToShape } from "./sum";

export function div(a: Tensor | number, b: Tensor | number): Tensor {
  const [x, y] = floatOperands("div", a, b);
  // d(a / b) = da / b - a db / b^2
  return binaryOp("div", x, y, divKernel, (g, needs) => [
    needs[0] ? sumToShape(div(g, y), x.shape) : null,
    needs[1] ? sumToShape(neg(div(mul(g, x), mul(y, y))), y.shape) : null,
  ]);
}
