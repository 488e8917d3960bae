// mul: a * b with broadcasting.
import { mulKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { binaryOp, floatOperands } from "./elementwise-op";
import { sumToShape } from "./sum";

export function mul(a: Tensor | number, b: Tensor | number): Tensor {
  const [x, y] = floatOperands("mul", a, b);
  // d(a * b) = b da + a db
  return binaryOp("mul", x, y, mulKernel, (g, needs) => [
    needs[0] ? sumToShape(mul(g, y), x.shape) : null,
    needs[1] ? sumToShape(mul(g, x), y.shape) : null,
  ]);
}
