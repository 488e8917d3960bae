// softmax and logSoftmax along one dim, shifted by the row max for stability (no NaN from large logits).
import { normalizeDim } from "../shape";
import type { Tensor } from "../tensor";
import { div } from "./div";
import { exp } from "./exp";
import { logsumexp, stableShift } from "./logsumexp";
import { sub } from "./sub";
import { sum } from "./sum";

export function softmax(x: Tensor, dim = -1): Tensor {
  const d = normalizeDim("softmax", dim, x.ndim);
  const e = exp(sub(x, stableShift(x, [d])));
  return div(e, sum(e, d, true));
}

export function logSoftmax(x: Tensor, dim = -1): Tensor {
  const d = normalizeDim("logSoftmax", dim, x.ndim);
  return sub(x, logsumexp(x, d, true));
}
