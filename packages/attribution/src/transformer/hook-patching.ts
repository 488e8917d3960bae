// Activation patching on nn's GPT hook points (TransformerLens' patching.get_act_patch_* and Meng et al.
// 2022's causal tracing): run the corrupted prompt with one activation replaced by the clean run's, and
// measure a metric (a logit difference by default). Scans: the residual stream / attention output / MLP
// output per (layer, position), and each head's z per (layer, head) over all positions. Also the building
// blocks: zero / mean ablation and per-head, per-position patch hooks for runWithHooks. Path patching is
// in path-patching.ts. Scores are raw metric values; `normalised` maps corrupted → 0 and clean → 1.
import type { GPT } from "@paramlens/nn";
import { formatShape, noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { AttributionError } from "../errors";
import { type ActivationHook, runWithCache, runWithHooks } from "./activation-cache";

/** A metric of the logits [B, T, V] (e.g. a mean logit difference). */
export type LogitMetric = (logits: Tensor) => number;

/** Mean over the batch of logit[correct] − logit[incorrect] at a position (default −1), TransformerLens' usual metric. */
export function logitDiffMetric(
  correct: number | readonly number[],
  incorrect: number | readonly number[],
  pos = -1,
): LogitMetric {
  return (logits) => {
    const [b, t, v] = logits.shape as [number, number, number];
    const p = pos < 0 ? t + pos : pos;
    const pick = (x: number | readonly number[], i: number) => (typeof x === "number" ? x : x[i]!);
    const data = logits.contiguous().toTypedArray();
    let s = 0;
    for (let i = 0; i < b; i++) {
      const o = (i * t + p) * v;
      s += data[o + pick(correct, i)]! - data[o + pick(incorrect, i)]!;
    }
    return s / b;
  };
}

/** Hook that zeroes the activation (zero ablation). */
export function zeroAblation(): ActivationHook {
  return (t) => noGrad(() => t.mul(0));
}

/** Hook that replaces the activation by its mean over the batch (mean ablation), per position. */
export function meanAblation(): ActivationHook {
  return (t) => noGrad(() => t.mean(0, true).expand(t.shape));
}

/**
 * Hook that copies `source` (same shape, e.g. a cached clean activation) into the activation at the given
 * positions (dim 1) and heads (dim 2 of [B, T, H, ·] points); everything else is kept.
 */
export function patchFrom(
  source: Tensor,
  where: { positions?: readonly number[]; heads?: readonly number[] } = {},
): ActivationHook {
  return (t, name) => {
    if (source.shape.length !== t.shape.length || source.shape.some((s, i) => s !== t.shape[i])) {
      throw new AttributionError(
        "BAD_INPUT",
        "patchFrom",
        `source ${formatShape(source.shape)} does not match ${name} ${formatShape(t.shape)}`,
      );
    }
    if (!where.positions && !where.heads) return source;
    if (where.heads && t.ndim < 4) {
      throw new AttributionError(
        "BAD_OPTION",
        "patchFrom",
        `${name} ${formatShape(t.shape)} has no head dim to pick heads from`,
      );
    }
    // mask [1, T, H|1, 1...]: 1 where patched
    const tLen = t.shape[1]!;
    const hLen = where.heads ? t.shape[2]! : 1;
    const m = new Float32Array(tLen * hLen);
    const ps = where.positions ?? Array.from({ length: tLen }, (_, i) => i);
    const hs = where.heads ?? [0];
    for (const p of ps) for (const h of hs) m[p * hLen + h] = 1;
    const shape = [1, tLen, ...(t.ndim >= 3 ? [hLen] : []), ...new Array(Math.max(0, t.ndim - 3)).fill(1)];
    const mask = tensor(m).reshape(shape);
    return noGrad(() => t.mul(mask.neg().add(1)).add(source.mul(mask)));
  };
}

export type PatchKind = "resid_pre" | "attn_out" | "mlp_out" | "head_z";

export interface PatchingScan {
  /** resid/attn/mlp: [layer][position]; head_z: [layer][head]. */
  scores: number[][];
  /** (score − corrupted) / (clean − corrupted). */
  normalised: number[][];
  clean: number;
  corrupted: number;
}

/** Patches clean activations of one kind into the corrupted run, one (layer, position | head) at a time. */
export function patchingScan(
  model: GPT,
  clean: Tensor,
  corrupted: Tensor,
  kind: PatchKind,
  metric: LogitMetric,
): PatchingScan {
  const op = "patchingScan";
  if (clean.shape.length !== corrupted.shape.length || clean.shape.some((s, i) => s !== corrupted.shape[i])) {
    throw new AttributionError(
      "BAD_INPUT",
      op,
      `clean ${formatShape(clean.shape)} and corrupted ${formatShape(corrupted.shape)} must have one shape`,
    );
  }
  const point = (l: number) =>
    kind === "resid_pre"
      ? `blocks.${l}.hook_resid_pre`
      : kind === "attn_out"
        ? `blocks.${l}.hook_attn_out`
        : kind === "mlp_out"
          ? `blocks.${l}.hook_mlp_out`
          : kind === "head_z"
            ? `blocks.${l}.attn.hook_z`
            : null;
  if (point(0) === null) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `kind must be resid_pre, attn_out, mlp_out or head_z, got ${String(kind).slice(0, 30)}`,
    );
  }
  const nLayers = model.config.nLayers;
  const names = Array.from({ length: nLayers }, (_, l) => point(l)!);
  const { logits: cleanLogits, cache } = runWithCache(model, clean, { names });
  const cleanScore = metric(cleanLogits);
  const corruptedScore = metric(runWithHooks(model, corrupted, {}));
  const t = clean.shape[1]!;
  const scores: number[][] = [];
  for (let l = 0; l < nLayers; l++) {
    const src = cache.get(names[l]!);
    const row: number[] = [];
    const n = kind === "head_z" ? model.config.nHeads : t;
    for (let i = 0; i < n; i++) {
      const hook = kind === "head_z" ? patchFrom(src, { heads: [i] }) : patchFrom(src, { positions: [i] });
      row.push(metric(runWithHooks(model, corrupted, { [names[l]!]: hook })));
    }
    scores.push(row);
  }
  const span = cleanScore - corruptedScore;
  return {
    scores,
    normalised: scores.map((row) => row.map((s) => (span === 0 ? 0 : (s - corruptedScore) / span))),
    clean: cleanScore,
    corrupted: corruptedScore,
  };
}
