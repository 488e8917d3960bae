// FLOPs per token and training compute, after Kaplan et al. 2020 ("Scaling Laws for Neural Language
// Models", Table 1 and §2.1): forward ≈ 2N + 2·L·n_ctx·d_attn, training ≈ 3× forward, total ≈ 6·N·D.
// These are the paper's approximations (no softmax, norm or embedding FLOPs), not a kernel-level count.
import { fraction, positive } from "./check-args";
import type { GPTConfig, GPTConfigInput } from "./config";
import { countParameters } from "./count";

/** Options for {@link flops}. */
export interface FlopsOptions {
  /** Tokens attended over, n_ctx (default: the config's context length). */
  contextLength?: number;
  /** Training tokens D; enables the training totals. */
  tokens?: number;
  /** Peak FLOP/s of one device (e.g. 989e12 for an H100 SXM at dense BF16). */
  peakFlopsPerDevice?: number;
  /** Number of devices (default 1). */
  devices?: number;
  /** Model FLOPs utilisation in (0, 1] (default 0.4). */
  mfu?: number;
}

/** What {@link flops} returns. All values are FLOPs unless named otherwise. */
export interface FlopsReport {
  /** N of the formulas: non-embedding parameters a token uses (Kaplan's N; active ones for MoE). */
  n: number;
  /** 2N: the matrix multiplies of the weights. */
  forwardWeightsPerToken: number;
  /** 2·L·n_ctx·d_attn: attention scores and their weighted sum. */
  forwardAttentionPerToken: number;
  /** Kaplan's C_forward = 2N + 2·L·n_ctx·d_attn. */
  forwardPerToken: number;
  /** ≈ 3 × forward: the backward pass costs about twice the forward. */
  trainingPerToken: number;
  /** 6·N·D (Kaplan's C ≈ 6NBS), when `tokens` is given. */
  trainingTotal?: number;
  /** 3 × forwardPerToken × D, the same total keeping the attention term. */
  trainingTotalWithAttention?: number;
  /** trainingTotal / (peak × devices × MFU), when `tokens` and `peakFlopsPerDevice` are given. */
  trainingSeconds?: number;
  /** trainingSeconds in days. */
  trainingDays?: number;
}

/**
 * FLOPs per token for a forward pass and for training, and (optionally) the whole run's compute and time.
 * @example flops(presets["gpt3-175b"].config, { tokens: 300e9 }).trainingTotal // ≈ 3.14e23 (Brown et al. Table D.1)
 */
export function flops(input: GPTConfig | GPTConfigInput, options: FlopsOptions = {}): FlopsReport {
  const report = countParameters(input);
  const config = report.config;
  const ctx = positive("flops", "contextLength", options.contextLength ?? config.contextLength);
  const n = report.activeNonEmbedding;
  const dAttn = config.nHeads * config.headDim;
  const forwardWeightsPerToken = 2 * n;
  const forwardAttentionPerToken = 2 * config.nLayers * ctx * dAttn;
  const forwardPerToken = forwardWeightsPerToken + forwardAttentionPerToken;
  const out: FlopsReport = {
    n,
    forwardWeightsPerToken,
    forwardAttentionPerToken,
    forwardPerToken,
    trainingPerToken: 3 * forwardPerToken,
  };
  if (options.tokens !== undefined) {
    const tokens = positive("flops", "tokens", options.tokens);
    out.trainingTotal = 6 * n * tokens;
    out.trainingTotalWithAttention = 3 * forwardPerToken * tokens;
    if (options.peakFlopsPerDevice !== undefined) {
      const peak = positive("flops", "peakFlopsPerDevice", options.peakFlopsPerDevice);
      const devices = positive("flops", "devices", options.devices ?? 1);
      const mfu = fraction("flops", "mfu", options.mfu ?? 0.4);
      out.trainingSeconds = trainingTime(out.trainingTotal, peak * devices, mfu);
      out.trainingDays = out.trainingSeconds / 86400;
    }
  }
  return out;
}

/** 6·N·D: training compute of N parameters on D tokens (Kaplan et al. 2020, §2.1). */
export function trainingCompute(parameters: number, tokens: number): number {
  return (
    6 * positive("trainingCompute", "parameters", parameters) * positive("trainingCompute", "tokens", tokens)
  );
}

/** Seconds to spend `totalFlops` on hardware with `peakFlops` FLOP/s in total at utilisation `mfu`. */
export function trainingTime(totalFlops: number, peakFlops: number, mfu = 0.4): number {
  positive("trainingTime", "totalFlops", totalFlops);
  positive("trainingTime", "peakFlops", peakFlops);
  fraction("trainingTime", "mfu", mfu);
  return totalFlops / (peakFlops * mfu);
}
