// Fine-tuning budgets: LoRA's exact trainable parameter count for a rank and target modules (Hu et al. 2021:
// each adapted [in → out] matrix gains A [r, in] and B [out, r]), and the memory of full fine-tuning,
// LoRA and QLoRA (Dettmers et al. 2023: an NF4 base with double quantisation, 16-bit compute, adapters
// trained) with frozen layers. It counts bytes; the paged optimizer of QLoRA only moves spikes to CPU
// memory and does not change these totals.

import { activationMemory } from "./activation-memory";
import { attentionMatrices } from "./attention-shape";
import { choice, integer } from "./check-args";
import type { GPTConfig, GPTConfigInput } from "./config";
import { countParameters } from "./count";
import { ArgumentError } from "./errors";
import { OPTIMIZER_BYTES, type OptimizerKind } from "./training-estimate";
import { quantizedWeightBytes } from "./weight-quant";

/** Linear layers LoRA can adapt, by their Llama (PEFT `target_modules`) names without `_proj`. */
export type LoraTarget = "q" | "k" | "v" | "o" | "gate" | "up" | "down";
const TARGETS: readonly LoraTarget[] = ["q", "k", "v", "o", "gate", "up", "down"];

/** What {@link loraParameters} returns. */
export interface LoraCount {
  trainable: number;
  /** Base parameters + adapters, as PEFT's print_trainable_parameters reports "all params". */
  all: number;
  byTarget: Partial<Record<LoraTarget, number>>;
  formula: string;
}

/**
 * Exact LoRA trainable parameters: Σ over adapted matrices of r · (in + out), per layer and per expert.
 * @example loraParameters(presets["llama2-7b"].config, { rank: 8, targets: ["q", "v"] }).trainable // 4,194,304
 */
export function loraParameters(
  input: GPTConfig | GPTConfigInput,
  options: { rank: number; targets: readonly LoraTarget[]; layers?: number },
): LoraCount {
  const fn = "loraParameters";
  const report = countParameters(input);
  const c = report.config;
  const r = integer(fn, "rank", options.rank);
  if (!Array.isArray(options.targets) || options.targets.length === 0) {
    throw new ArgumentError(fn, "targets", `must list at least one of ${TARGETS.join(", ")}`);
  }
  const targets = new Set(options.targets.map((t) => choice(fn, "targets", t, TARGETS)));
  if (c.mlp === "gelu" && targets.has("gate")) {
    throw new ArgumentError(fn, "targets", "gate: this model's MLP has no gate matrix");
  }
  const adapted = integer(fn, "layers", options.layers ?? c.nLayers);
  if (adapted > c.nLayers)
    throw new ArgumentError(fn, "layers", `${adapted} exceeds the ${c.nLayers} layers`);
  const d = c.dModel;
  const attention = attentionMatrices(c);
  const moeLayers = new Set(c.moe?.layers ?? []);
  const byTarget: Partial<Record<LoraTarget, number>> = {};
  const add = (t: LoraTarget, nIn: number, nOut: number, times: number) => {
    if (targets.has(t)) byTarget[t] = (byTarget[t] ?? 0) + times * r * (nIn + nOut);
  };
  // The last `adapted` layers are adapted (frozen lower layers are the usual choice).
  for (let i = c.nLayers - adapted; i < c.nLayers; i++) {
    // Latent attention: "q" adapts q_a and q_b (or q), "k" and "v" the shared kv_a and kv_b (once).
    for (const m of attention) {
      const target: LoraTarget =
        m.name === "q_a" || m.name === "q_b"
          ? "q"
          : m.name === "kv_a" || m.name === "kv_b"
            ? targets.has("k")
              ? "k"
              : "v"
            : m.name;
      add(target, m.nIn, m.nOut, 1);
    }
    const moe = c.moe && moeLayers.has(i) ? c.moe : null;
    const ff = moe ? moe.expertDFF : c.dFF;
    const times = moe ? moe.nExperts : 1;
    add("gate", d, ff, times);
    add("up", d, ff, times);
    add("down", ff, d, times);
  }
  let trainable = 0;
  for (const v of Object.values(byTarget)) trainable += v ?? 0;
  return {
    trainable,
    all: report.total + trainable,
    byTarget,
    formula: "Σ r·(in + out) over adapted matrices",
  };
}

/** Options for {@link fineTuneMemory}. */
export interface FineTuneOptions {
  method: "full" | "lora" | "qlora";
  rank?: number;
  targets?: readonly LoraTarget[];
  /** Layers left frozen at the bottom of the model (full fine-tuning) or not adapted (LoRA). Default 0. */
  frozenLayers?: number;
  optimizer?: OptimizerKind;
  microBatch?: number;
  sequenceLength?: number;
  recompute?: "none" | "selective" | "full";
}

/** What {@link fineTuneMemory} returns, in bytes. */
export interface FineTuneMemory {
  totalParameters: number;
  trainableParameters: number;
  bytes: {
    base: number;
    adapters: number;
    gradients: number;
    optimizer: number;
    activations: number;
    total: number;
  };
  assumptions: string[];
}

/**
 * Memory of one device fine-tuning `config`: base weights (16-bit, or NF4 for QLoRA), trainable parameters'
 * gradients and optimizer state, and activations (Korthikanti et al. 2022 Table 2).
 */
export function fineTuneMemory(input: GPTConfig | GPTConfigInput, options: FineTuneOptions): FineTuneMemory {
  const fn = "fineTuneMemory";
  if (options === null || typeof options !== "object")
    throw new ArgumentError(fn, "options", "must give a method");
  const method = choice(fn, "method", options.method, ["full", "lora", "qlora"] as const);
  const report = countParameters(input);
  const c = report.config;
  const frozen = integer(fn, "frozenLayers", options.frozenLayers ?? 0, 0);
  if (frozen >= c.nLayers)
    throw new ArgumentError(fn, "frozenLayers", `${frozen} leaves no layer of ${c.nLayers} to train`);
  const optimizer = choice(
    fn,
    "optimizer",
    options.optimizer ?? "adamw",
    Object.keys(OPTIMIZER_BYTES) as OptimizerKind[],
  );
  const activations = activationMemory(c, {
    sequenceLength: integer(fn, "sequenceLength", options.sequenceLength ?? c.contextLength),
    microBatch: integer(fn, "microBatch", options.microBatch ?? 1),
    recompute: options.recompute ?? "none",
  }).total;
  const k = OPTIMIZER_BYTES[optimizer];
  if (method === "full") {
    let frozenParams = 0;
    for (let i = 0; i < frozen; i++) frozenParams += report.perLayer[i]!.total;
    const trainable = report.total - frozenParams;
    const base = 2 * report.total;
    const gradients = 2 * trainable;
    const opt = k * trainable;
    return {
      totalParameters: report.total,
      trainableParameters: trainable,
      bytes: {
        base,
        adapters: 0,
        gradients,
        optimizer: opt,
        activations,
        total: base + gradients + opt + activations,
      },
      assumptions: [`16-bit weights and gradients; ${optimizer}: ${k} bytes per trainable parameter`],
    };
  }
  const lora = loraParameters(c, {
    rank: options.rank ?? 8,
    targets: options.targets ?? ["q", "v"],
    layers: c.nLayers - frozen,
  });
  const base =
    method === "qlora" ? quantizedWeightBytes(c, { kind: "nf4", doubleQuant: true }).bytes : 2 * report.total;
  // PEFT keeps adapters in fp32 by default (autocast_adapter_dtype): 4 bytes each, fp32 gradients, and the
  // optimizer's moment estimates (its fp32 master copy is the adapter itself).
  const adapters = 4 * lora.trainable;
  const gradients = 4 * lora.trainable;
  const opt = (k - 4) * lora.trainable;
  return {
    totalParameters: lora.all,
    trainableParameters: lora.trainable,
    bytes: {
      base,
      adapters,
      gradients,
      optimizer: opt,
      activations,
      total: base + adapters + gradients + opt + activations,
    },
    assumptions: [
      method === "qlora"
        ? "base in NF4 with double quantisation (16-bit embeddings, LM head and norms); compute in BF16"
        : "base in 16 bits",
      `adapters, their gradients and ${optimizer} state in fp32 (PEFT's default)`,
    ],
  };
}
