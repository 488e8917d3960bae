// gelu, exact (x·Φ(x) with erf) or the tanh approximation.
// Source: Hendrycks & Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415, eq. for the
// tanh form: 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))).
import type { Tensor } from "../tensor";
import { add } from "./add";
import { requireFloat } from "./elementwise-op";
import { erf } from "./erf";
import { mul } from "./mul";
import { tanh } from "./tanh";

export type GeluApproximation = "none" | "tanh";

export function gelu(x: Tensor, approximate: GeluApproximation = "none"): Tensor {
  requireFloat("gelu", x);
  if (approximate === "none") return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
  if (approximate === "tanh") {
    const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  }
  throw new RangeError(`gelu: approximate must be "none" or "tanh", got ${String(approximate)}`);
}
