// Prompt attribution with gradients, as Captum's LLMGradientAttribution (captum/attr/_core/llm_attr.py): for
// each target token k, a gradient method on the token-embedding layer explains
//   log p(target_k | prompt, target_<k)
// with the model run on prompt ++ target_<k; the scores of the prompt positions, summed over the embedding
// dim, are row k of tokenAttr, and seqAttr is their sum over k. Methods:
//   "integrated-gradients": Captum's LayerIntegratedGradients (this package's, Gauss–Legendre by default, 50
//     steps), from the baseline prompt (every feature token → the baseline id, skipped tokens and the
//     target_<k kept) to the prompt; rows sum to the log-prob change (completeness);
//   "input-x-gradient": Captum's LayerGradientXActivation: embedding ⊙ ∂log p/∂embedding at the prompt.
// Only TokenPrompt inputs (as Captum): a template's segments change the length, which gradients cannot see.
import type { AnyModule } from "@paramlens/nn";
import { Tensor } from "@paramlens/tensor";
import { AttributionError } from "../errors";
import { type LayerRef, resolveLayer } from "../layer";
import { evaluateLayerGradients } from "../layer-gradients";
import { LayerIntegratedGradients } from "../layer-integrated-gradients";
import { type ModelLike, toForwardFn } from "../model";
import { internalBatchSize } from "../prepare";
import type { IntegrationMethod } from "../quadrature";
import type { ForwardFn } from "../types";
import {
  DEFAULT_MAX_NEW_TOKENS,
  generateTarget,
  type PromptAttributionResult,
  resolveTargetIds,
  tokenLabels,
} from "./llm-attribution";
import { type PromptTokenizer, TokenPrompt } from "./prompt-input";

export type GradientPromptMethod = "integrated-gradients" | "input-x-gradient";

export interface LLMGradientAttributionOptions {
  /** Default "integrated-gradients". */
  method?: GradientPromptMethod;
  tokenizer?: PromptTokenizer;
}

export interface LLMGradientAttributeOptions {
  /** Integrated-gradients steps; default 50 (Captum's). */
  nSteps?: number;
  /** Quadrature rule; default "gausslegendre" (Captum's). */
  integrationMethod?: IntegrationMethod;
  internalBatchSize?: number;
  /** New tokens generated (greedy) when no target is given; default 25 (Captum's). */
  maxNewTokens?: number;
}

export class LLMGradientAttribution {
  private readonly model: ForwardFn;
  private readonly raw: ModelLike;
  private readonly layer: AnyModule;
  private readonly tokenizer?: PromptTokenizer;
  readonly method: GradientPromptMethod;

  /** model: ids [N, T] → logits [N, T, V]; layer: the token embedding (e.g. "wte" of nn's GPT). */
  constructor(model: ModelLike, layer: LayerRef, options: LLMGradientAttributionOptions = {}) {
    const op = "LLMGradientAttribution";
    this.model = toForwardFn(op, model);
    this.raw = model;
    this.layer = resolveLayer(op, model, layer);
    this.tokenizer = options.tokenizer;
    this.method = options.method ?? "integrated-gradients";
    if (this.method !== "integrated-gradients" && this.method !== "input-x-gradient") {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `method must be "integrated-gradients" or "input-x-gradient", got ${String(this.method).slice(0, 30)}`,
      );
    }
  }

  attribute(
    prompt: TokenPrompt,
    target?: readonly number[] | string,
    options: LLMGradientAttributeOptions = {},
  ): PromptAttributionResult {
    const op = "LLMGradientAttribution.attribute";
    if (!(prompt instanceof TokenPrompt)) {
      throw new AttributionError(
        "BAD_INPUT",
        op,
        "gradient methods take a TokenPrompt (template segments change the length)",
      );
    }
    const targetIds =
      target === undefined
        ? generateTarget(
            op,
            this.raw,
            prompt.ids(new Array<number>(prompt.nFeatures).fill(1)),
            options.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS,
          )
        : resolveTargetIds(op, target, this.tokenizer);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const ones = new Array<number>(prompt.nFeatures).fill(1);
    const promptIds = prompt.ids(ones);
    const baseIds = prompt.ids(new Array<number>(prompt.nFeatures).fill(0));
    const n = promptIds.length;
    const tokenAttr: number[][] = [];
    for (let k = 0; k < targetIds.length; k++) {
      const prefix = targetIds.slice(0, k);
      const ids = new Tensor(Int32Array.from([...promptIds, ...prefix]), [1, n + k]);
      const tok = targetIds[k]!;
      // log p(target_k | ids) for a batch of rows: [N]
      const f: ForwardFn = (x) => {
        const logits = this.model(x);
        if (logits.ndim !== 3 || logits.shape[1] !== x.shape[1]) {
          throw new AttributionError("BAD_OUTPUT", op, "the model must map ids [N, T] to logits [N, T, V]");
        }
        const v = logits.shape[2]!;
        if (tok >= v)
          throw new AttributionError(
            "BAD_TARGET",
            op,
            `target token ${tok} is outside the vocabulary of ${v}`,
          );
        return logits
          .select(1, x.shape[1]! - 1)
          .logSoftmax(-1)
          .select(1, tok);
      };
      let perPosition: Float64Array; // [n + k] summed over the embedding dim
      if (this.method === "integrated-gradients") {
        const lig = new LayerIntegratedGradients(f, this.layer);
        const { attributions } = lig.attribute(ids, {
          baselines: new Tensor(Int32Array.from([...baseIds, ...prefix]), [1, n + k]),
          nSteps: options.nSteps ?? 50,
          method: options.integrationMethod ?? "gausslegendre",
          internalBatchSize: batch,
        });
        perPosition = sumLastDim(attributions.toTypedArray(), n + k);
      } else {
        perPosition = new Float64Array(n + k);
        evaluateLayerGradients(
          op,
          f,
          this.layer,
          { rows: 1, example: () => 0, input: () => ids },
          null,
          1,
          (_r, values, grads, o, shape) => {
            const d = shape[shape.length - 1]!;
            for (let p = 0; p < n + k; p++) {
              let s = 0;
              for (let j = 0; j < d; j++) s += values[o + p * d + j]! * grads[o + p * d + j]!;
              perPosition[p] = s;
            }
          },
        );
      }
      tokenAttr.push(prompt.featurePositions.map((p) => perPosition[p]!));
    }
    const seqAttr = prompt.featurePositions.map((_, j) => tokenAttr.reduce((s, row) => s + row[j]!, 0));
    return {
      seqAttr,
      tokenAttr,
      inputTokens: [...prompt.values],
      outputTokens: tokenLabels(targetIds, this.tokenizer),
      targetIds,
    };
  }
}

/** [T, d] (one example) summed over d, in float64. */
function sumLastDim(a: ArrayLike<number>, t: number): Float64Array {
  const d = a.length / t;
  const out = new Float64Array(t);
  for (let p = 0; p < t; p++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += a[p * d + j]!;
    out[p] = s;
  }
  return out;
}
