// Exact parameter counts of a decoder-only transformer, component by component and layer by layer
// (the shape of nanoGPT's transformer_sizing `params()`), with the closed form beside the sum.
// It counts parameters only: buffers (causal masks, rotary inv_freq) are never parameters of a config.
import { attentionMatrices, attentionNorms } from "./attention-shape";
import { type ClosedForm, closedForm } from "./closed-form";
import type { GPTConfig, GPTConfigInput } from "./config";
import { validateConfig } from "./config";
import { GptParamsError } from "./errors";

/** Parameters of one transformer block. */
export interface LayerCount {
  /** 0-based block index. */
  index: number;
  /** Whether this block's MLP is a mixture of experts. */
  moe: boolean;
  /** Q, K, V, O weights and biases. */
  attention: number;
  /** Dense MLP, or router + all experts + shared experts for a MoE block. */
  mlp: number;
  /** The block's norm layers. */
  norms: number;
  /** attention + mlp + norms. */
  total: number;
  /** What one token uses: for MoE only `expertsPerToken` routed experts (plus shared ones and the router). */
  active: number;
}

/** Everything {@link countParameters} reports. All counts are exact integers. */
export interface ParameterReport {
  config: GPTConfig;
  /** Every parameter tensor's elements, once (a tied LM head is not counted twice). */
  total: number;
  /** Parameters a training run updates; equal to `total` because a config has no frozen tensors. */
  trainable: number;
  /** Parameters one token touches in a forward pass (differs from `total` only for MoE). */
  active: number;
  /**
   * Kaplan et al. 2020's N: `total` without the token embedding, the position table and the LM head
   * (weight and bias) — the convention of Pythia's "non-embedding params" column.
   */
  nonEmbedding: number;
  /** `active` without the same embedding terms; the N of FLOPs-per-token estimates for MoE models. */
  activeNonEmbedding: number;
  /** Component totals with slash keys (`embedding/token`, `attention/qkv`, `mlp/up` …); zero entries left out. */
  breakdown: Record<string, number>;
  /** One entry per block. */
  perLayer: LayerCount[];
  /** The same total as a formula; `closedForm.value === total` always. */
  closedForm: ClosedForm;
  /**
   * Multi-token-prediction modules (DeepSeek-V3 §2.2), not in `total`: per module two norms and the 2d → d
   * projection before one more block (of the last block's kind) and a norm before the shared output head.
   * The embedding and head are shared with the main model and not counted again.
   */
  mtp: number;
}

function normParams(config: GPTConfig): number {
  return config.norm === "layernorm" ? 2 * config.dModel : config.dModel;
}

// One MLP of hidden width ff: [weights, biases] (gated MLPs have gate, up and down matrices).
function mlpParams(config: GPTConfig, ff: number): [weights: number, biases: number] {
  const d = config.dModel;
  const gated = config.mlp !== "gelu";
  const weights = (gated ? 3 : 2) * d * ff;
  const biases = config.bias.mlp ? (gated ? 2 : 1) * ff + d : 0;
  return [weights, biases];
}

function addTo(breakdown: Record<string, number>, key: string, value: number): void {
  if (value !== 0) breakdown[key] = (breakdown[key] ?? 0) + value;
}

/**
 * Counts the parameters of a config exactly.
 *
 * Accepts a validated {@link GPTConfig} or any input {@link validateConfig} accepts (validated first).
 * @throws {ConfigError} for an invalid config; {@link GptParamsError} `COUNT_UNSAFE` if the total passes 2^53.
 * @example
 * countParameters({}).total // 124439808, GPT-2 small
 */
export function countParameters(input: GPTConfig | GPTConfigInput): ParameterReport {
  const config = validateConfig(input as GPTConfigInput);
  const d = config.dModel;
  const V = config.vocabSize;
  const breakdown: Record<string, number> = {};

  addTo(breakdown, "embedding/token", V * d); // wte: (V, d)
  if (config.position === "learned") addTo(breakdown, "embedding/position", config.positionRows * d); // wpe: (n_pos, d)
  if (config.embeddingNorm) addTo(breakdown, "embedding/norm", normParams(config));

  // Per-block quantities that do not depend on the block index (attention-shape.ts has the matrices).
  let qkvW = 0; // Q, K, V (or MLA's q_a, q_b, kv_a, kv_b)
  let qkvB = 0;
  let outW = 0; // (d_attn, d)
  let outB = 0;
  for (const m of attentionMatrices(config)) {
    if (m.name === "o") {
      outW += m.nIn * m.nOut;
      outB += m.bias ? m.nOut : 0;
    } else {
      qkvW += m.nIn * m.nOut;
      qkvB += m.bias ? m.nOut : 0;
    }
  }
  // Query/key norms (or MLA's latent norms): RMSNorm weights, LayerNorm weights and biases.
  const perNormDim = config.norm === "layernorm" ? 2 : 1;
  let qkNorm = 0;
  for (const [, width] of attentionNorms(config)) qkNorm += width * perNormDim;
  const attention = qkvW + qkvB + outW + outB + qkNorm;
  const norms = config.normsPerLayer * normParams(config);
  const [denseW, denseB] = mlpParams(config, config.dFF);
  const gated = config.mlp !== "gelu";

  const moe = config.moe;
  const moeSet = new Set(moe?.layers ?? []);
  let expertW = 0;
  let expertB = 0;
  let sharedW = 0;
  let sharedB = 0;
  let router = 0;
  let routerB = 0;
  let sharedGate = 0;
  if (moe) {
    [expertW, expertB] = mlpParams(config, moe.expertDFF);
    [sharedW, sharedB] = mlpParams(config, moe.sharedExpertDFF);
    router = d * moe.nExperts; // (d, E)
    routerB = moe.routerBias ? moe.nExperts : 0;
    sharedGate = moe.sharedExpertGate ? d : 0; // (d, 1)
  }

  // Every dense block is identical, and so is every MoE block: count each kind once, then multiply.
  const nMoE = moe ? moeSet.size : 0;
  const nDense = config.nLayers - nMoE;
  const denseMLP = denseW + denseB;
  let moeMLP = 0;
  let moeMLPActive = 0;
  addTo(breakdown, "attention/qkv", config.nLayers * qkvW);
  addTo(breakdown, "attention/qkv_bias", config.nLayers * qkvB);
  addTo(breakdown, "attention/out", config.nLayers * outW);
  addTo(breakdown, "attention/out_bias", config.nLayers * outB);
  addTo(breakdown, config.mla ? "attention/latent_norm" : "attention/qk_norm", config.nLayers * qkNorm);
  addTo(breakdown, "norm/layers", config.nLayers * norms);
  if (nDense > 0) {
    const matrix = d * config.dFF; // each MLP matrix is (d, d_ff) or (d_ff, d)
    addTo(breakdown, "mlp/up", nDense * matrix);
    if (gated) addTo(breakdown, "mlp/gate", nDense * matrix);
    addTo(breakdown, "mlp/down", nDense * matrix);
    addTo(breakdown, "mlp/bias", nDense * denseB);
  }
  if (moe && nMoE > 0) {
    const experts = moe.nExperts * (expertW + expertB);
    const shared = moe.nSharedExperts * (sharedW + sharedB) + sharedGate;
    moeMLP = router + routerB + experts + shared;
    moeMLPActive = router + routerB + moe.expertsPerToken * (expertW + expertB) + shared;
    addTo(breakdown, "moe/router", nMoE * router);
    addTo(breakdown, "moe/router_bias", nMoE * routerB);
    addTo(breakdown, "moe/experts", nMoE * experts);
    addTo(breakdown, "moe/shared_experts", nMoE * (shared - sharedGate));
    addTo(breakdown, "moe/shared_expert_gate", nMoE * sharedGate);
  }

  const perLayer: LayerCount[] = new Array(config.nLayers);
  for (let i = 0; i < config.nLayers; i++) {
    const isMoE = nMoE > 0 && moeSet.has(i);
    const mlp = isMoE ? moeMLP : denseMLP;
    const mlpActive = isMoE ? moeMLPActive : denseMLP;
    perLayer[i] = {
      index: i,
      moe: isMoE,
      attention,
      mlp,
      norms,
      total: attention + mlp + norms,
      active: attention + mlpActive + norms,
    };
  }

  if (config.finalNorm) addTo(breakdown, "norm/final", normParams(config));
  if (!config.tiedEmbeddings) addTo(breakdown, "lm_head/weight", V * d); // (d, V)
  if (config.bias.lmHead) addTo(breakdown, "lm_head/bias", V);

  let total = 0;
  for (const v of Object.values(breakdown)) total += v;
  let inactive = 0;
  for (const layer of perLayer) inactive += layer.total - layer.active;
  const active = total - inactive;
  const embeddingTerms =
    (breakdown["embedding/token"] ?? 0) +
    (breakdown["embedding/position"] ?? 0) +
    (breakdown["lm_head/weight"] ?? 0) +
    (breakdown["lm_head/bias"] ?? 0);

  if (!Number.isSafeInteger(total)) {
    throw new GptParamsError(
      "COUNT_UNSAFE",
      `countParameters: total ${total} exceeds Number.MAX_SAFE_INTEGER; the count would not be exact`,
    );
  }

  const lastBlock = perLayer[config.nLayers - 1]!;
  const mtp = config.mtpModules * (3 * normParams(config) + 2 * d * d + lastBlock.total);

  return {
    config,
    total,
    trainable: total,
    active,
    nonEmbedding: total - embeddingTerms,
    activeNonEmbedding: active - embeddingTerms,
    breakdown,
    perLayer,
    closedForm: closedForm(config),
    mtp,
  };
}
