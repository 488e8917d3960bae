// Serving estimates: the roofline arithmetic by hand for Llama-2-7B at Q4_K_M on an RTX 4090, the largest
// batch and context at the edge of memory, tensor parallelism's split and all-reduce term, MoE expert
// reads between the active and total weights, and the catalogue's errors.
import { describe, expect, it } from "vitest";
import { ArgumentError } from "./errors";
import { ggufQuantize } from "./gguf-quantize";
import { defineDevice, deviceIds, devices, getDevice } from "./hardware";
import { inferenceEstimate } from "./inference-estimate";
import { presets } from "./presets";
import { quantizedKVCacheBytes } from "./weight-quant";

const llama7 = presets["llama2-7b"]!.config;
const q4km = { kind: "gguf", fileType: "Q4_K_M" } as const;

describe("Llama-2-7B Q4_K_M on one RTX 4090 at 4,096 tokens", () => {
  const e = inferenceEstimate(llama7, { device: "rtx-4090", weights: q4km, contextLength: 4096 });
  const weights = ggufQuantize(llama7, "Q4_K_M").bytes;
  it("holds weights + f16 KV cache + 1 GiB and fits in 24 GiB", () => {
    expect(e.memory.weights).toBe(weights);
    expect(e.memory.kvCache).toBe(2 ** 31);
    expect(e.memory.perDevice).toBe(weights + 2 ** 31 + 2 ** 30);
    expect(e.memory.fits).toBe(true);
  });
  it("decodes memory-bound: (weights + KV) / (1,008 GB/s · 0.8) per token", () => {
    expect(e.decode.bound).toBe("memory");
    expect(e.decode.secondsPerStep).toBeCloseTo((weights + 2 ** 31) / (1008e9 * 0.8), 12);
    expect(e.decode.tokensPerSecond).toBeGreaterThan(120);
    expect(e.decode.tokensPerSecond).toBeLessThan(140);
  });
  it("prefills 4,096 tokens compute-bound", () => {
    expect(e.prefill.bound).toBe("compute");
    expect(e.prefill.seconds).toBeCloseTo(e.prefill.flops / (165.2e12 * 0.5), 12);
  });
  it("the largest batch fits and one more does not", () => {
    const kv = quantizedKVCacheBytes(llama7, { contextLength: 4096 });
    expect(weights + e.maxBatch * kv + 2 ** 30).toBeLessThanOrEqual(24 * 2 ** 30);
    expect(weights + (e.maxBatch + 1) * kv + 2 ** 30).toBeGreaterThan(24 * 2 ** 30);
    expect(e.maxBatch).toBe(9);
    expect(e.assumptions.join(" ")).toMatch(/80 % of 1008 GB\/s/);
  });
});

describe("tensor parallelism and MoE", () => {
  it("two devices halve the weight stream and add two all-reduces per block", () => {
    const one = inferenceEstimate(llama7, { device: "h100-sxm", batch: 1, contextLength: 1 });
    const two = inferenceEstimate(llama7, { device: "h100-sxm", devices: 2, batch: 1, contextLength: 1 });
    expect(two.decode.communicationSeconds).toBeCloseTo(2 * 32 * ((4096 * 2) / 450e9 + 10e-6), 12);
    expect(two.decode.secondsPerStep - two.decode.communicationSeconds).toBeCloseTo(
      one.decode.secondsPerStep / 2,
      9,
    );
    expect(two.memory.perDevice).toBeCloseTo((one.memory.perDevice - 2 ** 30) / 2 + 2 ** 30, 3);
  });
  it("Mixtral at batch 1 reads about the active experts; at batch 64 nearly all of them", () => {
    const mixtral = presets["mixtral-8x7b"]!.config;
    const b1 = inferenceEstimate(mixtral, { device: "h100-sxm", devices: 2, contextLength: 1 });
    const b64 = inferenceEstimate(mixtral, { device: "h100-sxm", devices: 2, batch: 64, contextLength: 1 });
    const w = b1.memory.weights;
    expect(b1.decode.bytesPerStep / w).toBeGreaterThan(0.25);
    expect(b1.decode.bytesPerStep / w).toBeLessThan(0.35);
    expect(b64.decode.bytesPerStep / w).toBeGreaterThan(0.99);
  });
});

describe("catalogue", () => {
  it("every device names its source and has positive figures", () => {
    for (const id of deviceIds) {
      const d = devices[id]!;
      expect(d.source.length).toBeGreaterThan(10);
      expect(d.memoryBytes).toBeGreaterThan(0);
      expect(d.bandwidth).toBeGreaterThan(0);
      expect(d.peakFlops.bf16).toBeGreaterThan(0);
    }
    expect(getDevice("a100-80gb").bandwidth).toBe(2.039e12);
  });
  it("user devices are validated; unknown ids and dtypes give ArgumentErrors", () => {
    const mine = defineDevice({ name: "my card", memoryGiB: 16, bandwidthGBs: 500, bf16TFLOPS: 50 });
    expect(inferenceEstimate(llama7, { device: mine, weights: q4km, contextLength: 2048 }).memory.fits).toBe(
      true,
    );
    expect(() => defineDevice({ name: "x", memoryGiB: -1, bandwidthGBs: 1, bf16TFLOPS: 1 })).toThrow(
      ArgumentError,
    );
    expect(() => getDevice("rtx-9999")).toThrow(/not a known device/);
    expect(() => inferenceEstimate(llama7, { device: "rtx-4090", computeDtype: "fp8" })).toThrow(
      /fp8 has no peak/,
    );
  });
});
