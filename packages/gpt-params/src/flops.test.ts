// FLOPs: Kaplan et al. 2020 Table 1 formulas checked on hand-derived values, and GPT-3 175B's training
// compute against Brown et al. 2020 Table D.1 (3.14e23 FLOPs for 300B tokens).
import { describe, expect, it } from "vitest";
import { countParameters } from "./count";
import { ArgumentError } from "./errors";
import { flops, trainingCompute, trainingTime } from "./flops";
import { presets } from "./presets";

describe("flops", () => {
  it("GPT-3 175B on 300B tokens costs 3.14e23 FLOPs (Brown et al. 2020, Table D.1)", () => {
    const f = flops(presets["gpt3-175b"]!.config, { tokens: 300e9 });
    expect(f.trainingTotal! / 3.14e23).toBeCloseTo(1, 2);
  });
  it("forward = 2N + 2·L·n_ctx·d_attn and training = 3× forward (Kaplan Table 1)", () => {
    const cfg = presets.gpt2!.config;
    const n = countParameters(cfg).nonEmbedding; // 85,056,000
    const f = flops(cfg);
    expect(f.n).toBe(85_056_000);
    expect(f.forwardWeightsPerToken).toBe(2 * 85_056_000);
    expect(f.forwardAttentionPerToken).toBe(2 * 12 * 1024 * 768);
    expect(f.forwardPerToken).toBe(2 * n + 2 * 12 * 1024 * 768);
    expect(f.trainingPerToken).toBe(3 * f.forwardPerToken);
    expect(f.trainingTotal).toBeUndefined();
    expect(flops(cfg, { contextLength: 2048 }).forwardAttentionPerToken).toBe(2 * 12 * 2048 * 768);
  });
  it("uses active parameters for MoE", () => {
    const mixtral = presets["mixtral-8x7b"]!.config;
    const r = countParameters(mixtral);
    expect(flops(mixtral).n).toBe(r.activeNonEmbedding);
    expect(r.activeNonEmbedding).toBeLessThan(r.nonEmbedding);
  });
  it("turns compute into wall-clock time at a given peak and MFU", () => {
    const f = flops(presets["gpt3-175b"]!.config, {
      tokens: 300e9,
      peakFlopsPerDevice: 312e12,
      devices: 1024,
      mfu: 0.5,
    });
    expect(f.trainingSeconds).toBeCloseTo(f.trainingTotal! / (312e12 * 1024 * 0.5), 6);
    expect(f.trainingDays).toBeCloseTo(f.trainingSeconds! / 86400, 9);
    // About 22.7 days: 3.13e23 / 1.6e17 FLOP/s.
    expect(f.trainingDays).toBeGreaterThan(22);
    expect(f.trainingDays).toBeLessThan(23.5);
  });
  it("helpers and errors", () => {
    expect(trainingCompute(70e9, 1.4e12)).toBeCloseTo(5.88e23, -20);
    expect(trainingTime(1e18, 1e15, 0.5)).toBe(2000);
    expect(() => flops({}, { tokens: -1 })).toThrow(ArgumentError);
    expect(() => flops({}, { tokens: 1, peakFlopsPerDevice: 1, mfu: 1.5 })).toThrow(
      /flops: mfu 1.5 must be in \(0, 1\]/,
    );
    expect(() => trainingCompute(0, 1)).toThrow(/trainingCompute: parameters 0 must be a finite number > 0/);
  });
});
