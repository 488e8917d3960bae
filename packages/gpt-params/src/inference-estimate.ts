// "Will it fit, and how fast?" for serving: memory per device (weights at a quantisation, KV cache at a
// storage type, a stated runtime overhead), the largest batch and context that fit, and roofline estimates
// of prefill latency and decode tokens/s: each phase takes max(FLOPs / usable peak, bytes / usable
// bandwidth), plus tensor-parallel all-reduce time. Every assumption is returned beside the numbers.
// Not modelled: kernel launch overheads, speculative decoding, paged-attention fragmentation, CPU offload.
import { fraction, integer, positive } from "./check-args";
import type { GPTConfig, GPTConfigInput } from "./config";
import { countParameters } from "./count";
import { ArgumentError } from "./errors";
import { type Device, getDevice } from "./hardware";
import { operationFlops } from "./operation-flops";
import { quantizedKVCacheBytes, quantizedWeightBytes, type WeightQuant } from "./weight-quant";

/** Options for {@link inferenceEstimate}. */
export interface InferenceEstimateOptions {
  /** A device id from the catalogue (`hardware.ts`) or a Device. */
  device: string | Device;
  /** Devices the model is split over by tensor parallelism (default 1). */
  devices?: number;
  /** Weight storage (default bf16). */
  weights?: WeightQuant;
  /** KV-cache storage type, a key of KV_CACHE_TYPES (default f16). */
  kvCache?: string;
  /** Sequences decoded together (default 1). */
  batch?: number;
  /** Tokens in context when a token is decoded (default: the config's context length). */
  contextLength?: number;
  /** Prompt tokens per sequence for the prefill estimate (default: contextLength). */
  promptTokens?: number;
  /** Share of the peak bandwidth reached when streaming weights (default 0.8). */
  memoryEfficiency?: number;
  /** Share of the peak FLOP/s reached by prefill matmuls (default 0.5). */
  computeEfficiency?: number;
  /** Compute dtype whose peak applies (default bf16). */
  computeDtype?: "bf16" | "fp8" | "int8" | "fp32";
  /** Bytes per device for the runtime (CUDA context, workspace, activations) (default 1 GiB). */
  overheadBytes?: number;
  /** Device-to-device bandwidth per direction, bytes/s, when the device does not say (default 64e9: PCIe 5 x16). */
  linkBandwidth?: number;
  /** Latency of one all-reduce, seconds (default 10 µs). */
  allReduceLatency?: number;
}

/** What {@link inferenceEstimate} returns: bytes, seconds, FLOPs and tokens/s. */
export interface InferenceEstimate {
  device: Device;
  devices: number;
  memory: {
    weights: number;
    kvCache: number;
    overhead: number;
    /** weights + kvCache + overhead × devices. */
    total: number;
    /** What one device holds. */
    perDevice: number;
    /** One device's memory. */
    available: number;
    fits: boolean;
  };
  /** Largest batch whose KV cache fits at `contextLength` (0 if the weights alone do not fit). */
  maxBatch: number;
  /** Longest context that fits at `batch`. */
  maxContext: number;
  prefill: {
    flops: number;
    bytes: number;
    seconds: number;
    bound: "compute" | "memory";
    communicationSeconds: number;
  };
  decode: {
    flopsPerStep: number;
    bytesPerStep: number;
    secondsPerStep: number;
    /** batch / secondsPerStep. */
    tokensPerSecond: number;
    /** What one sequence sees: 1 / secondsPerStep. */
    tokensPerSecondPerSequence: number;
    bound: "compute" | "memory";
    communicationSeconds: number;
  };
  assumptions: string[];
  formulas: Record<string, string>;
}

/**
 * Memory and roofline speed of serving `config` on `devices` × `device`.
 * @example inferenceEstimate(presets["llama2-7b"].config, { device: "rtx-4090", weights: { kind: "gguf", fileType: "Q4_K_M" } })
 */
export function inferenceEstimate(
  input: GPTConfig | GPTConfigInput,
  options: InferenceEstimateOptions,
): InferenceEstimate {
  const fn = "inferenceEstimate";
  if (options === null || typeof options !== "object")
    throw new ArgumentError(fn, "options", "must give a device");
  const device = typeof options.device === "string" ? getDevice(options.device) : options.device;
  if (device === null || typeof device !== "object")
    throw new ArgumentError(fn, "device", "must be an id or a Device");
  const report = countParameters(input);
  const c = report.config;
  const n = integer(fn, "devices", options.devices ?? 1);
  const batch = integer(fn, "batch", options.batch ?? 1);
  const ctx = integer(fn, "contextLength", options.contextLength ?? c.contextLength);
  const prompt = integer(fn, "promptTokens", options.promptTokens ?? ctx);
  const memEff = fraction(fn, "memoryEfficiency", options.memoryEfficiency ?? 0.8);
  const compEff = fraction(fn, "computeEfficiency", options.computeEfficiency ?? 0.5);
  const overhead = positive(fn, "overheadBytes", options.overheadBytes ?? 2 ** 30, true);
  const dtype = options.computeDtype ?? "bf16";
  const peak = device.peakFlops[dtype];
  if (peak === undefined) {
    throw new ArgumentError(fn, "computeDtype", `${dtype} has no peak for ${device.name}; use bf16`);
  }
  const link = positive(fn, "linkBandwidth", device.linkBandwidth ?? options.linkBandwidth ?? 64e9);
  const arLatency = positive(fn, "allReduceLatency", options.allReduceLatency ?? 10e-6, true);
  const weightsScheme: WeightQuant = options.weights ?? { kind: "dense", dtype: "bf16" };
  const kvType = options.kvCache ?? "f16";

  const weights = quantizedWeightBytes(c, weightsScheme).bytes;
  const kvPerSeq = quantizedKVCacheBytes(c, { contextLength: ctx, type: kvType });
  const kvCache = kvPerSeq * batch;
  const total = weights + kvCache + overhead * n;
  const perDevice = (weights + kvCache) / n + overhead;
  const fits = perDevice <= device.memoryBytes;
  const free = n * (device.memoryBytes - overhead) - weights;
  const maxBatch = free > 0 ? Math.floor(free / kvPerSeq) : 0;
  const kvPerToken = kvPerSeq / ctx;
  const maxContext = free > 0 ? Math.floor(free / (kvPerToken * batch)) : 0;

  // Tensor parallelism all-reduces the residual stream twice per block (after attention and after the MLP;
  // Shoeybi et al. 2019, Megatron-LM §3), in 16-bit: a ring moves 2(N−1)/N of the data per device.
  const allReduce = (tokens: number) =>
    n === 1 ? 0 : 2 * c.nLayers * (((2 * (n - 1)) / n) * ((tokens * c.dModel * 2) / link) + arLatency);

  // Decode: every step reads the weights a token needs (all of them for a dense model; for MoE the experts
  // some sequence in the batch routes to, in expectation) and each sequence's KV cache.
  let readFraction = 1;
  if (c.moe) {
    const E = c.moe.nExperts;
    const k = c.moe.expertsPerToken;
    const touched = E * (1 - (1 - k / E) ** batch);
    const expertParams = report.breakdown["moe/experts"] ?? 0;
    readFraction = 1 - (expertParams * (1 - touched / E)) / report.total;
  }
  const ops = operationFlops(c, { contextLength: ctx, promptTokens: prompt });
  const decodeFlops = batch * ops.forwardPerToken;
  const decodeBytes = weights * readFraction + kvCache;
  const tCompute = decodeFlops / (n * peak * compEff);
  const tMemory = decodeBytes / (n * device.bandwidth * memEff);
  const decodeComm = allReduce(batch);
  const step = Math.max(tCompute, tMemory) + decodeComm;

  const prefillFlops = batch * ops.prefill;
  const prefillBytes = weights + quantizedKVCacheBytes(c, { contextLength: prompt, type: kvType }) * batch;
  const pCompute = prefillFlops / (n * peak * compEff);
  const pMemory = prefillBytes / (n * device.bandwidth * memEff);
  const prefillComm = allReduce(batch * prompt);

  const assumptions = [
    `${(memEff * 100).toFixed(0)} % of ${(device.bandwidth / 1e9).toFixed(0)} GB/s memory bandwidth reached`,
    `${(compEff * 100).toFixed(0)} % of ${(peak / 1e12).toFixed(1)} TFLOP/s ${dtype} peak reached`,
    `${(overhead / 2 ** 30).toFixed(2)} GiB per device for the runtime, workspace and activations`,
    `each step decodes at ${ctx} tokens of context (the KV cache read in full)`,
  ];
  if (n > 1) {
    assumptions.push(
      `tensor parallel over ${n}: weights and KV cache split evenly; 2 all-reduces per block at ${(link / 1e9).toFixed(0)} GB/s, ${(arLatency * 1e6).toFixed(0)} µs latency, not overlapped`,
    );
  }
  if (c.moe)
    assumptions.push(
      `MoE: a decode step reads the experts at least one of the ${batch} sequences routes to (uniform routing)`,
    );
  return {
    device,
    devices: n,
    memory: { weights, kvCache, overhead, total, perDevice, available: device.memoryBytes, fits },
    maxBatch,
    maxContext,
    prefill: {
      flops: prefillFlops,
      bytes: prefillBytes,
      seconds: Math.max(pCompute, pMemory) + prefillComm,
      bound: pCompute >= pMemory ? "compute" : "memory",
      communicationSeconds: prefillComm,
    },
    decode: {
      flopsPerStep: decodeFlops,
      bytesPerStep: decodeBytes,
      secondsPerStep: step,
      tokensPerSecond: batch / step,
      tokensPerSecondPerSequence: 1 / step,
      bound: tCompute >= tMemory ? "compute" : "memory",
      communicationSeconds: decodeComm,
    },
    assumptions,
    formulas: {
      perDevice: "(weights + batch·KV(context)) / devices + overhead",
      decode:
        "max(batch·FLOPs/token ÷ (devices·peak·eff), (weights read + batch·KV) ÷ (devices·bandwidth·eff)) + all-reduces",
      prefill:
        "max(batch·Σ_t FLOPs(t) ÷ (devices·peak·eff), (weights + KV written) ÷ (devices·bandwidth·eff)) + all-reduces",
      allReduce: "2·L·(2(N−1)/N · tokens·d·2 bytes ÷ link + latency)",
      maxBatch: "⌊(devices·(memory − overhead) − weights) ÷ KV per sequence⌋",
    },
  };
}
