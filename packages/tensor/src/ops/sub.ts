// sub: a - b with broadcasting.
import { subKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { binaryOp, floatOperands } from "./elementwise-op";
import { neg } from "./neg";
import { sumToShape } from "./sum";

export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  const [x, y] = floatOperands("sub", a, b);
  // d(a - b) = da - db
  return binaryOp("sub", x, y, subKernel, (g, needs) => [
    needs[0] ? sumToShape(g, x.shape) : null,
    needs[1] ? sumToShape(neg(g), y.shape) : null,
  ]);
}
