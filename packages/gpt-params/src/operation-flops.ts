// FLOPs operation by operation (a multiply-add is 2 FLOPs): the Q/K/V/O projections, attention scores,
// softmax and weighted sum, the MLP or routed experts, the router and the LM head, for one token attending
// over a context (decode) and for a whole prompt (prefill, causal: token t attends to t keys). Training is
// forward + backward (2× forward), plus a recomputed forward (full) or the attention core (selective).
// Beside it: Kaplan et al. 2020's 2N (+ 2·L·n_ctx·d_attn) and Hoffmann et al. 2022's Appendix F count, so
// a reader sees why the three differ. Norms, activations, residual adds and rotary are left out (each
// O(d) per token, under 0.5 % of a block's FLOPs at d ≥ 512).
import { attentionCore, attentionMatrices } from "./attention-shape";
import { integer } from "./check-args";
import type { GPTConfig, GPTConfigInput } from "./config";
import { countParameters } from "./count";

/** Options for {@link operationFlops}. */
export interface OperationFlopsOptions {
  /** Keys a decoded token attends to (default: the config's context length). */
  contextLength?: number;
  /** Prompt length for the prefill totals (default: contextLength). */
  promptTokens?: number;
}

/** What {@link operationFlops} returns. */
export interface OperationFlops {
  /** FLOPs of one decoded token at `contextLength`, per operation (slash keys, summed over layers). */
  perToken: Record<string, number>;
  /** Σ perToken. */
  forwardPerToken: number;
  /** Prefill of `promptTokens` tokens with a causal mask: weight terms × T, attention terms × T(T+1)/2. */
  prefill: number;
  /** Training FLOPs per token at `contextLength`: forward + backward, by recomputation policy. */
  trainingPerToken: { none: number; selective: number; full: number };
  /** Share of the forward spent in the LM head. */
  lmHeadShare: number;
  /** The published approximations for the same token. */
  kaplan: { forwardPerToken: number; trainingPerToken: number; formula: string };
  chinchilla: { forwardPerToken: number; formula: string };
  /** Why the counts differ, in words with numbers. */
  differences: string[];
}

/**
 * Operation-level FLOPs per token, prefill and training, beside Kaplan's and Chinchilla's counts.
 * @example operationFlops(presets.gpt2.config).lmHeadShare // ≈ 0.29: what Kaplan's 2N leaves out
 */
export function operationFlops(
  input: GPTConfig | GPTConfigInput,
  options: OperationFlopsOptions = {},
): OperationFlops {
  const fn = "operationFlops";
  const report = countParameters(input);
  const c = report.config;
  const ctx = integer(fn, "contextLength", options.contextLength ?? c.contextLength);
  const T = integer(fn, "promptTokens", options.promptTokens ?? ctx);
  const d = c.dModel;
  const L = c.nLayers;
  const dAttn = c.nHeads * c.headDim;
  const dKV = c.nKVHeads * c.headDim;
  const core = attentionCore(c);
  const gated = c.mlp !== "gelu";
  const moeLayers = new Set(c.moe?.layers ?? []);
  const nMoE = c.moe ? moeLayers.size : 0;
  const nDense = L - nMoE;

  const per: Record<string, number> = {};
  const add = (k: string, v: number) => {
    if (v !== 0) per[k] = (per[k] ?? 0) + v;
  };
  for (const m of attentionMatrices(c))
    add(`attention/${m.name === "o" ? "out" : m.name}`, L * 2 * m.nIn * m.nOut);
  // The context-dependent core: q·k for every key, softmax (exp, sum, divide: 3 per score, as Chinchilla
  // counts it), and the weighted sum of values.
  // (Latent attention counted as written, without absorbing kv_b into the query and output projections.)
  const scores = L * 2 * ctx * core.qk;
  const softmax = L * 3 * c.nHeads * ctx;
  const weighted = L * 2 * ctx * core.v;
  add("attention/scores", scores);
  add("attention/softmax", softmax);
  add("attention/weighted_sum", weighted);
  const mlpMatrices = (ff: number, times: number, key: string) => {
    add(`${key}/up`, times * 2 * d * ff);
    if (gated) add(`${key}/gate`, times * 2 * d * ff);
    add(`${key}/down`, times * 2 * ff * d);
  };
  mlpMatrices(c.dFF, nDense, "mlp");
  if (c.moe && nMoE > 0) {
    add("moe/router", nMoE * 2 * d * c.moe.nExperts);
    mlpMatrices(c.moe.expertDFF, nMoE * c.moe.expertsPerToken, "moe/experts");
    if (c.moe.nSharedExperts > 0)
      mlpMatrices(c.moe.sharedExpertDFF, nMoE * c.moe.nSharedExperts, "moe/shared");
  }
  add("lm_head", 2 * d * c.vocabSize);

  let forwardPerToken = 0;
  for (const v of Object.values(per)) forwardPerToken += v;
  const contextTerms = scores + softmax + weighted;
  const weightTerms = forwardPerToken - contextTerms;
  // Causal prefill: token t (1-based) attends to t keys, so the context terms sum to T(T+1)/2 · (per key).
  const prefill = weightTerms * T + (contextTerms / ctx) * ((T * (T + 1)) / 2);

  const training = 3 * forwardPerToken;
  const trainingPerToken = {
    none: training,
    // Selective recomputation (Korthikanti et al. 2022 §5) re-runs the attention core in the backward pass.
    selective: training + contextTerms,
    // Full recomputation re-runs the whole forward once more.
    full: training + forwardPerToken,
  };

  const n = report.activeNonEmbedding;
  const kaplanForward = 2 * n + 2 * L * ctx * dAttn;
  // Hoffmann et al. 2022, Appendix F: embeddings 2·V·d (as a one-hot matmul), per layer 2·3·d·(k·h) for
  // K/Q/V, 2·s·(k·h) logits, 3·h·s softmax, 2·s·(k·h) reductions, 2·(k·h)·d output, 2·2·d·ffw dense,
  // final logits 2·d·V; here per token with s = context. It assumes MHA and a two-matrix MLP.
  const chinchillaForward =
    2 * c.vocabSize * d +
    L * (2 * 3 * d * dAttn + 2 * ctx * dAttn + 3 * c.nHeads * ctx + 2 * ctx * dAttn + 2 * dAttn * d) +
    L * 2 * 2 * d * c.dFF +
    2 * d * c.vocabSize;
  const lmHead = per.lm_head ?? 0;
  const pct = (x: number) => `${((100 * x) / forwardPerToken).toFixed(1)} %`;
  const differences = [
    `Kaplan's 2N leaves out the LM head (${pct(lmHead)} of this forward) because N excludes embedding and unembedding matrices.`,
    `Chinchilla counts the embedding lookup as a matmul (+${pct(2 * c.vocabSize * d)}), a two-matrix MLP${gated ? " (this model's gated MLP has three)" : ""} and full K/V width${dKV !== dAttn ? " (this model shares K/V heads)" : ""}.`,
    `The attention core (scores, softmax, weighted sum) is ${pct(contextTerms)} at ${ctx} tokens of context and grows linearly with it.`,
  ];
  return {
    perToken: per,
    forwardPerToken,
    prefill,
    trainingPerToken,
    lmHeadShare: lmHead / forwardPerToken,
    kaplan: {
      forwardPerToken: kaplanForward,
      trainingPerToken: 3 * kaplanForward,
      formula: "2N + 2·L·n_ctx·d_attn (training ≈ 3× forward = 6N + …)",
    },
    chinchilla: {
      forwardPerToken: chinchillaForward,
      formula: "2Vd + L·(6d·d_attn + 4·s·d_attn + 3·h·s + 2·d_attn·d + 4·d·d_ff) + 2dV",
    },
    differences,
  };
}
