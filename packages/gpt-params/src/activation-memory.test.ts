// Activation memory: Korthikanti et al. 2022 Table 2 formulas evaluated by hand for GPT-3 175B
// (s = 2048, h = 12288, a = 96, b = 1, t = 8), plus the paper's stated ratios.
import { describe, expect, it } from "vitest";
import { activationMemory } from "./activation-memory";
import { ArgumentError } from "./errors";
import { presets } from "./presets";

const gpt3 = presets["gpt3-175b"]!.config;
const sbh = 2048 * 1 * 12288;

describe("activationMemory (Korthikanti et al. 2022, Table 2)", () => {
  it("no parallelism: sbh(34 + 5as/h)", () => {
    const m = activationMemory(gpt3);
    expect(m.perLayer).toBeCloseTo(sbh * (34 + (5 * 96 * 2048) / 12288), 0);
    expect(m.total).toBeCloseTo(96 * m.perLayer, 0);
  });
  it("tensor parallel t = 8: sbh(10 + 24/t + 5as/(ht))", () => {
    expect(activationMemory(gpt3, { tensorParallel: 8 }).perLayer).toBeCloseTo(sbh * (10 + 3 + 10), 0);
  });
  it("tensor + sequence parallel: sbh(34/t + 5as/(ht)) = 358,612,992 bytes per layer", () => {
    const m = activationMemory(gpt3, { tensorParallel: 8, sequenceParallel: true });
    expect(m.perLayer).toBe(358_612_992);
    expect(m.formula).toBe("s·b·h·(34/t + 5·a·s/(h·t))");
  });
  it("selective recomputation drops the 5as/h attention term", () => {
    expect(
      activationMemory(gpt3, { tensorParallel: 8, sequenceParallel: true, recompute: "selective" }).perLayer,
    ).toBe((sbh * 34) / 8);
    expect(activationMemory(gpt3, { tensorParallel: 8, recompute: "selective" }).perLayer).toBe(sbh * 13);
  });
  it("full recomputation keeps only the layer input, 2sbh", () => {
    expect(activationMemory(gpt3, { recompute: "full", microBatch: 4 }).perLayer).toBe(2 * 4 * sbh);
  });
  it("sequence parallel + selective saves ~5× vs tensor parallel alone for GPT-3 (paper §5)", () => {
    const base = activationMemory(gpt3, { tensorParallel: 8 }).perLayer;
    const best = activationMemory(gpt3, {
      tensorParallel: 8,
      sequenceParallel: true,
      recompute: "selective",
    }).perLayer;
    expect(base / best).toBeGreaterThan(4.5);
    expect(base / best).toBeLessThan(5.5);
  });
  it("rejects bad options", () => {
    expect(() => activationMemory(gpt3, { recompute: "partial" as "full" })).toThrow(ArgumentError);
    expect(() => activationMemory(gpt3, { tensorParallel: 0 })).toThrow(
      /tensorParallel 0 must be an integer >= 1/,
    );
  });
});
