// Memory for serving and training: weights at a chosen precision, the KV cache, and mixed-precision AdamW
// training state sharded by ZeRO (Rajbhandari et al. 2020). Activations live in activation-memory.ts.
// Byte counts only: allocator overhead, CUDA context and fragmentation are deliberately left out.
import { kvValuesPerTokenLayer } from "./attention-shape";
import { choice, integer, positive } from "./check-args";
import type { GPTConfig, GPTConfigInput } from "./config";
import { validateConfig } from "./config";
import { countParameters } from "./count";
import { ArgumentError } from "./errors";

/** Storage precisions for weights and caches. */
export type DType = "fp32" | "fp16" | "bf16" | "fp8" | "int8" | "int4";

/** Bytes per stored value; int4 packs two values per byte (quantisation scales not included). */
export const BYTES_PER_VALUE: Readonly<Record<DType, number>> = Object.freeze({
  fp32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
});

const DTYPES = Object.keys(BYTES_PER_VALUE) as DType[];

/** Options for {@link kvCacheBytes}. */
export interface KVCacheOptions {
  /** Sequences decoded together (default 1). */
  batch?: number;
  /** Tokens cached per sequence (default: the config's context length). */
  contextLength?: number;
  /** Cache precision (default bf16). */
  dtype?: DType;
}

/**
 * KV-cache bytes: 2 (K and V) · L · n_kv · d_head · context · batch · bytes (latent attention: L ·
 * (kvLoraRank + qkRopeHeadDim) · context · batch · bytes).
 * @example kvCacheBytes(presets["llama2-7b"].config, { dtype: "fp16" }) // 2 GiB at 4096 tokens
 */
export function kvCacheBytes(input: GPTConfig | GPTConfigInput, options: KVCacheOptions = {}): number {
  const config = validateConfig(input as GPTConfigInput);
  const batch = integer("kvCacheBytes", "batch", options.batch ?? 1);
  const context = integer("kvCacheBytes", "contextLength", options.contextLength ?? config.contextLength);
  const dtype = choice("kvCacheBytes", "dtype", options.dtype ?? "bf16", DTYPES);
  return config.nLayers * kvValuesPerTokenLayer(config) * context * batch * BYTES_PER_VALUE[dtype];
}

/** Options for {@link inferenceMemory}. */
export interface InferenceMemoryOptions extends KVCacheOptions {
  /** Weight precision (default bf16). */
  weightDtype?: DType;
}

/** What {@link inferenceMemory} returns, in bytes. */
export interface InferenceMemory {
  parameters: number;
  /** Weights at `weightDtype`. */
  weights: number;
  /** Weights at every supported precision. */
  weightsByDtype: Record<DType, number>;
  kvCache: number;
  /** weights + kvCache. */
  total: number;
}

/**
 * Bytes to hold a model for inference: its weights plus the KV cache. All experts of a MoE are counted,
 * since all must be resident.
 */
export function inferenceMemory(
  input: GPTConfig | GPTConfigInput,
  options: InferenceMemoryOptions = {},
): InferenceMemory {
  const report = countParameters(input);
  const weightDtype = choice("inferenceMemory", "weightDtype", options.weightDtype ?? "bf16", DTYPES);
  const weightsByDtype = {} as Record<DType, number>;
  for (const d of DTYPES) weightsByDtype[d] = report.total * BYTES_PER_VALUE[d];
  const weights = weightsByDtype[weightDtype];
  const kvCache = kvCacheBytes(report.config, options);
  return { parameters: report.total, weights, weightsByDtype, kvCache, total: weights + kvCache };
}

/** Options for {@link trainingMemory}. */
export interface TrainingMemoryOptions {
  /** ZeRO stage: 0 none, 1 optimizer states, 2 + gradients, 3 + parameters sharded over data parallel. */
  zeroStage?: 0 | 1 | 2 | 3;
  /** Data-parallel degree N_d, over which ZeRO shards (default 1). */
  dataParallel?: number;
  /** Tensor-parallel degree: each device holds 1/t of every layer (default 1). */
  tensorParallel?: number;
  /** Pipeline-parallel degree: each device holds 1/p of the layers (default 1). */
  pipelineParallel?: number;
  /** Bytes per weight copy used in forward/backward (default 2, fp16/bf16). */
  weightBytes?: number;
  /** Bytes per gradient (default 2). */
  gradientBytes?: number;
  /** Optimizer bytes per parameter, K in the ZeRO paper (default 12: fp32 master weights, momentum, variance). */
  optimizerBytes?: number;
}

/** Bytes per device (and over all devices) for training state; activations excluded. */
export interface TrainingMemory {
  parameters: number;
  /** Parameters one device is responsible for before ZeRO: Ψ / (t · p). */
  parametersPerModelShard: number;
  perDevice: { weights: number; gradients: number; optimizer: number; total: number };
  /** Number of devices: data × tensor × pipeline. */
  devices: number;
  /** perDevice.total × devices. */
  total: number;
}

/**
 * Training-state memory for mixed-precision AdamW with ZeRO (Rajbhandari et al. 2020, §5.1 and Figure 1):
 * 2Ψ weights + 2Ψ gradients + KΨ optimizer states (K = 12), with stage 1 dividing the optimizer term by
 * N_d, stage 2 also the gradients, stage 3 also the weights. Tensor and pipeline parallelism first split Ψ
 * evenly over t · p devices (an approximation: embeddings and the last stage are not exactly 1/p).
 * @example trainingMemory(7.5e9, { zeroStage: 1, dataParallel: 64 }).perDevice.total // 31.4e9 (ZeRO, Fig. 1)
 */
export function trainingMemory(
  model: number | GPTConfig | GPTConfigInput,
  options: TrainingMemoryOptions = {},
): TrainingMemory {
  const fn = "trainingMemory";
  const parameters =
    typeof model === "number" ? positive(fn, "parameters", model) : countParameters(model).total;
  const stage = options.zeroStage ?? 0;
  if (stage !== 0 && stage !== 1 && stage !== 2 && stage !== 3) {
    throw new ArgumentError(fn, "zeroStage", `${String(stage)} must be 0, 1, 2 or 3`);
  }
  const nd = integer(fn, "dataParallel", options.dataParallel ?? 1);
  const tp = integer(fn, "tensorParallel", options.tensorParallel ?? 1);
  const pp = integer(fn, "pipelineParallel", options.pipelineParallel ?? 1);
  const wb = positive(fn, "weightBytes", options.weightBytes ?? 2);
  const gb = positive(fn, "gradientBytes", options.gradientBytes ?? 2);
  const k = positive(fn, "optimizerBytes", options.optimizerBytes ?? 12, true);
  const psi = parameters / (tp * pp);
  const weights = (wb * psi) / (stage >= 3 ? nd : 1);
  const gradients = (gb * psi) / (stage >= 2 ? nd : 1);
  const optimizer = (k * psi) / (stage >= 1 ? nd : 1);
  const perDeviceTotal = weights + gradients + optimizer;
  const devices = nd * tp * pp;
  return {
    parameters,
    parametersPerModelShard: psi,
    perDevice: { weights, gradients, optimizer, total: perDeviceTotal },
    devices,
    total: perDeviceTotal * devices,
  };
}
