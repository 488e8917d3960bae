// One full report (validate, count with breakdown and closed form, FLOPs, inference/KV/training/activation
// memory, compute-optimal allocation, the GGUF Q4_K_M mix, operation FLOPs, a serving and a training
// estimate) per keystroke of the docs calculator must stay well under 1 ms.
// Run with `pnpm run bench`; vitest prints ops/s and the mean time per report.
import { bench, describe } from "vitest";
import {
  activationMemory,
  computeOptimal,
  countParameters,
  flops,
  type GPTConfigInput,
  ggufQuantize,
  inferenceEstimate,
  inferenceMemory,
  kvCacheBytes,
  operationFlops,
  presets,
  trainingEstimate,
  trainingMemory,
  validateConfig,
} from "../src/index";

function fullReport(input: GPTConfigInput) {
  const config = validateConfig(input);
  const report = countParameters(config);
  const f = flops(config, { tokens: 20 * report.total, peakFlopsPerDevice: 989e12, devices: 8, mfu: 0.4 });
  return {
    report,
    flops: f,
    inference: inferenceMemory(config, { weightDtype: "bf16" }),
    kv: kvCacheBytes(config, { batch: 8, dtype: "fp8" }),
    training: trainingMemory(report.total, { zeroStage: 3, dataParallel: 8 }),
    activations: activationMemory(config, {
      recompute: "selective",
      tensorParallel: 8,
      sequenceParallel: true,
    }),
    optimal: computeOptimal(f.trainingTotal ?? 1e21, { fit: "epoch2024" }),
    gguf: ggufQuantize(config, "Q4_K_M"),
    operations: operationFlops(config),
    serve: inferenceEstimate(config, { device: "h100-sxm", weights: { kind: "gguf", fileType: "Q4_K_M" } }),
    train: trainingEstimate(config, { device: "h100-sxm", dataParallel: 8, zeroStage: 3 }),
  };
}

// Keystroke-sized edits: the raw input object as a form would hold it, validated on every call.
const gpt2 = { ...presets.gpt2!.config };
const llama70 = { ...presets["llama2-70b"]!.config };
const gpt4 = { ...presets["gpt4-estimate"]!.config };

describe("full report per config", () => {
  bench("GPT-2 small (12 layers)", () => {
    fullReport(gpt2);
  });
  bench("Llama-2-70B (80 layers, GQA)", () => {
    fullReport(llama70);
  });
  bench("GPT-4 estimate (120 MoE layers)", () => {
    fullReport(gpt4);
  });
});

describe("parameter count alone", () => {
  bench("countParameters(GPT-2 small)", () => {
    countParameters(gpt2);
  });
});
