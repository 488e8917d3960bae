// Config features gpt-params counts but GPT does not build are refused by name, so no model is ever built
// with fewer parameters than its config describes.
import { describe, expect, it } from "vitest";
import { ModelError } from "./errors";
import { GPT } from "./gpt";

const tiny = { vocabSize: 11, contextLength: 8, dModel: 8, nLayers: 1, nHeads: 2, dFF: 16 };

describe("GPT refuses what it does not build", () => {
  it("query/key norms", () => {
    expect(() => new GPT({ ...tiny, qkNorm: "head" })).toThrow(ModelError);
    expect(() => new GPT({ ...tiny, qkNorm: "full" })).toThrow(/qkNorm "full"/);
  });
  it("a gated shared expert", () => {
    const moe = { nExperts: 2, expertsPerToken: 1, nSharedExperts: 1, sharedExpertGate: true };
    expect(() => new GPT({ ...tiny, moe })).toThrow(/sharedExpertGate/);
  });
  it("multi-head latent attention", () => {
    const mla = { qLoraRank: 0, kvLoraRank: 4, qkNopeHeadDim: 4, qkRopeHeadDim: 2, vHeadDim: 4 };
    expect(() => new GPT({ ...tiny, mla })).toThrow(/config\.mla/);
  });
  it("builds the same config without them", () => {
    expect(new GPT({ ...tiny, qkNorm: "none" }).config.qkNorm).toBe("none");
  });
});
