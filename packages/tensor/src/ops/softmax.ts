// softmax and logSoftmax along one dim, shifted by the row max for stability (no NaN from large logits).
import { normalizeDim } from "../shape";
import type { Tensor } from "../tensor";
import { div } from "./div";
import { exp } from "./exp";
import { log } from "./log";
import { stableShift } from "./logsumexp";
import { sub } from "./sub";
import { sum } from "./sum";

export function softmax(x: Tensor, dim = -1): Tensor {
  const d = normalizeDim("softmax", dim, x.ndim);
  const e = exp(sub(x, stableShift(x, [d])));
  return div(e, sum(e, d, true));
}

/** (x - m) - log Σ exp(x - m): subtracting the shift first keeps small differences between huge logits. */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  const d = normalizeDim("logSoftmax", dim, x.ndim);
  const shifted = sub(x, stableShift(x, [d]));
  return sub(shifted, log(sum(exp(shifted), d, true)));
}
