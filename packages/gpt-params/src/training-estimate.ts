// "What does training need?": memory per device under data, tensor, pipeline and sequence parallelism with
// ZeRO 0–3 (Rajbhandari et al. 2020), activations with none/selective/full recomputation (Korthikanti et
// al. 2022, activation-memory.ts), an optimizer choice; the smallest data-parallel degree that fits; and
// throughput, time and cost to train on a token budget at a model FLOPs utilisation (or the MFU a measured
// throughput implies). Every assumption is returned beside the numbers. Pipeline bubbles and communication
// are not modelled separately: they are what an MFU below 1 stands for.

import { activationMemory } from "./activation-memory";
import { choice, fraction, integer, positive } from "./check-args";
import type { GPTConfig, GPTConfigInput } from "./config";
import { countParameters } from "./count";
import { ArgumentError } from "./errors";
import { type Device, getDevice } from "./hardware";
import { operationFlops } from "./operation-flops";

/**
 * Optimizer state bytes per trainable parameter, fp32 master weights included: AdamW 4 + 4 + 4 = 12
 * (ZeRO §3's K = 12); 8-bit Adam 4 + 1 + 1 = 6 (Dettmers et al. 2022, block-wise statistics left out);
 * SGD with momentum 4 + 4; SGD 4.
 */
export const OPTIMIZER_BYTES = Object.freeze({ adamw: 12, "adamw-8bit": 6, "sgd-momentum": 8, sgd: 4 });
export type OptimizerKind = keyof typeof OPTIMIZER_BYTES;

/** Options for {@link trainingEstimate}. */
export interface TrainingEstimateOptions {
  device: string | Device;
  dataParallel?: number;
  tensorParallel?: number;
  pipelineParallel?: number;
  sequenceParallel?: boolean;
  zeroStage?: 0 | 1 | 2 | 3;
  recompute?: "none" | "selective" | "full";
  optimizer?: OptimizerKind;
  /** Sequences per micro-batch per data-parallel rank (default 1). */
  microBatch?: number;
  /** Default: the config's context length. */
  sequenceLength?: number;
  gradientAccumulation?: number;
  /** Bytes per device for the framework, buffers and fragmentation (default 2 GiB). */
  overheadBytes?: number;
  /** Training tokens, for time and cost. */
  tokens?: number;
  /** Model FLOPs utilisation (default 0.4). */
  mfu?: number;
  /** Price of one device for one hour, for the cost. */
  pricePerDeviceHour?: number;
}

/** What {@link trainingEstimate} returns. */
export interface TrainingEstimate {
  devices: number;
  perDevice: {
    weights: number;
    gradients: number;
    optimizer: number;
    activations: number;
    overhead: number;
    total: number;
  };
  available: number;
  fits: boolean;
  /** Tokens per optimizer step over all ranks. */
  globalBatchTokens: number;
  /** Training FLOPs per token, by operation count (forward + backward + recomputation). */
  flopsPerToken: number;
  /** The same with Kaplan's 6N, for comparison. */
  flopsPerToken6N: number;
  tokensPerSecond: number;
  seconds?: number;
  days?: number;
  cost?: number;
  assumptions: string[];
  formulas: Record<string, string>;
}

function resolveDevice(fn: string, d: string | Device): Device {
  if (typeof d === "string") return getDevice(d);
  if (d === null || typeof d !== "object") throw new ArgumentError(fn, "device", "must be an id or a Device");
  return d;
}

/**
 * Per-device memory, throughput, time and cost of training `config`.
 * @example trainingEstimate(presets["llama2-7b"].config, { device: "a100-80gb", dataParallel: 8, zeroStage: 3, recompute: "full" })
 */
export function trainingEstimate(
  input: GPTConfig | GPTConfigInput,
  options: TrainingEstimateOptions,
): TrainingEstimate {
  const fn = "trainingEstimate";
  if (options === null || typeof options !== "object")
    throw new ArgumentError(fn, "options", "must give a device");
  const device = resolveDevice(fn, options.device);
  const report = countParameters(input);
  const c = report.config;
  const dp = integer(fn, "dataParallel", options.dataParallel ?? 1);
  const tp = integer(fn, "tensorParallel", options.tensorParallel ?? 1);
  const pp = integer(fn, "pipelineParallel", options.pipelineParallel ?? 1);
  if (pp > c.nLayers)
    throw new ArgumentError(fn, "pipelineParallel", `${pp} exceeds the ${c.nLayers} layers`);
  const stage = options.zeroStage ?? 0;
  if (![0, 1, 2, 3].includes(stage))
    throw new ArgumentError(fn, "zeroStage", `${String(stage)} must be 0, 1, 2 or 3`);
  const recompute = choice(fn, "recompute", options.recompute ?? "none", [
    "none",
    "selective",
    "full",
  ] as const);
  const optimizer = choice(
    fn,
    "optimizer",
    options.optimizer ?? "adamw",
    Object.keys(OPTIMIZER_BYTES) as OptimizerKind[],
  );
  const micro = integer(fn, "microBatch", options.microBatch ?? 1);
  const seq = integer(fn, "sequenceLength", options.sequenceLength ?? c.contextLength);
  const accum = integer(fn, "gradientAccumulation", options.gradientAccumulation ?? 1);
  const overhead = positive(fn, "overheadBytes", options.overheadBytes ?? 2 ** 31, true);
  const mfu = fraction(fn, "mfu", options.mfu ?? 0.4);

  // Mixed precision (ZeRO §3): 16-bit weights and gradients, K bytes of optimizer state per parameter,
  // split over t·p model-parallel devices first, then sharded over data parallel by the ZeRO stage.
  const psi = report.total / (tp * pp);
  const k = OPTIMIZER_BYTES[optimizer];
  const weights = (2 * psi) / (stage >= 3 ? dp : 1);
  const gradients = (2 * psi) / (stage >= 2 ? dp : 1);
  const opt = (k * psi) / (stage >= 1 ? dp : 1);
  // With 1F1B pipelining the first stage holds L/p layers for p micro-batches: the whole model's worth
  // (Korthikanti et al. 2022 §4.2.3), so pipeline parallelism does not shrink activations per device.
  const activations = activationMemory(c, {
    sequenceLength: seq,
    microBatch: micro,
    tensorParallel: tp,
    sequenceParallel: options.sequenceParallel ?? false,
    recompute,
  }).total;
  const total = weights + gradients + opt + activations + overhead;
  const devices = dp * tp * pp;

  const ops = operationFlops(c, { contextLength: seq });
  // Per token of a sequence of length seq: the attention core averages over the causal context, so take
  // the prefill count (Σ over positions) divided by seq, times the training multiplier.
  const forward = ops.prefill / seq;
  const core = (ops.trainingPerToken.selective - ops.trainingPerToken.none) * ((seq + 1) / 2 / seq);
  const flopsPerToken =
    recompute === "full" ? 4 * forward : recompute === "selective" ? 3 * forward + core : 3 * forward;
  const peak = device.peakFlops.bf16;
  const tokensPerSecond = (mfu * peak * devices) / flopsPerToken;
  const out: TrainingEstimate = {
    devices,
    perDevice: { weights, gradients, optimizer: opt, activations, overhead, total },
    available: device.memoryBytes,
    fits: total <= device.memoryBytes,
    globalBatchTokens: dp * micro * accum * seq,
    flopsPerToken,
    flopsPerToken6N: 6 * report.active,
    tokensPerSecond,
    assumptions: [
      `16-bit weights and gradients, ${optimizer} with ${k} bytes of state per parameter (fp32 master included)`,
      `${(mfu * 100).toFixed(0)} % MFU of ${(peak / 1e12).toFixed(1)} TFLOP/s BF16 on each of ${devices} devices`,
      `${(overhead / 2 ** 30).toFixed(1)} GiB per device for the framework and fragmentation`,
      "activations in 16 bits as Korthikanti et al. 2022 Table 2 (d_ff = 4·d_model, no GQA)",
    ],
    formulas: {
      weights: "2Ψ/(t·p) ÷ N_d if ZeRO-3",
      gradients: "2Ψ/(t·p) ÷ N_d if ZeRO ≥ 2",
      optimizer: "K·Ψ/(t·p) ÷ N_d if ZeRO ≥ 1",
      tokensPerSecond: "MFU · peak · devices ÷ training FLOPs per token",
    },
  };
  if (options.tokens !== undefined) {
    const tokens = positive(fn, "tokens", options.tokens);
    out.seconds = tokens / tokensPerSecond;
    out.days = out.seconds / 86400;
    if (options.pricePerDeviceHour !== undefined) {
      const price = positive(fn, "pricePerDeviceHour", options.pricePerDeviceHour, true);
      out.cost = (out.seconds / 3600) * devices * price;
    }
  }
  return out;
}

/**
 * The smallest data-parallel degree (with ZeRO-3, or the stage given) that makes training fit, trying
 * tensor parallelism 1, 2, 4, 8 when activations alone do not fit; undefined when nothing up to 4,096
 * devices fits.
 */
export function devicesNeeded(
  input: GPTConfig | GPTConfigInput,
  options: Omit<TrainingEstimateOptions, "dataParallel">,
): TrainingEstimate | undefined {
  const zeroStage = options.zeroStage ?? 3;
  for (const tp of [options.tensorParallel ?? 1, 2, 4, 8]) {
    for (let dp = 1; dp * tp * (options.pipelineParallel ?? 1) <= 4096; dp *= 2) {
      const e = trainingEstimate(input, { ...options, zeroStage, tensorParallel: tp, dataParallel: dp });
      if (e.fits) {
        // Refine between dp/2 and dp.
        let lo = Math.max(1, dp / 2);
        let best = e;
        for (let d = lo; d < dp; d++) {
          const f = trainingEstimate(input, { ...options, zeroStage, tensorParallel: tp, dataParallel: d });
          if (f.fits) {
            best = f;
            break;
          }
          lo = d;
        }
        return best;
      }
      if (zeroStage === 0) break; // without ZeRO more data parallelism does not lower memory per device
    }
  }
  return undefined;
}

/** Model FLOPs utilisation implied by a measured training throughput (tokens/s over all devices). */
export function mfuFromThroughput(
  input: GPTConfig | GPTConfigInput,
  options: { tokensPerSecond: number; device: string | Device; devices?: number; sequenceLength?: number },
): number {
  const fn = "mfuFromThroughput";
  const tps = positive(fn, "tokensPerSecond", options.tokensPerSecond);
  const e = trainingEstimate(input, {
    device: options.device,
    dataParallel: integer(fn, "devices", options.devices ?? 1),
    ...(options.sequenceLength === undefined ? {} : { sequenceLength: options.sequenceLength }),
    mfu: 1,
  });
  return (tps * e.flopsPerToken) / (e.devices * resolveDevice(fn, options.device).peakFlops.bf16);
}
