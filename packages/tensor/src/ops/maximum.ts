// maximum and minimum: elementwise, broadcasting, NaN-propagating. At ties the gradient is split
// half/half between the operands, as in PyTorch.
import { maximumKernel, minimumKernel } from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { add } from "./add";
import { eq, gt, lt } from "./compare";
import { binaryOp, floatOperands } from "./elementwise-op";
import { mul } from "./mul";
import { sumToShape } from "./sum";

export function maximum(a: Tensor | number, b: Tensor | number): Tensor {
  const [x, y] = floatOperands("maximum", a, b);
  // d max(a, b) = [a > b] da + [b > a] db (½ each at ties)
  return binaryOp("maximum", x, y, maximumKernel, (g, needs) => {
    const tie = mul(eq(x, y), 0.5);
    return [
      needs[0] ? sumToShape(mul(g, add(gt(x, y), tie)), x.shape) : null,
      needs[1] ? sumToShape(mul(g, add(lt(x, y), tie)), y.shape) : null,
    ];
  });
}

export function minimum(a: Tensor | number, b: Tensor | number): Tensor {
  const [x, y] = floatOperands("minimum", a, b);
  // d min(a, b) = [a < b] da + [b < a] db (½ each at ties)
  return binaryOp("minimum", x, y, minimumKernel, (g, needs) => {
    const tie = mul(eq(x, y), 0.5);
    return [
      needs[0] ? sumToShape(mul(g, add(lt(x, y), tie)), x.shape) : null,
      needs[1] ? sumToShape(mul(g, add(gt(x, y), tie)), y.shape) : null,
    ];
  });
}
