// The k most likely next tokens and their probabilities, softmax(logits) at temperature 1 — what the
// model itself says, whatever the sampling settings — for `generate --json`'s per-step report. It does
// not sample. Computed in float64 with the max subtracted, so large logits do not overflow.

export interface TokenProbability {
  id: number;
  prob: number;
}

/** The `k` highest-probability ids of softmax(logits), most likely first (equal logits: lower id first). */
export function topProbabilities(logits: ArrayLike<number>, k: number): TokenProbability[] {
  const v = logits.length;
  if (v === 0 || k <= 0) return [];
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < v; i++) if ((logits[i] as number) > max) max = logits[i] as number;
  let z = 0;
  for (let i = 0; i < v; i++) z += Math.exp((logits[i] as number) - max);
  // keep the best k in a small sorted list: O(V·k), allocation-free per element, fine for k ≤ ~100
  const best: TokenProbability[] = [];
  for (let i = 0; i < v; i++) {
    const x = logits[i] as number;
    if (best.length === k && x <= (logits[(best[k - 1] as TokenProbability).id] as number)) continue;
    let at = best.length;
    while (at > 0 && x > (logits[(best[at - 1] as TokenProbability).id] as number)) at--;
    best.splice(at, 0, { id: i, prob: 0 });
    if (best.length > k) best.pop();
  }
  for (const b of best) b.prob = Math.exp((logits[b.id] as number) - max) / z;
  return best;
}
