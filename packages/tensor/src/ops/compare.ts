// Comparisons eq/ne/lt/le/gt/ge with broadcasting. Both dtypes, mixed allowed (compared as numbers).
// They return float32 masks of 0/1 (there is no bool dtype) and record no gradient.
import {
  type BinaryKernel,
  eqKernel,
  geKernel,
  gtKernel,
  leKernel,
  ltKernel,
  neKernel,
} from "../kernels/elementwise";
import type { Tensor } from "../tensor";
import { asTensor, binaryOp } from "./elementwise-op";

function compare(op: string, kernel: BinaryKernel, a: Tensor | number, b: Tensor | number): Tensor {
  const ta = typeof a === "number" ? asTensor(a, typeof b === "number" ? undefined : b) : a;
  const tb = asTensor(b, ta);
  return binaryOp(op, ta, tb, kernel, null);
}

export function eq(a: Tensor | number, b: Tensor | number): Tensor {
  return compare("eq", eqKernel, a, b);
}
export function ne(a: Tensor | number, b: Tensor | number): Tensor {
  return compare("ne", neKernel, a, b);
}
export function lt(a: Tensor | number, b: Tensor | number): Tensor {
  return compare("lt", ltKernel, a, b);
}
export function le(a: Tensor | number, b: Tensor | number): Tensor {
  return compare("le", leKernel, a, b);
}
export function gt(a: Tensor | number, b: Tensor | number): Tensor {
  return compare("gt", gtKernel, a, b);
}
export function ge(a: Tensor | number, b: Tensor | number): Tensor {
  return compare("ge", geKernel, a, b);
}
