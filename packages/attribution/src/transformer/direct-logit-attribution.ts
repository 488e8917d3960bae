// Direct logit attribution (Elhage et al. 2021; TransformerLens' cache.decompose_resid + apply_ln_to_stack +
// residual_stack_to_logit_diff): each component's direct contribution to a token's logit (or to a logit
// difference) at one position, through the final norm with the run's own scale frozen. Components: embed,
// pos_embed, every head of every layer (z_h · W_O^h), each layer's attention output bias, each MLP, and "bias"
// (the final norm's β and lm_head's bias). With the scale frozen the final norm is affine in the stream, so
// the components sum to the logit exactly (tested to 1e-4). Blocks whose attention output passes a post-norm
// (Gemma-2) are reported per layer ("{l}_attn_out"), not per head.
import type { GPT } from "@paramlens/nn";
import { formatShape, noGrad, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "../errors";
import { runWithCache } from "./activation-cache";

/** A token, or a logit difference correct − incorrect. */
export type LogitTarget = number | { correct: number; incorrect: number };

export interface DirectLogitAttributionOptions {
  /** Position read; negative counts from the end. Default −1. */
  pos?: number;
}

export interface DirectLogitAttribution {
  labels: string[];
  /** [C][B] contribution of each component, per example. */
  values: number[][];
  /** [B] the model's logit (or logit difference) at pos. */
  logit: number[];
}

function weightOf(m: unknown): Tensor | null {
  return (m as { weight?: Tensor | null } | null)?.weight ?? null;
}

/** Per-component direct contributions to a logit (difference) at one position. */
export function directLogitAttribution(
  model: GPT,
  ids: Tensor,
  target: LogitTarget,
  options: DirectLogitAttributionOptions = {},
): DirectLogitAttribution {
  const op = "directLogitAttribution";
  const v = model.config.vocabSize;
  const tokens = typeof target === "number" ? [target] : [target.correct, target.incorrect];
  for (const t of tokens) {
    if (!Number.isInteger(t) || t < 0 || t >= v) {
      throw new AttributionError(
        "BAD_TARGET",
        op,
        `token ${String(t).slice(0, 20)} is outside the vocabulary of ${v}`,
      );
    }
  }
  const pos = options.pos ?? -1;
  const { logits, cache } = runWithCache(model, ids, { result: true });
  const [b, t] = ids.shape as [number, number];
  const p = pos < 0 ? t + pos : pos;
  if (!Number.isInteger(p) || p < 0 || p >= t) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `pos ${pos} is outside a sequence of ${t} (ids ${formatShape(ids.shape)})`,
    );
  }
  // direction in the normalised stream: γ ⊙ (W_U[:, correct] − W_U[:, incorrect])
  const d = model.config.dModel;
  const wu = model.lm_head.weight.contiguous().toTypedArray(); // [V, d]
  const dir = new Float64Array(d);
  for (let j = 0; j < d; j++)
    dir[j] = wu[tokens[0]! * d + j]! - (tokens.length > 1 ? wu[tokens[1]! * d + j]! : 0);
  let constant = 0;
  const headBias = model.lm_head.bias?.toTypedArray();
  if (headBias) constant += headBias[tokens[0]!]! - (tokens.length > 1 ? headBias[tokens[1]!]! : 0);
  if (model.config.finalNorm) {
    const lnF = model.getSubmodule("ln_f");
    const gamma = weightOf(lnF)?.toTypedArray();
    const beta = (lnF as unknown as { bias?: Tensor | null }).bias?.toTypedArray();
    const offset = model.architecture.normWeightOffset ?? 0;
    for (let j = 0; j < d; j++) {
      if (beta) constant += beta[j]! * dir[j]!;
      dir[j] = dir[j]! * ((gamma ? gamma[j]! : 1) + (model.config.norm === "rmsnorm" ? offset : 0));
    }
  }
  const labels: string[] = [];
  const parts: Tensor[] = []; // each [B, d] at pos
  const at = (name: string) => cache.get(name).select(1, p);
  labels.push("embed");
  parts.push(at("hook_embed"));
  if (model.wpe) {
    labels.push("pos_embed");
    parts.push(noGrad(() => cache.get("hook_pos_embed").select(1, p).expand([b, d])));
  }
  for (const [l, block] of [...model.h].entries()) {
    if (block.normsPerLayer === 4) {
      labels.push(`${l}_attn_out`);
      parts.push(at(`blocks.${l}.hook_attn_out`));
    } else {
      const r = at(`blocks.${l}.attn.hook_result`); // [B, H, d]
      for (let h = 0; h < model.config.nHeads; h++) {
        labels.push(`L${l}H${h}`);
        parts.push(noGrad(() => r.select(1, h)));
      }
      const bias = block.attn.c_proj.bias;
      if (bias) {
        labels.push(`${l}_attn_bias`);
        parts.push(noGrad(() => bias.reshape([1, d]).expand([b, d])));
      }
    }
    labels.push(`${l}_mlp_out`);
    parts.push(at(`blocks.${l}.hook_mlp_out`));
  }
  const scale = model.config.finalNorm ? cache.get("ln_final.hook_scale").select(1, p).toTypedArray() : null; // [B, 1]
  const centre = model.config.finalNorm && model.config.norm !== "rmsnorm";
  const values = parts.map((part) => {
    const x = part.contiguous().toTypedArray(); // [B, d]
    return Array.from({ length: b }, (_, i) => {
      let mean = 0;
      if (centre) for (let j = 0; j < d; j++) mean += x[i * d + j]! / d;
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j]! - mean) * dir[j]!;
      return scale ? s / scale[i]! : s;
    });
  });
  labels.push("bias");
  values.push(new Array<number>(b).fill(constant));
  const lg = logits.select(1, p).contiguous().toTypedArray(); // [B, V]
  const logit = Array.from(
    { length: b },
    (_, i) => lg[i * v + tokens[0]!]! - (tokens.length > 1 ? lg[i * v + tokens[1]!]! : 0),
  );
  return { labels, values, logit };
}
