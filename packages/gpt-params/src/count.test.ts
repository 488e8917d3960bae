// countParameters: component breakdown against hand-derived formulas and published figures, the closed
// form against the breakdown (property test over random valid configs), and MoE active counts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GPTConfigInput } from "./config";
import { countParameters } from "./count";
import { GptParamsError } from "./errors";

describe("GPT-2 small breakdown (nanoGPT transformer_sizing)", () => {
  const r = countParameters({});
  it("splits 124,439,808 into the expected components", () => {
    // wte 50257·768, wpe 1024·768, per layer c_attn 768·2304 (+2304), c_proj 768² (+768), c_fc/c_proj
    // 768·3072 each (+3072, +768), two LayerNorms (2·2·768); ln_f 2·768.
    expect(r.breakdown).toEqual({
      "embedding/token": 50257 * 768,
      "embedding/position": 1024 * 768,
      "attention/qkv": 12 * 768 * 2304,
      "attention/qkv_bias": 12 * 2304,
      "attention/out": 12 * 768 * 768,
      "attention/out_bias": 12 * 768,
      "norm/layers": 12 * 4 * 768,
      "mlp/up": 12 * 768 * 3072,
      "mlp/down": 12 * 3072 * 768,
      "mlp/bias": 12 * (3072 + 768),
      "norm/final": 2 * 768,
    });
    expect(r.total).toBe(124_439_808);
    expect(r.trainable).toBe(r.total);
    expect(r.active).toBe(r.total);
  });
  it("prints the closed form 12·L·d² + 13·L·d + … beside the exact sum", () => {
    expect(r.closedForm.expression).toBe("V·d + d·n_pos + L·(12·d² + 13·d) + 2·d");
    expect(r.closedForm.substituted).toBe("50257·768 + 768·1024 + 12·(12·768² + 13·768) + 2·768");
    expect(r.closedForm.value).toBe(124_439_808);
    expect(r.closedForm.symbols).toEqual({ V: 50257, d: 768, n_pos: 1024, L: 12 });
  });
  it("gives one perLayer entry per block, summing to the block total", () => {
    expect(r.perLayer).toHaveLength(12);
    expect(r.perLayer[0]).toEqual({
      index: 0,
      moe: false,
      attention: 768 * 2304 + 2304 + 768 * 768 + 768,
      mlp: 2 * 768 * 3072 + 3072 + 768,
      norms: 4 * 768,
      total: 12 * 768 * 768 + 13 * 768,
      active: 12 * 768 * 768 + 13 * 768,
    });
  });
});

describe("non-embedding N (Kaplan et al. 2020)", () => {
  it("matches Pythia's published non-embedding counts (EleutherAI/pythia README table)", () => {
    // Pythia-160M: 162,322,944 total, 85,056,000 non-embedding; Pythia-70M: 70,426,624 and 18,915,328.
    const neox = (d: number, layers: number, heads: number): GPTConfigInput => ({
      vocabSize: 50304,
      contextLength: 2048,
      dModel: d,
      nLayers: layers,
      nHeads: heads,
      position: "rotary",
      tiedEmbeddings: false,
    });
    const p160 = countParameters(neox(768, 12, 12));
    expect(p160.total).toBe(162_322_944);
    expect(p160.nonEmbedding).toBe(85_056_000);
    const p70 = countParameters(neox(512, 6, 8));
    expect(p70.total).toBe(70_426_624);
    expect(p70.nonEmbedding).toBe(18_915_328);
  });
});

describe("MoE", () => {
  const mixtralish: GPTConfigInput = {
    vocabSize: 1000,
    dModel: 64,
    nLayers: 4,
    nHeads: 4,
    nKVHeads: 2,
    dFF: 96,
    mlp: "swiglu",
    norm: "rmsnorm",
    position: "rotary",
    bias: { qkv: false, attnOut: false, mlp: false },
    tiedEmbeddings: false,
    moe: {
      nExperts: 8,
      expertsPerToken: 2,
      layers: [1, 3],
      nSharedExperts: 1,
      sharedExpertDFF: 32,
      routerBias: true,
    },
  };
  const r = countParameters(mixtralish);
  it("counts router, routed and shared experts only in MoE layers", () => {
    const expert = 3 * 64 * 96;
    const shared = 3 * 64 * 32;
    expect(r.breakdown["moe/experts"]).toBe(2 * 8 * expert);
    expect(r.breakdown["moe/shared_experts"]).toBe(2 * shared);
    expect(r.breakdown["moe/router"]).toBe(2 * 64 * 8);
    expect(r.breakdown["moe/router_bias"]).toBe(2 * 8);
    expect(r.breakdown["mlp/gate"]).toBe(2 * 64 * 96);
    expect(r.perLayer.map((l) => l.moe)).toEqual([false, true, false, true]);
    const inactive = 2 * 6 * expert;
    expect(r.total - r.active).toBe(inactive);
    expect(r.nonEmbedding - r.activeNonEmbedding).toBe(inactive);
  });
  it("labels dense and MoE layer groups in the closed form", () => {
    expect(r.closedForm.expression).toContain("L_dense·(");
    expect(r.closedForm.expression).toContain("L_moe·(");
    expect(r.closedForm.value).toBe(r.total);
  });
});

describe("errors", () => {
  it("refuses totals past 2^53 rather than rounding them", () => {
    let caught: unknown;
    try {
      countParameters({ vocabSize: 2 ** 31 - 1, dModel: 2 ** 31 - 1, nHeads: 1, nLayers: 1, dFF: 1 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GptParamsError);
    expect((caught as GptParamsError).code).toBe("COUNT_UNSAFE");
  });
});

// Random valid configs: every field drawn within its rules.
const validConfig = fc
  .record({
    vocabSize: fc.integer({ min: 1, max: 300_000 }),
    contextLength: fc.integer({ min: 1, max: 65_536 }),
    nKVHeads: fc.integer({ min: 1, max: 16 }),
    group: fc.integer({ min: 1, max: 8 }),
    headDim: fc.integer({ min: 1, max: 256 }),
    explicitHeadDim: fc.boolean(),
    nLayers: fc.integer({ min: 1, max: 96 }),
    dFF: fc.integer({ min: 1, max: 50_000 }),
    mlp: fc.constantFrom("gelu", "swiglu", "geglu" as const),
    norm: fc.constantFrom("layernorm", "rmsnorm" as const),
    position: fc.constantFrom("learned", "rotary", "alibi", "none" as const),
    extraRows: fc.integer({ min: 0, max: 4 }),
    normsPerLayer: fc.integer({ min: 0, max: 4 }),
    finalNorm: fc.boolean(),
    embeddingNorm: fc.boolean(),
    bias: fc.record({ qkv: fc.boolean(), attnOut: fc.boolean(), mlp: fc.boolean(), lmHead: fc.boolean() }),
    tiedEmbeddings: fc.boolean(),
    moe: fc.option(
      fc.record({
        nExperts: fc.integer({ min: 1, max: 64 }),
        k: fc.integer({ min: 1, max: 64 }),
        nSharedExperts: fc.integer({ min: 0, max: 4 }),
        expertDFF: fc.integer({ min: 1, max: 20_000 }),
        sharedExpertDFF: fc.integer({ min: 1, max: 20_000 }),
        routerBias: fc.boolean(),
        every: fc.integer({ min: 1, max: 4 }),
      }),
    ),
  })
  .map((r): GPTConfigInput => {
    const nHeads = r.nKVHeads * r.group;
    const dModel = r.explicitHeadDim ? r.headDim * 3 + 1 : nHeads * r.headDim;
    const layers = Array.from({ length: r.nLayers }, (_, i) => i).filter(
      (i) => i % (r.moe?.every ?? 1) === 0,
    );
    return {
      vocabSize: r.vocabSize,
      contextLength: r.contextLength,
      dModel,
      nLayers: r.nLayers,
      nHeads,
      nKVHeads: r.nKVHeads,
      ...(r.explicitHeadDim ? { headDim: r.headDim } : {}),
      dFF: r.dFF,
      mlp: r.mlp,
      norm: r.norm,
      position: r.position,
      ...(r.position === "learned" ? { positionRows: r.contextLength + r.extraRows } : {}),
      normsPerLayer: r.normsPerLayer,
      finalNorm: r.finalNorm,
      embeddingNorm: r.embeddingNorm,
      bias: r.bias,
      tiedEmbeddings: r.tiedEmbeddings,
      moe: r.moe
        ? {
            nExperts: r.moe.nExperts,
            expertsPerToken: Math.min(r.moe.k, r.moe.nExperts),
            nSharedExperts: r.moe.nSharedExperts,
            expertDFF: r.moe.expertDFF,
            sharedExpertDFF: r.moe.sharedExpertDFF,
            routerBias: r.moe.routerBias,
            layers,
          }
        : null,
    };
  });

describe("property: closed form = sum of the breakdown = sum of the layers", () => {
  it("holds for random valid configs", () => {
    fc.assert(
      fc.property(validConfig, (input) => {
        const r = countParameters(input);
        const sumBreakdown = Object.values(r.breakdown).reduce((s, v) => s + v, 0);
        const layers = r.perLayer.reduce((s, l) => s + l.total, 0);
        const outside =
          (r.breakdown["embedding/token"] ?? 0) +
          (r.breakdown["embedding/position"] ?? 0) +
          (r.breakdown["embedding/norm"] ?? 0) +
          (r.breakdown["norm/final"] ?? 0) +
          (r.breakdown["lm_head/weight"] ?? 0) +
          (r.breakdown["lm_head/bias"] ?? 0);
        expect(r.closedForm.value).toBe(r.total);
        expect(sumBreakdown).toBe(r.total);
        expect(layers + outside).toBe(r.total);
        expect(r.active).toBeLessThanOrEqual(r.total);
        expect(r.nonEmbedding).toBeLessThanOrEqual(r.total);
        expect(Number.isSafeInteger(r.total)).toBe(true);
        for (const v of Object.values(r.breakdown)) expect(v).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});
