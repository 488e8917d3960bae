import { readFileSync } from "node:fs";
import { countParameters as countConfig, type GPTConfigInput, validateConfig } from "@paramlens/gpt-params";
import { gradcheck, loadSafetensors, manualSeed, randn, saveSafetensors, Tensor } from "@paramlens/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalSelfAttention } from "../layers/attention";
import type { Linear } from "../layers/linear";
import { countParameters } from "../parameter-count";
import { ModelError } from "./errors";
import { GPT } from "./gpt";
import { loadGPT2 } from "./load-gpt2";

const fixtureDir = new URL("../../fixtures/", import.meta.url);

const ids = (rows: number[][]) => new Tensor(Int32Array.from(rows.flat()), [rows.length, rows[0]!.length]);

describe("GPT parameter count equals @paramlens/gpt-params", () => {
  it("over random small valid configs", () => {
    const arb = fc
      .record({
        vocabSize: fc.integer({ min: 1, max: 40 }),
        contextLength: fc.integer({ min: 1, max: 12 }),
        nKVHeads: fc.constantFrom(1, 2),
        group: fc.integer({ min: 1, max: 3 }),
        headDim: fc.option(fc.constantFrom(2, 4, 6), { nil: undefined }),
        headWidth: fc.constantFrom(2, 4),
        nLayers: fc.integer({ min: 1, max: 3 }),
        dFF: fc.integer({ min: 1, max: 24 }),
        mlp: fc.constantFrom("gelu", "swiglu", "geglu"),
        norm: fc.constantFrom("layernorm", "rmsnorm"),
        position: fc.constantFrom("learned", "rotary", "none", "alibi"),
        extraRows: fc.integer({ min: 0, max: 3 }),
        normsPerLayer: fc.constantFrom(0, 1, 2, 4),
        finalNorm: fc.boolean(),
        embeddingNorm: fc.boolean(),
        bias: fc.record({
          qkv: fc.boolean(),
          attnOut: fc.boolean(),
          mlp: fc.boolean(),
          lmHead: fc.boolean(),
        }),
        tiedEmbeddings: fc.boolean(),
      })
      .map((r): GPTConfigInput => {
        const nHeads = r.nKVHeads * r.group;
        // ALiBi slopes need a power-of-two head count
        const heads = r.position === "alibi" ? r.nKVHeads : nHeads;
        return {
          vocabSize: r.vocabSize,
          contextLength: r.contextLength,
          dModel: heads * r.headWidth,
          nLayers: r.nLayers,
          nHeads: heads,
          nKVHeads: r.nKVHeads,
          headDim: r.headDim,
          dFF: r.dFF,
          mlp: r.mlp as "gelu",
          norm: r.norm as "layernorm",
          position: r.position as "learned",
          positionRows: r.position === "learned" ? r.contextLength + r.extraRows : undefined,
          normsPerLayer: r.normsPerLayer,
          finalNorm: r.finalNorm,
          embeddingNorm: r.embeddingNorm,
          bias: r.bias,
          tiedEmbeddings: r.tiedEmbeddings,
        };
      });
    fc.assert(
      fc.property(arb, (input) => {
        const cfg = validateConfig(input);
        const model = new GPT(cfg);
        expect(countParameters(model)).toBe(countConfig(cfg).total);
        // and the forward runs with the built shapes
        const t = Math.min(3, cfg.contextLength);
        const out = model.call(ids([Array.from({ length: t }, (_, i) => i % cfg.vocabSize)]));
        expect(out.shape).toEqual([1, t, cfg.vocabSize]);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
  it("GPT-2 small's published 124,439,808 without allocating it: count of the config", () => {
    expect(countConfig({}).total).toBe(124439808);
  });
  it("names the unsupported config field", () => {
    expect(
      () => new GPT({ vocabSize: 8, dModel: 8, nHeads: 2, nLayers: 1, contextLength: 4, normsPerLayer: 3 }),
    ).toThrow(/config\.normsPerLayer 3/);
    expect(
      () => new GPT({ vocabSize: 8, dModel: 6, nHeads: 2, nLayers: 1, contextLength: 4, position: "rotary" }),
    ).toThrow(/rotary positions need an even headDim, got 3/);
  });
});

describe("GPT with mixture-of-experts blocks", () => {
  // Mixtral-shaped (arXiv:2401.04088 Table 1: 8 experts, top-2, SwiGLU, RMSNorm, rotary, GQA, untied, no
  // biases), shrunk to toy widths.
  const mixtralish: GPTConfigInput = {
    vocabSize: 13,
    contextLength: 8,
    dModel: 8,
    nLayers: 2,
    nHeads: 4,
    nKVHeads: 2,
    dFF: 12,
    mlp: "swiglu",
    norm: "rmsnorm",
    position: "rotary",
    positionRows: 0,
    bias: { qkv: false, attnOut: false, mlp: false, lmHead: false },
    tiedEmbeddings: false,
    moe: { nExperts: 8, expertsPerToken: 2 },
  };
  // Switch-style top-1 with GELU experts, biases, a router bias, MoE on layer 1 only and a shared expert.
  const top1: GPTConfigInput = {
    vocabSize: 11,
    contextLength: 6,
    dModel: 6,
    nLayers: 3,
    nHeads: 2,
    dFF: 10,
    moe: { nExperts: 3, expertsPerToken: 1, expertDFF: 7, routerBias: true, layers: [1], nSharedExperts: 1 },
  };

  it("parameter count equals gpt-params' countParameters(config).total", () => {
    for (const input of [mixtralish, top1]) {
      const cfg = validateConfig(input);
      expect(countParameters(new GPT(cfg))).toBe(countConfig(cfg).total);
    }
  });

  it("parameter count equals gpt-params over random small MoE configs", () => {
    const arb = fc.record({
      nExperts: fc.integer({ min: 1, max: 4 }),
      k: fc.integer({ min: 1, max: 4 }),
      expertDFF: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
      nSharedExperts: fc.integer({ min: 0, max: 2 }),
      sharedExpertDFF: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      routerBias: fc.boolean(),
      mlpBias: fc.boolean(),
      mlp: fc.constantFrom("gelu", "swiglu", "geglu"),
      layers: fc.subarray([0, 1, 2], { minLength: 1 }),
    });
    fc.assert(
      fc.property(arb, (r) => {
        const cfg = validateConfig({
          vocabSize: 7,
          contextLength: 4,
          dModel: 4,
          nLayers: 3,
          nHeads: 2,
          dFF: 6,
          mlp: r.mlp as "gelu",
          bias: { mlp: r.mlpBias },
          moe: {
            nExperts: r.nExperts,
            expertsPerToken: Math.min(r.k, r.nExperts),
            expertDFF: r.expertDFF,
            nSharedExperts: r.nSharedExperts,
            sharedExpertDFF: r.sharedExpertDFF,
            routerBias: r.routerBias,
            layers: r.layers,
          },
        });
        const model = new GPT(cfg);
        expect(countParameters(model)).toBe(countConfig(cfg).total);
        expect(model.call(ids([[1, 2, 3]])).shape).toEqual([1, 3, 7]);
      }),
      { numRuns: 40, seed: 3 },
    );
  });

  it("builds MoE MLPs only on config.moe.layers, with router / experts names", () => {
    const names = new GPT(top1).namedParameters().map(([n]) => n);
    expect(names).toContain("h.1.mlp.router.weight");
    expect(names).toContain("h.1.mlp.router.bias");
    expect(names).toContain("h.1.mlp.experts.2.c_fc.weight");
    expect(names).toContain("h.1.mlp.shared_experts.0.c_proj.bias");
    expect(names).toContain("h.0.mlp.c_fc.weight");
    expect(names.some((n) => n.startsWith("h.0.mlp.router") || n.startsWith("h.2.mlp.experts"))).toBe(false);
    const mix = new GPT(mixtralish).namedParameters().map(([n]) => n);
    expect(mix).toContain("h.1.mlp.experts.7.gate_proj.weight");
    expect(mix).not.toContain("h.1.mlp.router.bias");
  });

  it("generate gives the same tokens with and without the KV cache", () => {
    for (const input of [mixtralish, top1]) {
      manualSeed(4);
      const model = new GPT(input);
      const prompt = ids([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      for (const temperature of [0, 1]) {
        const opts = { maxNewTokens: 7, temperature };
        const cached = model.generate(prompt, { ...opts, useCache: true });
        const plain = model.generate(prompt, { ...opts, useCache: false });
        expect(cached.toArray()).toEqual(plain.toArray());
        expect(cached.shape).toEqual([2, 10]);
      }
    }
  });

  it("gradcheck through a tiny MoE GPT w.r.t. router and expert weights", () => {
    manualSeed(6);
    const model = new GPT({
      vocabSize: 5,
      contextLength: 3,
      dModel: 4,
      nLayers: 1,
      nHeads: 1,
      dFF: 3,
      mlp: "swiglu",
      moe: { nExperts: 2, expertsPerToken: 1 },
    });
    const x = ids([[1, 3]]);
    const router = model.getSubmodule("h.0.mlp.router") as Linear;
    const up = model.getSubmodule("h.0.mlp.experts.1.up_proj") as Linear;
    // loss as a function of the router weight and one expert matrix (the rest fixed)
    const fn = (rw: Tensor, uw: Tensor): Tensor => {
      router.registerParameter("weight", rw);
      up.registerParameter("weight", uw);
      return model.call(x);
    };
    const [rw, uw] = [router.weight, up.weight];
    try {
      const r = gradcheck(fn, [rw, uw]);
      expect(r.ok, r.message).toBe(true);
    } finally {
      router.registerParameter("weight", rw);
      up.registerParameter("weight", uw);
    }
  });

  it("switches the gating formula with options.moeGating", () => {
    manualSeed(9);
    const a = new GPT(top1);
    const b = new GPT(top1, { skipInit: true, moeGating: "softmax-topk" });
    b.loadStateDict(a.stateDict());
    const x = ids([[1, 2, 3, 4]]);
    // top-1: Mixtral's weight is 1, Switch's is p_i < 1, so the logits differ
    expect(a.call(x).toArray()).not.toEqual(b.call(x).toArray());
    expect(() => new GPT(top1, { moeGating: "dense" as "softmax-topk" })).toThrow(/MoE: gating must be/);
  });

  it("bad MoE fields are errors naming the field", () => {
    const cfg = (moe: object) => ({ ...top1, moe }) as GPTConfigInput;
    expect(() => new GPT(cfg({ nExperts: 2, expertsPerToken: 3 }))).toThrow(
      /config\.moe\.expertsPerToken: 3 experts per token exceeds the 2 experts available/,
    );
    expect(() => new GPT(cfg({ nExperts: 0, expertsPerToken: 1 }))).toThrow(
      /config\.moe\.nExperts: 0 must be/,
    );
    expect(() => new GPT(cfg({ nExperts: 1.5, expertsPerToken: 1 }))).toThrow(/config\.moe\.nExperts: 1\.5/);
    expect(() => new GPT(cfg({ nExperts: 2, expertsPerToken: 1, layers: [5] }))).toThrow(
      /config\.moe\.layers: layer 5 is not in 0\.\.2/,
    );
  });
});

describe("GPT forward", () => {
  const small = { vocabSize: 11, contextLength: 6, dModel: 8, nLayers: 2, nHeads: 2 };
  it("is causal: later tokens do not change earlier logits", () => {
    for (const position of ["learned", "rotary", "alibi"] as const) {
      manualSeed(1);
      const m = new GPT({ ...small, position, nKVHeads: 1 });
      const a = m.call(ids([[1, 2, 3, 4, 5]])).toArray();
      const b = m.call(ids([[1, 2, 3, 9, 0]])).toArray();
      expect(b.slice(0, 3 * 11)).toEqual(a.slice(0, 3 * 11));
      expect(b.slice(3 * 11)).not.toEqual(a.slice(3 * 11));
    }
  });
  it("grouped KV heads equal full multi-head attention with the KV weights repeated", () => {
    manualSeed(2);
    const gqa = new CausalSelfAttention({ dModel: 8, nHeads: 4, nKvHeads: 2 });
    const mha = new CausalSelfAttention({ dModel: 8, nHeads: 4, nKvHeads: 4 });
    // rows of c_attn: q (8) | k (2 heads × 2) | v (2 heads × 2); MHA repeats each KV head for its 2 query heads
    const w = gqa.c_attn.weight.toArray();
    const b = gqa.c_attn.bias!.toArray();
    const rowsW = (r: number) => w.slice(r * 8, r * 8 + 8);
    const kvRows = (start: number) => [0, 0, 1, 1].flatMap((h) => [start + 2 * h, start + 2 * h + 1]);
    const order = [...Array.from({ length: 8 }, (_, i) => i), ...kvRows(8), ...kvRows(12)];
    mha.loadStateDict({
      "c_attn.weight": new Tensor(Float32Array.from(order.flatMap(rowsW)), [24, 8]),
      "c_attn.bias": new Tensor(Float32Array.from(order.map((r) => b[r]!)), [24]),
      "c_proj.weight": gqa.c_proj.weight,
      "c_proj.bias": gqa.c_proj.bias!,
    });
    const x = randn([2, 5, 8]);
    const d = gqa.call(x).sub(mha.call(x)).abs().max().item();
    expect(d).toBeLessThan(1e-6);
  });
  it("gradchecks through attention (GQA, rotary) and a whole block stack", () => {
    manualSeed(3);
    const att = new CausalSelfAttention({ dModel: 4, nHeads: 2, nKvHeads: 1, position: "rotary" });
    const r = gradcheck((x) => att.call(x), [randn([1, 3, 4])], { atol: 2e-3, rtol: 2e-2 });
    expect(r.ok, r.message).toBe(true);
  });
  it("rejects long sequences and bad ids with the numbers", () => {
    const m = new GPT(small);
    expect(() => m.call(ids([[1, 2, 3, 4, 5, 6, 7]]))).toThrow(/length 7; the context length is only 6/);
    expect(() => m.call(new Tensor(Float32Array.of(1, 2), [1, 2]))).toThrow(/int32 \[B, T\].*float32/);
    expect(() => m.call(ids([[1, 11]]))).toThrow(/index 11/);
  });
  it("generate appends tokens, reproducibly, and argmax at temperature 0", () => {
    manualSeed(4);
    const m = new GPT(small);
    const a = m.generate(ids([[1, 2]]), { maxNewTokens: 8 });
    const b = m.generate(ids([[1, 2]]), { maxNewTokens: 8 });
    expect(a.shape).toEqual([1, 10]);
    expect(a.toArray()).toEqual(b.toArray());
    const g = m.generate(ids([[1, 2]]), { maxNewTokens: 1, temperature: 0 }).toArray()[2];
    const logits = m
      .call(ids([[1, 2]]))
      .toArray()
      .slice(11, 22);
    expect(g).toBe(logits.indexOf(Math.max(...logits)));
  });
});

describe("loadGPT2", () => {
  const bytes = new Uint8Array(readFileSync(new URL("gpt2-tiny.safetensors", fixtureDir)));
  const ref = JSON.parse(readFileSync(new URL("gpt2-tiny.json", fixtureDir), "utf8")) as {
    config: { vocab_size: number; n_positions: number; n_embd: number; n_layer: number; n_head: number };
    ids: number[][];
    logitsShape: number[];
    logits: number[];
  };
  it("matches the logits PyTorch computes for the tiny random GPT-2 to 1e-4", () => {
    const { model, config } = loadGPT2(bytes, { nHeads: ref.config.n_head });
    expect(config.nLayers).toBe(ref.config.n_layer);
    expect(config.tiedEmbeddings).toBe(true);
    const out = model.call(ids(ref.ids));
    expect(out.shape).toEqual(ref.logitsShape);
    const got = out.toArray();
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - ref.logits[i]!));
    expect(worst).toBeLessThan(1e-4);
    // the logits are not trivially small: the test would notice a wrong layer
    expect(Math.max(...ref.logits.map(Math.abs))).toBeGreaterThan(3);
  });
  it("accepts GPT2LMHeadModel names (transformer. prefix and lm_head.weight)", () => {
    const sd = loadSafetensors(bytes);
    const renamed: Record<string, Tensor> = {};
    for (const [k, t] of Object.entries(sd)) renamed[`transformer.${k}`] = t;
    renamed["lm_head.weight"] = sd["wte.weight"]!;
    const { model } = loadGPT2(saveSafetensors(renamed), { nHeads: 4 });
    expect(model.lm_head.weight).toBe(model.wte.weight);
  });
  it("explains what is wrong with a checkpoint", () => {
    expect(() => loadGPT2(bytes)).toThrow(/d_model 32 is not a multiple of 64.*pass \{ nHeads \}/);
    const sd = loadSafetensors(bytes);
    const extra = saveSafetensors({ ...sd, "h.0.attn.rotary.inv_freq": randn([4]) });
    expect(() => loadGPT2(extra, { nHeads: 4 })).toThrow(
      /unexpected tensors in the checkpoint: h\.0\.attn\.rotary\.inv_freq/,
    );
    const { "wpe.weight": _drop, ...noWpe } = sd;
    expect(() => loadGPT2(saveSafetensors(noWpe), { nHeads: 4 })).toThrow(/has no "wpe.weight"/);
    expect(() => loadGPT2(saveSafetensors(noWpe), { nHeads: 4 })).toThrow(ModelError);
  });
});
