// add: a + b with broadcasting.
import { addKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { binaryOp, floatOperands } from "./elementwise-op";
import { sumToShape } from "./sum";

export function add(a: Tensor | number, b: Tensor | number): Tensor {
  const [x, y] = floatOperands("add", a, b);
  // d(a + b) = da + db
  return binaryOp("add", x, y, addKernel, (g, needs) => [
    needs[0] ? sumToShape(g, x.shape) : null,
    needs[1] ? sumToShape(g, y.shape) : null,
  ]);
}
