// Memory: weights and KV cache against widely published figures, and ZeRO's per-device memory against
// Rajbhandari et al. 2020 (Figure 1: a 7.5B model on 64 GPUs needs 120 / 31.4 / 16.6 / 1.9 GB).
import { describe, expect, it } from "vitest";
import { ArgumentError } from "./errors";
import { inferenceMemory, kvCacheBytes, trainingMemory } from "./memory";
import { presets } from "./presets";

describe("ZeRO (Rajbhandari et al. 2020, Figure 1: Ψ = 7.5B, N_d = 64, K = 12)", () => {
  const cases: [0 | 1 | 2 | 3, number][] = [
    [0, 120],
    [1, 31.4],
    [2, 16.6],
    [3, 1.9],
  ];
  for (const [stage, gb] of cases) {
    it(`stage ${stage}: ${gb} GB per device`, () => {
      const m = trainingMemory(7.5e9, { zeroStage: stage, dataParallel: 64 });
      expect(m.perDevice.total / 1e9).toBeCloseTo(gb, 1);
      expect(m.devices).toBe(64);
    });
  }
  it("splits the model over tensor and pipeline parallel devices first", () => {
    const m = trainingMemory(7.5e9, { tensorParallel: 2, pipelineParallel: 4 });
    expect(m.parametersPerModelShard).toBe(7.5e9 / 8);
    expect(m.perDevice.total).toBe(16 * (7.5e9 / 8));
    expect(m.total).toBe(16 * 7.5e9);
  });
  it("accepts a config and rejects bad options", () => {
    expect(trainingMemory(presets.gpt2!.config).perDevice.total).toBe(16 * 124_439_808);
    expect(() => trainingMemory(1e9, { zeroStage: 4 as 0 })).toThrow(/zeroStage 4 must be 0, 1, 2 or 3/);
    expect(() => trainingMemory(1e9, { dataParallel: 0 })).toThrow(ArgumentError);
  });
});

describe("inference", () => {
  it("Llama-2-7B in bf16 holds 2 bytes per parameter", () => {
    const m = inferenceMemory(presets["llama2-7b"]!.config, { contextLength: 1 });
    expect(m.weights).toBe(2 * 6_738_415_616);
    expect(m.weightsByDtype).toEqual({
      fp32: 4 * 6_738_415_616,
      fp16: 2 * 6_738_415_616,
      bf16: 2 * 6_738_415_616,
      fp8: 6_738_415_616,
      int8: 6_738_415_616,
      int4: 6_738_415_616 / 2,
    });
    expect(m.total).toBe(m.weights + m.kvCache);
  });
  it("Llama-2-7B's fp16 KV cache is 0.5 MiB per token, 2 GiB at 4096 tokens", () => {
    // 2 · 32 layers · 32 KV heads · 128 · 2 bytes = 524,288 bytes per token.
    expect(kvCacheBytes(presets["llama2-7b"]!.config, { contextLength: 1, dtype: "fp16" })).toBe(524_288);
    expect(kvCacheBytes(presets["llama2-7b"]!.config, { dtype: "fp16" })).toBe(2 ** 31);
  });
  it("GQA shrinks the cache by n_heads / n_kv_heads (Llama-2-70B: 8×)", () => {
    const c = presets["llama2-70b"]!.config;
    expect(kvCacheBytes(c, { contextLength: 1, dtype: "fp16" })).toBe(2 * 80 * 8 * 128 * 2);
    expect(kvCacheBytes(c, { contextLength: 4096, batch: 8, dtype: "int8" })).toBe(
      2 * 80 * 8 * 128 * 4096 * 8,
    );
  });
  it("rejects bad options", () => {
    expect(() => kvCacheBytes({}, { dtype: "fp12" as "fp8" })).toThrow(
      /kvCacheBytes: dtype "fp12" must be one of/,
    );
    expect(() => kvCacheBytes({}, { batch: 1.5 })).toThrow(/batch 1.5 must be an integer >= 1/);
    expect(() => inferenceMemory({}, { weightDtype: "int2" as "int4" })).toThrow(ArgumentError);
  });
});
