// elu: x for x > 0, alpha·(e^x - 1) otherwise. The exp branch sees min(x, 0) so that the unused branch
// never overflows (an Infinity there would turn its zero gradient into NaN).
import type { Tensor } from "../tensor";
import { gt } from "./compare";
import { requireFloat } from "./elementwise-op";
import { exp } from "./exp";
import { minimum } from "./maximum";
import { mul } from "./mul";
import { sub } from "./sub";
import { where } from "./where";

export function elu(x: Tensor, alpha = 1): Tensor {
  requireFloat("elu", x);
  if (!Number.isFinite(alpha)) throw new RangeError(`elu: alpha must be finite, got ${alpha}`);
  return where(gt(x, 0), x, mul(sub(exp(minimum(x, 0)), 1), alpha));
}
