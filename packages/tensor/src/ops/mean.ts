// mean over any axes = sum / count (NaN for an empty reduction, like 0/0).
import { normalizeDims } from "../shape";
import type { Tensor } from "../tensor";
import { requireFloat } from "./elementwise-op";
import { mul } from "./mul";
import { sum } from "./sum";

export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  requireFloat("mean", x);
  const dims = normalizeDims("mean", dim, x.ndim);
  let count = 1;
  for (const d of dims) count *= x.shape[d]!;
  return mul(sum(x, dims, keepdim), count === 0 ? Number.NaN : 1 / count);
}
