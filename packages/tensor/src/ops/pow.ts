// pow: a ** b with broadcasting. The exponent's gradient uses log(a), defined where a > 0; where a <= 0
// it is set to 0 (as PyTorch does for a == 0) instead of NaN.
import { powKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { gt } from "./compare";
import { binaryOp, floatOperands } from "./elementwise-op";
import { log } from "./log";
import { mul } from "./mul";
import { sub } from "./sub";
import { sumToShape } from "./sum";
import { where } from "./where";

export function pow(a: Tensor | number, b: Tensor | number): Tensor {
  const [x, y] = floatOperands("pow", a, b);
  return binaryOp("pow", x, y, powKernel, (g, needs) => [
    // d(a^b)/da = b a^(b-1)
    needs[0] ? sumToShape(mul(g, mul(y, pow(x, sub(y, 1)))), x.shape) : null,
    // d(a^b)/db = a^b log a (0 where a <= 0)
    needs[1] ? sumToShape(mul(g, where(gt(x, 0), mul(pow(x, y), log(x)), 0)), y.shape) : null,
  ]);
}
