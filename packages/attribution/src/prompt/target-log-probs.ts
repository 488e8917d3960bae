// The quantity prompt attribution explains: log p(target_k | prompt, target_<k) of each target token under a
// causal language model, for many (perturbed) prompts. One teacher-forced forward of prompt ++ target gives
// every target token's log-probability at once (a causal model's logits at position t see only tokens ≤ t,
// so this equals Captum's token-by-token loop). Rows of equal length are batched; log-softmax in float64.
import { formatShape, noGrad, Tensor } from "@paramlens/tensor";
import { AttributionError } from "../errors";
import type { ForwardFn } from "../types";

/** Checks a target continuation: a non-empty list of token ids below the vocabulary size (checked later). */
export function checkTarget(op: string, target: readonly number[]): number[] {
  if (!Array.isArray(target) || target.length === 0) {
    throw new AttributionError(
      "BAD_TARGET",
      op,
      "target must be a non-empty list of token ids (or text with a tokenizer)",
    );
  }
  for (const [i, v] of target.entries()) {
    if (!Number.isInteger(v) || v < 0) {
      throw new AttributionError(
        "BAD_TARGET",
        op,
        `target[${i}] = ${String(v).slice(0, 30)} is not a token id`,
      );
    }
  }
  return target.slice();
}

/**
 * out[r·K + k] = log p(target[k] | prompts[r], target[0..k)) for K = target.length. `model` maps int32 ids
 * [N, T] to logits [N, T, V].
 */
export function targetLogProbs(
  op: string,
  model: ForwardFn,
  prompts: readonly (readonly number[])[],
  target: readonly number[],
  batchSize: number,
): Float64Array {
  const k = target.length;
  const out = new Float64Array(prompts.length * k);
  const byLength = new Map<number, number[]>();
  prompts.forEach((p, r) => {
    if (p.length === 0) {
      throw new AttributionError(
        "BAD_INPUT",
        op,
        "a perturbed prompt is empty, so the first target token has nothing to condition on; keep fixed text " +
          "in the template, a BOS token, or non-empty baselines",
      );
    }
    const rows = byLength.get(p.length) ?? [];
    rows.push(r);
    byLength.set(p.length, rows);
  });
  for (const [len, rows] of byLength) {
    const t = len + k - 1; // the last target token is only predicted, never fed
    for (let s = 0; s < rows.length; s += batchSize) {
      const chunk = rows.slice(s, s + batchSize);
      const ids = new Int32Array(chunk.length * t);
      chunk.forEach((r, i) => {
        ids.set(prompts[r]!, i * t);
        for (let j = 0; j < k - 1; j++) ids[i * t + len + j] = target[j]!;
      });
      const logits = noGrad(() => model(new Tensor(ids, [chunk.length, t])));
      if (
        !(logits instanceof Tensor) ||
        logits.ndim !== 3 ||
        logits.shape[0] !== chunk.length ||
        logits.shape[1] !== t
      ) {
        throw new AttributionError(
          "BAD_OUTPUT",
          op,
          `the model must map ids [N, T] = [${chunk.length}, ${t}] to logits [N, T, V], got ${logits instanceof Tensor ? formatShape(logits.shape) : typeof logits}`,
        );
      }
      const v = logits.shape[2]!;
      const data = logits.contiguous().toTypedArray();
      chunk.forEach((r, i) => {
        for (let j = 0; j < k; j++) {
          const tok = target[j]!;
          if (tok >= v)
            throw new AttributionError(
              "BAD_TARGET",
              op,
              `target token ${tok} is outside the vocabulary of ${v}`,
            );
          const o = (i * t + len - 1 + j) * v;
          let m = Number.NEGATIVE_INFINITY;
          for (let c = 0; c < v; c++) m = Math.max(m, data[o + c]!);
          let z = 0;
          for (let c = 0; c < v; c++) z += Math.exp(data[o + c]! - m);
          out[r * k + j] = data[o + tok]! - m - Math.log(z);
        }
      });
    }
  }
  return out;
}
