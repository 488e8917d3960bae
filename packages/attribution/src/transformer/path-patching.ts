// Path patching (Wang et al. 2022, "Interpretability in the Wild", §3.1; Goldowsky-Dill et al. 2023): the
// effect of one sender head on a metric through given receivers only. As TransformerLens' ARENA recipe:
//   1. cache every head's z on the clean and on the corrupted prompt;
//   2. run the corrupted prompt with the sender's z taken from the clean run and every other head's z frozen
//      at its corrupted value (MLPs recomputed), and cache the receivers' inputs (e.g. a later head's
//      hook_q / hook_k / hook_v, or the final residual stream);
//   3. run the corrupted prompt with those receiver inputs patched in, and measure the metric.
// Receivers are hook points, optionally restricted to some heads ([B, T, H, ·] points). With the final
// blocks.{L−1}.hook_resid_post as receiver, a last-layer sender's path effect equals activation patching of
// its z (tested). Scores are raw metric values; `normalised` maps corrupted → 0 and clean → 1.
import type { GPT } from "@paramlens/nn";
import type { Tensor } from "@paramlens/tensor";
import { AttributionError } from "../errors";
import { type ActivationHook, runWithCache, runWithHooks } from "./activation-cache";
import { type LogitMetric, patchFrom } from "./hook-patching";

export interface HeadRef {
  layer: number;
  head: number;
}

export interface PathReceiver {
  /** A hook point, e.g. "blocks.2.attn.hook_q" or "blocks.3.hook_resid_post". */
  name: string;
  /** Only these heads of a [B, T, H, ·] point; default the whole activation. */
  heads?: readonly number[];
}

export interface PathPatchingResult {
  score: number;
  normalised: number;
  clean: number;
  corrupted: number;
}

function layerOf(name: string): number {
  const m = /^blocks\.(\d+)\./.exec(name);
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
}

interface Runs {
  cleanZ: Tensor[];
  corruptZ: Tensor[];
  clean: number;
  corrupted: number;
}

function prepare(model: GPT, clean: Tensor, corrupted: Tensor, metric: LogitMetric): Runs {
  const op = "pathPatching";
  if (clean.shape.length !== corrupted.shape.length || clean.shape.some((s, i) => s !== corrupted.shape[i])) {
    throw new AttributionError("BAD_INPUT", op, "clean and corrupted ids must have one shape");
  }
  const names = Array.from({ length: model.config.nLayers }, (_, l) => `blocks.${l}.attn.hook_z`);
  const c = runWithCache(model, clean, { names });
  const k = runWithCache(model, corrupted, { names });
  return {
    cleanZ: names.map((n) => c.cache.get(n)),
    corruptZ: names.map((n) => k.cache.get(n)),
    clean: metric(c.logits),
    corrupted: metric(k.logits),
  };
}

function pathScore(
  model: GPT,
  corrupted: Tensor,
  runs: Runs,
  sender: HeadRef,
  receivers: readonly PathReceiver[],
  metric: LogitMetric,
): number {
  const nLayers = model.config.nLayers;
  // step 2: sender clean, every other head frozen at its corrupted z; cache the receivers' inputs
  const freeze: Record<string, ActivationHook> = {};
  for (let l = 0; l < nLayers; l++) {
    const name = `blocks.${l}.attn.hook_z`;
    const corruptAll = patchFrom(runs.corruptZ[l]!);
    freeze[name] =
      l === sender.layer
        ? (z, n) => patchFrom(runs.cleanZ[l]!, { heads: [sender.head] })(corruptAll(z, n) ?? z, n)
        : corruptAll;
  }
  const captured: Record<string, Tensor> = {};
  const hooks: Record<string, ActivationHook> = { ...freeze };
  for (const r of receivers) {
    const prev = hooks[r.name];
    hooks[r.name] = (t, n) => {
      const out = (prev ? prev(t, n) : undefined) ?? t;
      captured[r.name] = out.detach();
      return out;
    };
  }
  runWithHooks(model, corrupted, hooks);
  // step 3: a fresh corrupted run with only the receivers' inputs patched
  const patch: Record<string, ActivationHook> = {};
  for (const r of receivers) patch[r.name] = patchFrom(captured[r.name]!, r.heads ? { heads: r.heads } : {});
  return metric(runWithHooks(model, corrupted, patch));
}

function checkArgs(model: GPT, sender: HeadRef | null, receivers: readonly PathReceiver[]): void {
  const op = "pathPatching";
  const { nLayers, nHeads } = model.config;
  if (
    sender &&
    (!Number.isInteger(sender.layer) ||
      sender.layer < 0 ||
      sender.layer >= nLayers ||
      !Number.isInteger(sender.head) ||
      sender.head < 0 ||
      sender.head >= nHeads)
  ) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `sender L${sender.layer}H${sender.head} is not a head of ${nLayers} layers × ${nHeads} heads`,
    );
  }
  if (receivers.length === 0)
    throw new AttributionError("BAD_OPTION", op, "give at least one receiver hook point");
}

/** The sender head's effect on the metric through the receivers only. */
export function pathPatching(
  model: GPT,
  clean: Tensor,
  corrupted: Tensor,
  sender: HeadRef,
  receivers: readonly PathReceiver[],
  metric: LogitMetric,
): PathPatchingResult {
  checkArgs(model, sender, receivers);
  const runs = prepare(model, clean, corrupted, metric);
  const score = pathScore(model, corrupted, runs, sender, receivers, metric);
  const span = runs.clean - runs.corrupted;
  return {
    score,
    normalised: span === 0 ? 0 : (score - runs.corrupted) / span,
    clean: runs.clean,
    corrupted: runs.corrupted,
  };
}

/**
 * Path patching from every head of the layers before the earliest receiver: scores[layer][head] (later
 * layers cannot reach the receivers and are not run: NaN).
 */
export function pathPatchingScan(
  model: GPT,
  clean: Tensor,
  corrupted: Tensor,
  receivers: readonly PathReceiver[],
  metric: LogitMetric,
): { scores: number[][]; normalised: number[][]; clean: number; corrupted: number } {
  checkArgs(model, null, receivers);
  const runs = prepare(model, clean, corrupted, metric);
  // a head of layer l writes into blocks.l's attn_out / resid_mid / mlp_out / resid_post and all later points
  const reaches = (l: number) =>
    receivers.some(
      (r) =>
        l < layerOf(r.name) ||
        (l === layerOf(r.name) && /\.hook_(attn_out|resid_mid|mlp_out|resid_post)$/.test(r.name)),
    );
  const { nLayers, nHeads } = model.config;
  const scores = Array.from({ length: nLayers }, (_, l) =>
    Array.from({ length: nHeads }, (_, h) =>
      reaches(l) ? pathScore(model, corrupted, runs, { layer: l, head: h }, receivers, metric) : Number.NaN,
    ),
  );
  const span = runs.clean - runs.corrupted;
  return {
    scores,
    normalised: scores.map((row) =>
      row.map((s) => (span === 0 || Number.isNaN(s) ? s : (s - runs.corrupted) / span)),
    ),
    clean: runs.clean,
    corrupted: runs.corrupted,
  };
}
