// Golden counts are the published exact parameter counts of the Hugging Face checkpoints
// (sum of numel): openai-community/gpt2* and meta-llama/Llama-2-*-hf.
import { ConfigError, countParameters, ImportError, PresetError } from "@paramlens/gpt-params";
import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../errors";
import { resolveModel } from "./resolve-model";

const total = (m: ReturnType<typeof resolveModel>) => countParameters(m.config).total;

describe("resolveModel", () => {
  it("resolves a preset with its source and published count", () => {
    const m = resolveModel({ preset: "gpt2" });
    expect(m.id).toBe("gpt2");
    expect(m.published?.count).toBe(124439808);
    expect(total(m)).toBe(124439808);
  });

  it("builds a model from flags alone on GPT-2's defaults (GPT-2 medium, large, XL)", () => {
    expect(total(resolveModel({ overrides: { nLayers: 24, dModel: 1024, nHeads: 16 } }))).toBe(354823168);
    expect(total(resolveModel({ overrides: { nLayers: 36, dModel: 1280, nHeads: 20 } }))).toBe(774030080);
    expect(total(resolveModel({ overrides: { nLayers: 48, dModel: 1600, nHeads: 25 } }))).toBe(1557611200);
  });

  it("re-derives head width, KV heads and a 4× d_ff when a preset's width changes", () => {
    const m = resolveModel({ preset: "gpt2", overrides: { nLayers: 24, dModel: 1024, nHeads: 16 } });
    expect(m.config).toMatchObject({ headDim: 64, nKVHeads: 16, dFF: 4096 });
    expect(total(m)).toBe(354823168);
    expect(m.name).toBe("GPT-2 small (--layers --d-model --heads)");
    expect(m.published).toBeUndefined();
    expect(m.notes).toContain("d_ff kept at 4 × d_model = 4096");
  });

  it("turns Llama-2-7B into Llama-2-13B with the 13B's fields", () => {
    const m = resolveModel({
      preset: "llama2-7b",
      overrides: { nLayers: 40, dModel: 5120, nHeads: 40, dFF: 13824 },
    });
    expect(total(m)).toBe(13015864320);
  });

  it("asks for --d-ff instead of guessing when d_ff is not a whole multiple of d_model", () => {
    expect(() => resolveModel({ preset: "llama2-7b", overrides: { dModel: 5120, nHeads: 40 } })).toThrow(
      new InvalidValueError(
        "--d-model: llama2-7b's d_ff 11008 is not a whole multiple of its d_model 4096; give --d-ff as well",
      ),
    );
  });

  it("adds or removes the LM head and the learned position rows", () => {
    // An untied head adds a V × d matrix: 50257 · 768.
    expect(total(resolveModel({ preset: "gpt2", overrides: { tiedEmbeddings: false } }))).toBe(
      124439808 + 50257 * 768,
    );
    // Learned positions follow the context: 1024 more rows of 768.
    expect(total(resolveModel({ preset: "gpt2", overrides: { contextLength: 2048 } }))).toBe(
      124439808 + 1024 * 768,
    );
    // Rotary positions own no parameters.
    expect(total(resolveModel({ preset: "gpt2", overrides: { position: "rotary" } }))).toBe(
      124439808 - 1024 * 768,
    );
    // No biases: drops 13·d per layer except the 4·d of LayerNorm (qkv 3d, out d, mlp 4d + d).
    expect(total(resolveModel({ preset: "gpt2", overrides: { bias: false } }))).toBe(
      124439808 - 12 * 9 * 768,
    );
  });

  it("makes a dense model a mixture of experts only when both expert flags are given", () => {
    expect(() => resolveModel({ preset: "gpt2", overrides: { nExperts: 8 } })).toThrow(InvalidValueError);
    const m = resolveModel({ preset: "gpt2", overrides: { nExperts: 8, expertsPerToken: 2 } });
    const dense = countParameters(resolveModel({ preset: "gpt2" }).config);
    const moe = countParameters(m.config);
    // Each layer: 8 expert MLPs instead of one, plus a d × 8 router.
    const mlp = 2 * 768 * 3072 + 3072 + 768;
    expect(moe.total).toBe(dense.total + 12 * (7 * mlp + 768 * 8));
    expect(moe.active).toBe(dense.total + 12 * (mlp + 768 * 8));
  });

  it("passes on the library's errors: unknown preset with suggestions, invalid config, bad config.json", () => {
    expect(() => resolveModel({ preset: "gtp2" })).toThrow(PresetError);
    expect(() => resolveModel({ preset: "gtp2" })).toThrow(/did you mean "gpt2"/);
    expect(() => resolveModel({ overrides: { dModel: 1000, nHeads: 12 } })).toThrow(ConfigError);
    expect(() => resolveModel({ hfConfig: { model_type: "t5" } })).toThrow(ImportError);
    expect(() => resolveModel({ preset: "gpt2", hfConfig: {} })).toThrow(
      "give a preset or --config, not both",
    );
  });

  it("reads a Hugging Face config.json and applies overrides on it", () => {
    const hf = {
      model_type: "gpt2",
      vocab_size: 50257,
      n_positions: 1024,
      n_embd: 768,
      n_layer: 12,
      n_head: 12,
    };
    const m = resolveModel({ hfConfig: hf, hfConfigLabel: "gpt2/config.json" });
    expect(m.id).toBe("gpt2/config.json");
    expect(total(m)).toBe(124439808);
    expect(total(resolveModel({ hfConfig: hf, overrides: { nLayers: 24, dModel: 1024, nHeads: 16 } }))).toBe(
      354823168,
    );
  });
});

describe("resolveModel preset ids", () => {
  it("finds every preset by its exact id, including ids with a dash before a digit", () => {
    for (const id of ["mixtral-8x7b", "mistral-7b", "gptj-6b", "gpt3-175b", "llama2-7b"]) {
      expect(resolveModel({ preset: id }).id).toBe(id);
    }
    // Llama-2-7B, Mixtral-8x7B-v0.1: the Hugging Face checkpoints' exact counts.
    expect(total(resolveModel({ preset: "llama2-7b" }))).toBe(6738415616);
    expect(total(resolveModel({ preset: "mixtral-8x7b" }))).toBe(46702792704);
  });

  it("does not mistake an Object.prototype key for a preset", () => {
    expect(() => resolveModel({ preset: "toString" })).toThrow(PresetError);
  });
});
