// The calculator's "will it fit, how fast" inputs: the weight formats and KV-cache types offered, how each
// maps onto gpt-params' schemes, and the serving estimate and its curves (memory against context, tokens/s
// against batch) for one model. All arithmetic is @paramlens/gpt-params' inferenceEstimate.
import {
  type GPTConfig,
  type InferenceEstimate,
  inferenceEstimate,
  KV_CACHE_TYPES,
  type WeightQuant,
} from "@paramlens/gpt-params";

/** Weight formats offered, in order of size; the value is what the URL stores. */
export const QUANTS: readonly (readonly [string, WeightQuant])[] = [
  ["fp32", { kind: "dense", dtype: "fp32" }],
  ["bf16", { kind: "dense", dtype: "bf16" }],
  ["fp8", { kind: "fp8", scales: "channel" }],
  ["int8", { kind: "int8" }],
  ["q8_0", { kind: "gguf", fileType: "Q8_0" }],
  ["q6_k", { kind: "gguf", fileType: "Q6_K" }],
  ["q5_k_m", { kind: "gguf", fileType: "Q5_K_M" }],
  ["q4_k_m", { kind: "gguf", fileType: "Q4_K_M" }],
  ["q4_0", { kind: "gguf", fileType: "Q4_0" }],
  ["gptq-4-g128", { kind: "gptq", bits: 4, groupSize: 128 }],
  ["awq-g128", { kind: "awq", groupSize: 128 }],
  ["nf4-dq", { kind: "nf4", doubleQuant: true }],
  ["iq4_xs", { kind: "gguf", fileType: "IQ4_XS" }],
  ["q3_k_m", { kind: "gguf", fileType: "Q3_K_M" }],
  ["q2_k", { kind: "gguf", fileType: "Q2_K" }],
];
export const QUANT_NAMES: readonly string[] = QUANTS.map(([name]) => name);
export const KV_NAMES: readonly string[] = Object.keys(KV_CACHE_TYPES);

/** What the fit section needs from the shared options, already parsed. */
export interface ServeInputs {
  gpu: string;
  gpus: number;
  quant: string;
  kvCache: string;
  batch: number;
  context: number;
}

function scheme(name: string): WeightQuant {
  return (QUANTS.find(([n]) => n === name) ?? QUANTS[7]!)[1];
}

export function serveEstimate(config: GPTConfig, o: ServeInputs): InferenceEstimate {
  return inferenceEstimate(config, {
    device: o.gpu,
    devices: o.gpus,
    weights: scheme(o.quant),
    kvCache: o.kvCache,
    batch: o.batch,
    contextLength: o.context,
  });
}

/** Context lengths the memory curve samples: 512 to 128k tokens, doubling. */
export const CONTEXTS: readonly number[] = Array.from({ length: 9 }, (_, i) => 512 * 2 ** i);
/** Batch sizes the speed curve samples: 1 to 256, doubling. */
export const BATCHES: readonly number[] = Array.from({ length: 9 }, (_, i) => 2 ** i);

/**
 * Memory per device (bytes) at each of CONTEXTS, and decode tokens/s at each of BATCHES — null where that
 * batch does not fit, so the chart never shows a speed the device cannot hold.
 */
export function serveCurves(
  config: GPTConfig,
  o: ServeInputs,
): { memory: number[]; speed: (number | null)[] } {
  return {
    memory: CONTEXTS.map((context) => serveEstimate(config, { ...o, context }).memory.perDevice),
    speed: BATCHES.map((batch) => {
      const e = serveEstimate(config, { ...o, batch });
      return e.memory.fits ? e.decode.tokensPerSecond : null;
    }),
  };
}
