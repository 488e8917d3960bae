// Every preset against its published parameter count. Sources sit beside each figure in presets.ts;
// the exact figures asserted here are repeated with their source so a wrong preset cannot pass by itself.
import { describe, expect, it } from "vitest";
import { countParameters } from "./count";
import { presetIds, presets } from "./presets";

function preset(id: string) {
  const p = presets[id];
  if (!p) throw new Error(`test: no preset ${id}`);
  return p;
}

describe("exact published counts", () => {
  // GPT-2: Hugging Face openai-community/gpt2* checkpoints, as nanoGPT's transformer_sizing notebook checks.
  // GPT-1: openai-community/openai-gpt. GPT-J, Llama, Mistral, Mixtral: sums over the HF checkpoints.
  const cases: [string, number][] = [
    ["gpt1", 116_534_784],
    ["gpt2", 124_439_808],
    ["gpt2-medium", 354_823_168],
    ["gpt2-large", 774_030_080],
    ["gpt2-xl", 1_557_611_200],
    ["gptj-6b", 6_050_882_784],
    ["llama2-7b", 6_738_415_616],
    ["llama2-13b", 13_015_864_320],
    ["llama2-70b", 68_976_648_192],
    ["llama3-8b", 8_030_261_248],
    ["mistral-7b", 7_241_732_096],
    ["mixtral-8x7b", 46_702_792_704],
  ];
  for (const [id, count] of cases) {
    it(`${id} has ${count.toLocaleString("en-US")} parameters`, () => {
      expect(countParameters(preset(id).config).total).toBe(count);
      expect(preset(id).published).toMatchObject({ count, exact: true });
    });
  }
});

describe("GPT-3 Table 2.1 (Brown et al. 2020) to the paper's rounding", () => {
  // [id, printed n_params, tolerance allowed by the printed digits]
  const rows: [string, number, number][] = [
    ["gpt3-small", 125e6, 0.5e6],
    ["gpt3-medium", 350e6, 7e6], // 355.9M: the table's "350M" is off by more than its last digit (see note)
    ["gpt3-large", 760e6, 5e6],
    ["gpt3-xl", 1.3e9, 0.05e9],
    ["gpt3-2.7b", 2.7e9, 0.05e9],
    ["gpt3-6.7b", 6.7e9, 0.05e9],
    ["gpt3-13b", 13e9, 0.5e9],
    ["gpt3-175b", 175e9, 0.5e9],
  ];
  for (const [id, printed, tol] of rows) {
    it(`${id} ≈ ${printed.toExponential(2)}`, () => {
      expect(Math.abs(countParameters(preset(id).config).total - printed)).toBeLessThanOrEqual(tol);
    });
  }
  it("resolves the two inconsistent rows as documented", () => {
    const xl = preset("gpt3-xl");
    expect(xl.config.dModel).toBe(2048);
    expect(xl.config.nHeads * xl.config.headDim).toBe(2048);
    expect(xl.notes.join(" ")).toMatch(/24 × 128 = 3072/);
    const b13 = preset("gpt3-13b");
    expect(b13.config.dModel).toBe(5120);
    expect(b13.notes.join(" ")).toMatch(/5140/);
  });
});

describe("MoE presets", () => {
  it("Mixtral uses 12.9B parameters per token (Mistral AI announcement)", () => {
    const r = countParameters(preset("mixtral-8x7b").config);
    expect(r.active / 1e9).toBeCloseTo(12.9, 1);
    expect(r.active).toBeLessThan(r.total);
  });
  it("GPT-4 is marked as an unconfirmed estimate near the reported ~1.76T / ~280B active", () => {
    const p = preset("gpt4-estimate");
    expect(p.estimate).toBe(true);
    expect(p.notes[0]).toMatch(/ESTIMATE/);
    const r = countParameters(p.config);
    expect(Math.abs(r.total / 1.76e12 - 1)).toBeLessThan(0.05);
    expect(Math.abs(r.active / 280e9 - 1)).toBeLessThan(0.05);
    // Reported structure: ~55B of attention shared by all experts, ~111B per expert.
    const attention = r.perLayer.reduce((s, l) => s + l.attention, 0);
    expect(attention / 1e9).toBeGreaterThan(54);
    expect(attention / 1e9).toBeLessThan(57);
  });
});

describe("every preset", () => {
  it("is within its published tolerance and names a source", () => {
    expect(presetIds.length).toBeGreaterThanOrEqual(21);
    for (const id of presetIds) {
      const p = preset(id);
      expect(p.id).toBe(id);
      expect(p.source.length).toBeGreaterThan(10);
      expect(p.published.source.length).toBeGreaterThan(10);
      const total = countParameters(p.config).total;
      const rel = Math.abs(total - p.published.count) / p.published.count;
      expect(rel, id).toBeLessThanOrEqual(p.published.tolerance);
      if (p.publishedActive) {
        const active = countParameters(p.config).active;
        const relA = Math.abs(active - p.publishedActive.count) / p.publishedActive.count;
        expect(relA, id).toBeLessThanOrEqual(p.publishedActive.tolerance);
      }
    }
  });
  it("includes every id the API promises", () => {
    for (const id of [
      "gpt1",
      "gpt2",
      "gpt2-medium",
      "gpt2-large",
      "gpt2-xl",
      "gpt3-small",
      "gpt3-medium",
      "gpt3-large",
      "gpt3-xl",
      "gpt3-2.7b",
      "gpt3-6.7b",
      "gpt3-13b",
      "gpt3-175b",
      "gptj-6b",
      "llama2-7b",
      "llama2-13b",
      "llama2-70b",
      "llama3-8b",
      "mistral-7b",
      "mixtral-8x7b",
      "gpt4-estimate",
    ]) {
      expect(presets[id], id).toBeDefined();
    }
  });
});
