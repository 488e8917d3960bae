// logsumexp = m + log Σ exp(x - m) with m the (detached) max, so large logits never overflow. Rows that
// are all -Infinity give -Infinity, not NaN.
import { normalizeDims } from "../shape";
import type { Tensor } from "../tensor";
import { abs } from "./abs";
import { add } from "./add";
import { lt } from "./compare";
import { requireFloat } from "./elementwise-op";
import { exp } from "./exp";
import { log } from "./log";
import { max } from "./max";
import { squeeze } from "./reshape";
import { sub } from "./sub";
import { sum } from "./sum";
import { where } from "./where";

/** The detached max over dims (keepdim), with non-finite maxima replaced by 0 so x - m stays finite. */
export function stableShift(x: Tensor, dims: readonly number[]): Tensor {
  const m = max(x.detach(), dims, true);
  return where(lt(abs(m), Number.POSITIVE_INFINITY), m, 0);
}

export function logsumexp(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  requireFloat("logsumexp", x);
  const dims = normalizeDims("logsumexp", dim, x.ndim);
  const m = stableShift(x, dims);
  const r = add(log(sum(exp(sub(x, m)), dims, true)), m);
  return keepdim ? r : squeeze(r, dims);
}
