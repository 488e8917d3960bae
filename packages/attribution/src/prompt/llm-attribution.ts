// Prompt attribution with perturbation methods, as Captum's LLMAttribution (captum/attr/_core/llm_attr.py):
// which prompt features (tokens, or template segments) made the model give a target continuation. The
// prompt becomes a presence vector of M features (prompt-input.ts) and the package's own FeatureAblation,
// ShapleyValues, ShapleyValueSampling, KernelShap or Lime run on it with baseline 0 (= absent), explaining
//   column 0: Σ_k log p(target_k | prompt, target_<k)   (seqAttr), and
//   column k: log p(target_{k−1} | …)                     (tokenAttr row k − 1),
// or the probabilities (attrTarget "prob": exp of each, column 0 the product), as Captum does. Each distinct
// coalition runs the model once: later columns reuse it (the methods are seeded, so every column sees the
// same coalitions). Differences from Captum: tokenAttr is given for KernelShap and Lime too (their fits are
// linear in the explained value, so rows still sum to seqAttr); the target is teacher-forced in one forward
// per prompt instead of token by token (same values for a causal model). Without a target, the model's own
// greedy continuation is explained (Captum's default gen_args: 25 new tokens; needs the model's generate()).
import { Tensor } from "@paramlens/tensor";
import { AttributionError } from "../errors";
import { KernelShap } from "../kernel-shap";
import { Lime } from "../lime";
import { type ModelLike, toForwardFn } from "../model";
import { internalBatchSize, positiveInt } from "../prepare";
import { ShapleyValueSampling } from "../shapley-values";
import type { Attributor, CommonAttributeOptions, ForwardFn } from "../types";
import type { InterpretablePrompt, PromptTokenizer } from "./prompt-input";
import { checkTarget, targetLogProbs } from "./target-log-probs";

/** A perturbation method class of this package (FeatureAblation, ShapleyValues, ShapleyValueSampling, KernelShap, Lime). */
export type PerturbationMethodClass = new (
  model: ForwardFn,
) => Attributor<CommonAttributeOptions & Record<string, unknown>>;

/** The randomised methods: they take a seed (trial t of nTrials uses seed + t). */
const SEEDED = new Set<unknown>([ShapleyValueSampling, KernelShap, Lime]);

export type AttrTarget = "log-prob" | "prob";

export interface PromptAttributionResult {
  /** [M'] attribution of each input token / segment to the whole target (M' = reported values). */
  seqAttr: number[];
  /** [K][M'] attribution to each target token. */
  tokenAttr: number[][];
  /** Labels of the features (prompt.values). */
  inputTokens: string[];
  /** Labels of the target tokens (tokenizer.decode of each, else the id). */
  outputTokens: string[];
  /** The target token ids explained. */
  targetIds: number[];
}

export interface LLMAttributionOptions {
  /** Turns a text target into ids and labels target tokens. */
  tokenizer?: PromptTokenizer;
  /** "log-prob" (default, as Captum) or "prob". */
  attrTarget?: AttrTarget;
}

export interface LLMAttributeOptions {
  /** New tokens generated (greedy) when no target is given; default 25 (Captum's). */
  maxNewTokens?: number;
  /** Runs of the method averaged (Captum's num_trials); trial t uses seed + t. Default 1. */
  nTrials?: number;
  /** Seed of randomised methods; default 0. */
  seed?: number;
  /** Prompts per model call; default 128. */
  internalBatchSize?: number;
  /** Anything else is passed to the method (nSamples, kernelWidth, …). */
  [option: string]: unknown;
}

/** Captum's DEFAULT_GEN_ARGS: 25 new tokens, greedy. */
export const DEFAULT_MAX_NEW_TOKENS = 25;

/**
 * The continuation the model itself gives (greedy, as Captum's default gen_args) when no target is passed:
 * needs a model with nn GPT's generate(ids, { maxNewTokens, temperature }).
 */
export function generateTarget(
  op: string,
  model: unknown,
  promptIds: readonly number[],
  maxNewTokens: number,
): number[] {
  const gen = (
    model as { generate?: (ids: Tensor, o: { maxNewTokens: number; temperature: number }) => Tensor } | null
  )?.generate;
  if (typeof gen !== "function") {
    throw new AttributionError(
      "BAD_TARGET",
      op,
      "no target given and the model has no generate(): pass the target",
    );
  }
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `maxNewTokens must be a positive integer, got ${maxNewTokens}`,
    );
  }
  const out = gen.call(model, new Tensor(Int32Array.from(promptIds), [1, promptIds.length]), {
    maxNewTokens,
    temperature: 0,
  });
  return Array.from(out.toTypedArray()).slice(promptIds.length);
}

/** Resolves a target given as ids or (with a tokenizer) text. */
export function resolveTargetIds(
  op: string,
  target: readonly number[] | string,
  tokenizer?: PromptTokenizer,
): number[] {
  if (typeof target === "string") {
    if (!tokenizer)
      throw new AttributionError("BAD_TARGET", op, "a text target needs a tokenizer (or pass token ids)");
    return checkTarget(op, tokenizer.encode(target));
  }
  return checkTarget(op, target);
}

export function tokenLabels(ids: readonly number[], tokenizer?: PromptTokenizer): string[] {
  return ids.map((t) => (tokenizer?.decode ? tokenizer.decode([t]) : String(t)));
}

export class LLMAttribution {
  private readonly model: ForwardFn;
  private readonly raw: ModelLike;
  private readonly method: PerturbationMethodClass;
  private readonly tokenizer?: PromptTokenizer;
  readonly attrTarget: AttrTarget;

  /** model: int32 ids [N, T] → logits [N, T, V] (an nn GPT, or any function). */
  constructor(model: ModelLike, method: PerturbationMethodClass, options: LLMAttributionOptions = {}) {
    const op = "LLMAttribution";
    this.model = toForwardFn(op, model);
    this.raw = model;
    if (typeof method !== "function") {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        "method must be a perturbation method class, e.g. FeatureAblation",
      );
    }
    this.method = method;
    this.tokenizer = options.tokenizer;
    this.attrTarget = options.attrTarget ?? "log-prob";
    if (this.attrTarget !== "log-prob" && this.attrTarget !== "prob") {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `attrTarget must be "log-prob" or "prob", got ${String(this.attrTarget).slice(0, 20)}`,
      );
    }
  }

  attribute(
    prompt: InterpretablePrompt,
    target?: readonly number[] | string,
    options: LLMAttributeOptions = {},
  ): PromptAttributionResult {
    const op = "LLMAttribution.attribute";
    const { nTrials: nt, seed, internalBatchSize: ib, maxNewTokens, ...methodOptions } = options;
    const targetIds =
      target === undefined
        ? generateTarget(
            op,
            this.raw,
            prompt.ids(new Array<number>(prompt.nFeatures).fill(1)),
            maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS,
          )
        : resolveTargetIds(op, target, this.tokenizer);
    const nTrials = positiveInt(op, "nTrials", nt as number | undefined, 1);
    const batch = internalBatchSize(op, ib as number | undefined);
    const m = prompt.nFeatures;
    const k = targetIds.length;
    const cols = 1 + k;
    // one model run per distinct coalition: key = presence bits
    const cache = new Map<string, Float64Array>();
    const forward: ForwardFn = (x) => {
      if (x.ndim !== 2 || x.shape[1] !== m) {
        throw new AttributionError("BAD_INPUT", op, `internal: presence rows must be [N, ${m}]`);
      }
      const n = x.shape[0]!;
      const rows = x.toTypedArray();
      const keys: string[] = [];
      const todo: { key: string; ids: number[] }[] = [];
      for (let r = 0; r < n; r++) {
        const present = Array.from(rows.subarray(r * m, (r + 1) * m), (v) => (v === 1 ? 1 : 0));
        const key = present.join("");
        keys.push(key);
        if (!cache.has(key) && !todo.some((t) => t.key === key)) todo.push({ key, ids: prompt.ids(present) });
      }
      if (todo.length > 0) {
        const lp = targetLogProbs(
          op,
          this.model,
          todo.map((t) => t.ids),
          targetIds,
          batch,
        );
        todo.forEach((t, i) => {
          const v = new Float64Array(cols);
          let total = 0;
          for (let j = 0; j < k; j++) {
            v[1 + j] = lp[i * k + j]!;
            total += lp[i * k + j]!;
          }
          v[0] = total;
          if (this.attrTarget === "prob") for (let c = 0; c < cols; c++) v[c] = Math.exp(v[c]!);
          cache.set(t.key, v);
        });
      }
      const out = new Float32Array(n * cols);
      for (const [r, key] of keys.entries()) out.set(cache.get(key)!, r * cols);
      return new Tensor(out, [n, cols]);
    };
    const method = new this.method(forward);
    const ones = new Tensor(new Float32Array(m).fill(1), [1, m]);
    const sum = Array.from({ length: cols }, () => new Float64Array(m));
    for (let trial = 0; trial < nTrials; trial++) {
      for (let c = 0; c < cols; c++) {
        const { attributions } = method.attribute(ones, {
          ...methodOptions,
          ...(SEEDED.has(this.method) ? { seed: (typeof seed === "number" ? seed : 0) + trial } : {}),
          target: c,
          baselines: 0,
          internalBatchSize: batch,
        });
        const a = attributions.toTypedArray();
        for (let j = 0; j < m; j++) sum[c]![j]! += a[j]! / nTrials;
      }
    }
    const rows = sum.map((row) => prompt.formatAttr(Array.from(row)));
    return {
      seqAttr: rows[0]!,
      tokenAttr: rows.slice(1),
      inputTokens: [...prompt.values],
      outputTokens: tokenLabels(targetIds, this.tokenizer),
      targetIds,
    };
  }
}
