// Published training tokens: every entry belongs to a preset and names its source, GPT-3's 300B gives Brown
// et al.'s Table D.1 compute for the 175B model (3.14e23 FLOPs), and models without a published count have
// none rather than a guess.
import { describe, expect, it } from "vitest";
import { trainingCompute } from "./flops";
import { presets } from "./presets";
import { TRAINING_TOKENS } from "./training-tokens";

describe("published training tokens", () => {
  it("every entry belongs to a preset, is attached to it and cites a source", () => {
    for (const [id, t] of Object.entries(TRAINING_TOKENS)) {
      expect(presets[id], id).toBeDefined();
      expect(presets[id]!.trainingTokens).toBe(t);
      expect(t.source.length).toBeGreaterThan(20);
      expect(t.tokens).toBeGreaterThan(0);
    }
  });
  it("GPT-3 175B: 6·N·D with D = 300B is Table D.1's 3.14e23 FLOPs", () => {
    const p = presets["gpt3-175b"]!;
    const c = trainingCompute(174.6e9, p.trainingTokens!.tokens);
    expect(c / 3.14e23).toBeCloseTo(1, 2);
  });
  it("no guess where the authors published none", () => {
    for (const id of ["gpt2", "mistral-7b", "mixtral-8x7b", "gpt4-estimate"]) {
      expect(presets[id]!.trainingTokens, id).toBeUndefined();
    }
  });
});
