// Activation memory per transformer layer from Korthikanti et al. 2022, "Reducing Activation Recomputation
// in Large Transformer Models", §4 and Table 2 (16-bit activations, GPT-style block with d_ff = 4h).
// It applies the paper's formulas as printed; other MLP widths or GQA change the constants slightly.
import { choice, integer } from "./check-args";
import type { GPTConfig, GPTConfigInput } from "./config";
import { validateConfig } from "./config";

/** Options for {@link activationMemory}. */
export interface ActivationMemoryOptions {
  /** Sequence length s (default: the config's context length). */
  sequenceLength?: number;
  /** Micro-batch size b (default 1). */
  microBatch?: number;
  /** Tensor-parallel degree t (default 1). */
  tensorParallel?: number;
  /** Sequence parallelism: also shards the norm and dropout activations over t (default false). */
  sequenceParallel?: boolean;
  /** `none` (default), `selective` (recompute attention's softmax/dropout), or `full` (keep layer inputs). */
  recompute?: "none" | "selective" | "full";
}

/** Bytes of activations kept for the backward pass. */
export interface ActivationMemory {
  /** One transformer layer. */
  perLayer: number;
  /**
   * All L layers: what one device holds without pipeline parallelism, and also what the first pipeline
   * stage holds under 1F1B scheduling (L/p layers × p micro-batches in flight; paper §4.2.3).
   */
  total: number;
  /** The Table 2 formula used, in the paper's symbols. */
  formula: string;
}

/**
 * Activation memory (bytes) per layer and over all layers, Korthikanti et al. 2022 Table 2, with
 * s = sequence length, b = micro-batch, h = d_model, a = attention heads, t = tensor parallel:
 * none: sbh(10 + 24/t + 5as/(ht)); with sequence parallel sbh(34/t + 5as/(ht));
 * selective: sbh(10 + 24/t), with sequence parallel sbh·34/t; full: 2sbh.
 * @example activationMemory(cfg, { recompute: "none" }).perLayer // sbh(34 + 5as/h) when t = 1
 */
export function activationMemory(
  input: GPTConfig | GPTConfigInput,
  options: ActivationMemoryOptions = {},
): ActivationMemory {
  const fn = "activationMemory";
  const config = validateConfig(input as GPTConfigInput);
  const s = integer(fn, "sequenceLength", options.sequenceLength ?? config.contextLength);
  const b = integer(fn, "microBatch", options.microBatch ?? 1);
  const t = integer(fn, "tensorParallel", options.tensorParallel ?? 1);
  const sp = options.sequenceParallel ?? false;
  const recompute = choice(fn, "recompute", options.recompute ?? "none", [
    "none",
    "selective",
    "full",
  ] as const);
  const h = config.dModel;
  const a = config.nHeads;
  const sbh = s * b * h;
  let perLayer: number;
  let formula: string;
  if (recompute === "full") {
    perLayer = 2 * sbh;
    formula = "2·s·b·h";
  } else if (recompute === "selective") {
    perLayer = sp ? (sbh * 34) / t : sbh * (10 + 24 / t);
    formula = sp ? "s·b·h·34/t" : "s·b·h·(10 + 24/t)";
  } else if (sp) {
    perLayer = sbh * (34 / t + (5 * a * s) / (h * t));
    formula = "s·b·h·(34/t + 5·a·s/(h·t))";
  } else {
    perLayer = sbh * (10 + 24 / t + (5 * a * s) / (h * t));
    formula = "s·b·h·(10 + 24/t + 5·a·s/(h·t))";
  }
  return { perLayer, total: perLayer * config.nLayers, formula };
}
