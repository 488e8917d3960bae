// Training and fine-tuning budgets: ZeRO's Figure 1 numbers through the device-level estimate, the smallest
// data-parallel degree at the edge of memory, throughput from MFU and back, and LoRA's trainable count
// against PEFT's published print_trainable_parameters output for Llama-2-7B (r = 8 on q_proj and v_proj:
// "trainable params: 4,194,304 || all params: 6,742,609,920").
import { describe, expect, it } from "vitest";
import { ArgumentError } from "./errors";
import { fineTuneMemory, loraParameters } from "./fine-tune";
import { defineDevice } from "./hardware";
import { presets } from "./presets";
import { devicesNeeded, mfuFromThroughput, trainingEstimate } from "./training-estimate";

const llama7 = presets["llama2-7b"]!.config;

describe("trainingEstimate", () => {
  it("applies ZeRO's per-device model-state split (Rajbhandari et al. 2020 Fig. 1: N_d = 64, K = 12)", () => {
    // Per parameter: 16 bytes without ZeRO, 4 + 12/N_d with stage 1, 2 + 14/N_d with 2, 16/N_d with 3.
    const model = { ...llama7, nLayers: 36 };
    const psi = trainingEstimate(model, { device: "a100-80gb" }).perDevice;
    const total = psi.weights / 2;
    for (const [stage, perParam] of [
      [0, 16],
      [1, 4 + 12 / 64],
      [2, 2 + 14 / 64],
      [3, 16 / 64],
    ] as const) {
      const e = trainingEstimate(model, { device: "a100-80gb", dataParallel: 64, zeroStage: stage });
      expect(e.perDevice.weights + e.perDevice.gradients + e.perDevice.optimizer).toBeCloseTo(
        perParam * total,
        0,
      );
    }
  });
  it("finds the smallest data-parallel degree that fits and checks the one below does not", () => {
    const opts = { device: "a100-80gb", recompute: "full", sequenceLength: 4096 } as const;
    const e = devicesNeeded(llama7, opts)!;
    expect(e.fits).toBe(true);
    const below = trainingEstimate(llama7, { ...opts, zeroStage: 3, dataParallel: e.devices - 1 });
    expect(below.fits).toBe(false);
  });
  it("throughput = MFU · peak · devices / FLOPs per token, and MFU from that throughput is the same MFU", () => {
    const e = trainingEstimate(llama7, {
      device: "h100-sxm",
      dataParallel: 8,
      mfu: 0.45,
      tokens: 1e12,
      pricePerDeviceHour: 2,
    });
    expect(e.tokensPerSecond).toBeCloseTo((0.45 * 989.4e12 * 8) / e.flopsPerToken, 6);
    expect(e.days).toBeCloseTo(1e12 / e.tokensPerSecond / 86400, 9);
    expect(e.cost).toBeCloseTo((e.seconds! / 3600) * 8 * 2, 6);
    expect(
      mfuFromThroughput(llama7, { tokensPerSecond: e.tokensPerSecond, device: "h100-sxm", devices: 8 }),
    ).toBeCloseTo(0.45, 9);
    // The operation count sits above 6N by the attention core and LM head.
    expect(e.flopsPerToken / e.flopsPerToken6N).toBeGreaterThan(1);
    expect(e.flopsPerToken / e.flopsPerToken6N).toBeLessThan(1.2);
  });
  it("rejects impossible plans", () => {
    expect(() => trainingEstimate(llama7, { device: "a100-80gb", pipelineParallel: 64 })).toThrow(
      ArgumentError,
    );
    expect(() => trainingEstimate(llama7, { device: "a100-80gb", optimizer: "lion" as "sgd" })).toThrow(
      /optimizer/,
    );
    const tiny = defineDevice({ name: "tiny", memoryGiB: 1, bandwidthGBs: 1, bf16TFLOPS: 1 });
    expect(devicesNeeded(presets["llama2-70b"]!.config, { device: tiny, zeroStage: 0 })).toBeUndefined();
  });
});

describe("LoRA and fine-tuning memory", () => {
  it("PEFT's count for Llama-2-7B, r = 8 on q and v", () => {
    const l = loraParameters(llama7, { rank: 8, targets: ["q", "v"] });
    expect(l.trainable).toBe(4_194_304);
    expect(l.all).toBe(6_742_609_920);
  });
  it("all seven projections at r = 16: 16 · Σ(in + out) per layer", () => {
    const l = loraParameters(llama7, { rank: 16, targets: ["q", "k", "v", "o", "gate", "up", "down"] });
    expect(l.trainable).toBe(32 * 16 * (4 * (4096 + 4096) + 3 * (4096 + 11008)));
  });
  it("QLoRA's base is NF4 and only adapters carry gradients and optimizer state", () => {
    const q = fineTuneMemory(llama7, {
      method: "qlora",
      rank: 8,
      targets: ["q", "v"],
      sequenceLength: 512,
      recompute: "full",
    });
    const full = fineTuneMemory(llama7, { method: "full", sequenceLength: 512, recompute: "full" });
    expect(q.trainableParameters).toBe(4_194_304);
    expect(q.bytes.gradients).toBe(4 * 4_194_304);
    expect(q.bytes.optimizer).toBe(8 * 4_194_304);
    expect(q.bytes.base).toBeLessThan(4e9);
    expect(full.bytes.base + full.bytes.gradients + full.bytes.optimizer).toBe(16 * 6_738_415_616);
    expect(() => loraParameters(presets.gpt2!.config, { rank: 8, targets: ["gate"] })).toThrow(/no gate/);
    expect(() => fineTuneMemory(llama7, { method: "full", frozenLayers: 32 })).toThrow(/no layer/);
  });
  it("frozen layers leave only the upper blocks trainable", () => {
    const f = fineTuneMemory(llama7, { method: "full", frozenLayers: 16, sequenceLength: 128 });
    const perLayer = 4 * 4096 * 4096 + 3 * 4096 * 11008 + 2 * 4096;
    expect(f.trainableParameters).toBe(6_738_415_616 - 16 * perLayer);
  });
});
