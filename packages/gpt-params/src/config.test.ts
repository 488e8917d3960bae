// validateConfig: defaults, every rule's error (field and rule named), and a property test that random
// invalid configs always throw a ConfigError naming the broken field.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type GPTConfigInput, validateConfig } from "./config";
import { ConfigError } from "./errors";

function errorOf(input: unknown): ConfigError {
  try {
    validateConfig(input as GPTConfigInput);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("test: expected a ConfigError");
}

describe("validateConfig defaults", () => {
  it("fills GPT-2 small's shape (nanoGPT GPTConfig defaults with V = 50257)", () => {
    const c = validateConfig({});
    expect(c).toMatchObject({
      vocabSize: 50257,
      contextLength: 1024,
      dModel: 768,
      nLayers: 12,
      nHeads: 12,
      nKVHeads: 12,
      headDim: 64,
      dFF: 3072,
      mlp: "gelu",
      norm: "layernorm",
      position: "learned",
      positionRows: 1024,
      normsPerLayer: 2,
      finalNorm: true,
      tiedEmbeddings: true,
      moe: null,
      bias: { qkv: true, attnOut: true, mlp: true, lmHead: false },
    });
  });
  it("derives d_ff from ffMultiplier and MoE defaults from the dense config", () => {
    const c = validateConfig({
      dModel: 512,
      nHeads: 8,
      nLayers: 4,
      ffMultiplier: 2.5,
      moe: { nExperts: 4, expertsPerToken: 1 },
    });
    expect(c.dFF).toBe(1280);
    expect(c.moe).toEqual({
      nExperts: 4,
      expertsPerToken: 1,
      nSharedExperts: 0,
      expertDFF: 1280,
      sharedExpertDFF: 1280,
      layers: [0, 1, 2, 3],
      routerBias: false,
      sharedExpertGate: false,
    });
  });
  it("is idempotent on its own output", () => {
    const c = validateConfig({
      nKVHeads: 4,
      position: "rotary",
      moe: { nExperts: 8, expertsPerToken: 2, layers: [3, 1] },
    });
    expect(validateConfig(c)).toEqual(c);
    expect(c.moe?.layers).toEqual([1, 3]);
    expect(c.positionRows).toBe(0);
  });
  it("lets headDim set an attention width different from d_model (Gemma: 16 × 256 ≠ 3072)", () => {
    const c = validateConfig({ dModel: 3072, nHeads: 16, headDim: 256 });
    expect(c.headDim).toBe(256);
  });
});

describe("validateConfig errors name the field and the rule", () => {
  const cases: [string, unknown, string, string, RegExp][] = [
    [
      "d_model not divisible",
      { dModel: 1000, nHeads: 12 },
      "dModel",
      "divisible-by-n-heads",
      /d_model 1000 is not divisible by n_heads 12/,
    ],
    [
      "kv heads",
      { nHeads: 32, nKVHeads: 6 },
      "nKVHeads",
      "divides-n-heads",
      /n_heads 32 is not divisible by n_kv_heads 6/,
    ],
    ["kv > heads", { nHeads: 4, nKVHeads: 8 }, "nKVHeads", "divides-n-heads", /n_kv_heads 8/],
    ["zero layers", { nLayers: 0 }, "nLayers", "integer-range", /0 must be an integer between 1/],
    ["fractional vocab", { vocabSize: 50257.5 }, "vocabSize", "integer-range", /50257.5/],
    ["string width", { dModel: "768" }, "dModel", "integer-range", /768 must be an integer/],
    ["NaN", { contextLength: Number.NaN }, "contextLength", "integer-range", /NaN/],
    ["huge", { dModel: 2 ** 40 }, "dModel", "integer-range", /between 1 and 2147483647/],
    ["too many layers", { nLayers: 1e6 }, "nLayers", "integer-range", /between 1 and 100000/],
    ["mlp enum", { mlp: "relu" }, "mlp", "enum", /"relu" must be one of gelu, swiglu, geglu/],
    ["norm enum", { norm: "batchnorm" }, "norm", "enum", /batchnorm/],
    ["position enum", { position: "sinusoidal" }, "position", "enum", /sinusoidal/],
    [
      "pos rows too few",
      { contextLength: 2048, positionRows: 1024 },
      "positionRows",
      "covers-context",
      /1024 learned position rows cannot cover contextLength 2048/,
    ],
    [
      "pos rows without table",
      { position: "rotary", positionRows: 10 },
      "positionRows",
      "learned-only",
      /rotary/,
    ],
    [
      "ff multiplier fraction",
      { dModel: 1000, nHeads: 10, ffMultiplier: 2.6667 },
      "ffMultiplier",
      "integer-d-ff",
      /not an integer d_ff/,
    ],
    [
      "ff disagreement",
      { dModel: 768, ffMultiplier: 4, dFF: 3000 },
      "dFF",
      "agrees-with-multiplier",
      /3000 disagrees/,
    ],
    ["norms per layer", { normsPerLayer: 5 }, "normsPerLayer", "integer-range", /0 to 4/],
    ["bias flag", { bias: { qkv: "yes" } }, "bias.qkv", "boolean", /yes must be true or false/],
    ["unknown bias key", { bias: { lm_head: true } }, "bias.lm_head", "known-field", /did you mean lmHead/],
    ["unknown field", { d_model: 768 }, "d_model", "known-field", /did you mean dModel/],
    ["unknown field no hint", { wibble: 1 }, "wibble", "known-field", /known fields/],
    [
      "experts per token",
      { moe: { nExperts: 8, expertsPerToken: 9 } },
      "moe.expertsPerToken",
      "at-most-n-experts",
      /9 experts per token exceeds the 8/,
    ],
    [
      "moe layer range",
      { nLayers: 4, moe: { nExperts: 2, expertsPerToken: 1, layers: [4] } },
      "moe.layers",
      "layer-index",
      /layer 4 is not in 0..3/,
    ],
    [
      "moe layer twice",
      { moe: { nExperts: 2, expertsPerToken: 1, layers: [1, 1] } },
      "moe.layers",
      "unique",
      /listed twice/,
    ],
    [
      "moe empty",
      { moe: { nExperts: 2, expertsPerToken: 1, layers: [] } },
      "moe.layers",
      "non-empty",
      /non-empty/,
    ],
    ["moe unknown", { moe: { nExperts: 2, expertsPerToken: 1, topK: 2 } }, "moe.topK", "known-field", /topK/],
    ["not an object", 42, "(root)", "object", /expected a config object/],
  ];
  for (const [title, input, field, rule, message] of cases) {
    it(title, () => {
      const e = errorOf(input);
      expect(e.field).toBe(field);
      expect(e.rule).toBe(rule);
      expect(e.code).toBe("CONFIG_INVALID");
      expect(e.message).toMatch(message);
      expect(e.message.startsWith(`config.${field}:`)).toBe(true);
    });
  }
});

describe("property: invalid configs always throw a field-named error", () => {
  const fields = ["vocabSize", "contextLength", "dModel", "nLayers", "nHeads"] as const;
  it("a non-positive or non-integer dimension is rejected with that field", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.oneof(
          fc.integer({ max: 0 }),
          fc.double({ noInteger: true }),
          fc.constant(Number.POSITIVE_INFINITY),
        ),
        (field, bad) => {
          const e = errorOf({ [field]: bad });
          return e.field === field && e.message.includes(String(bad));
        },
      ),
      { numRuns: 300 },
    );
  });
  it("d_model not divisible by n_heads is rejected naming dModel", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 128 }), fc.integer({ min: 1, max: 4096 }), (heads, d) => {
        fc.pre(d % heads !== 0);
        const e = errorOf({ dModel: d, nHeads: heads });
        return (
          e.field === "dModel" && e.message.includes(`d_model ${d} is not divisible by n_heads ${heads}`)
        );
      }),
      { numRuns: 300 },
    );
  });
  it("n_kv_heads that does not divide n_heads is rejected naming nKVHeads", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), (heads, kv) => {
        fc.pre(heads % kv !== 0 || kv > heads);
        const e = errorOf({ dModel: 64 * heads, nHeads: heads, nKVHeads: kv });
        return e.field === "nKVHeads";
      }),
      { numRuns: 300 },
    );
  });
});
