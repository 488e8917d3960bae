// variance and std over any axes with Bessel's correction (default 1, as torch.var). With fewer than
// `correction`+1 elements the division by N - correction gives Infinity or NaN, as in PyTorch.
import { normalizeDims } from "../shape";
import type { Tensor } from "../tensor";
import { div } from "./div";
import { requireFloat } from "./elementwise-op";
import { mean } from "./mean";
import { mul } from "./mul";
import { sqrt } from "./sqrt";
import { sub } from "./sub";
import { sum } from "./sum";

export function variance(
  x: Tensor,
  dim?: number | readonly number[],
  keepdim = false,
  correction = 1,
): Tensor {
  requireFloat("var", x);
  if (!Number.isFinite(correction) || correction < 0) {
    throw new RangeError(`var: correction must be a non-negative number, got ${correction}`);
  }
  const dims = normalizeDims("var", dim, x.ndim);
  let n = 1;
  for (const d of dims) n *= x.shape[d]!;
  const centered = sub(x, mean(x, dims, true));
  return div(sum(mul(centered, centered), dims, keepdim), n - correction);
}

export function std(x: Tensor, dim?: number | readonly number[], keepdim = false, correction = 1): Tensor {
  return sqrt(variance(x, dim, keepdim, correction));
}
