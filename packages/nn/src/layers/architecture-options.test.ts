// Properties of the layer options loaded checkpoints need (rotary variants, sliding window, residual
// wirings, activations, Gemma's (1 + w), ALiBi slopes for any head count). Exact agreement with transformers
// is tested on real checkpoints in src/pretrained/pretrained.fixture.test.ts.
import { gradcheck, manualSeed, mul, randn, sum, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { causalSoftmax } from "../functional-b/causal-softmax";
import { ModelError } from "../models/errors";
import { GPT } from "../models/gpt";
import { alibiSlopes } from "./attention";
import { Block } from "./block";
import { Embedding } from "./embedding";
import { Linear } from "./linear";
import { MLP } from "./mlp";
import { LayerNorm, RMSNorm } from "./norms";
import { RotaryEmbedding } from "./rotary-embedding";
import { initSkipped, withoutInit } from "./skip-init";

const dot = (a: Tensor, b: Tensor) => sum(mul(a, b)).item();

describe("RotaryEmbedding", () => {
  for (const layout of ["half", "interleaved"] as const) {
    it(`${layout}: q·k depends only on the position difference; pass-through dims are untouched`, () => {
      manualSeed(1);
      const rope = new RotaryEmbedding(8, { dims: 4, layout, base: 100 });
      const q = randn([1, 8]);
      const k = randn([1, 8]);
      const at = (x: Tensor, p: number) => rope.apply(x, rope.tables(1, p));
      expect(dot(at(q, 5), at(k, 2))).toBeCloseTo(dot(at(q, 9), at(k, 6)), 4);
      expect(dot(at(q, 5), at(k, 2))).not.toBeCloseTo(dot(at(q, 5), at(k, 4)), 2);
      expect(at(q, 7).toArray().slice(4)).toEqual(q.toArray().slice(4));
    });
  }
  it("interleaved rotates pairs (x0, x1) and half rotates (x0, x2)", () => {
    const x = tensor([1, 0, 0, 0]).reshape([1, 4]);
    const a = Math.fround(1); // position 1, inv_freq_0 = 1
    const half = new RotaryEmbedding(4, { layout: "half" });
    const inter = new RotaryEmbedding(4, { layout: "interleaved" });
    const h = half.apply(x, half.tables(1, 1)).toArray();
    const i = inter.apply(x, inter.tables(1, 1)).toArray();
    expect(h[0]).toBeCloseTo(Math.cos(a), 6);
    expect(h[2]).toBeCloseTo(Math.sin(a), 6);
    expect(i[0]).toBeCloseTo(Math.cos(a), 6);
    expect(i[1]).toBeCloseTo(Math.sin(a), 6);
  });
  it("linear scaling divides positions by the factor; longrope switches factors past the original length", () => {
    const plain = new RotaryEmbedding(4);
    const lin = new RotaryEmbedding(4, { scaling: { type: "linear", factor: 4 } });
    expect(lin.tables(1, 8).cos.toArray()).toEqual(plain.tables(1, 2).cos.toArray());
    const lr = new RotaryEmbedding(4, {
      scaling: {
        type: "longrope",
        shortFactor: [1, 1],
        longFactor: [2, 2],
        originalMaxPositions: 4,
        attentionFactor: 1,
      },
    });
    expect(lr.frequencies(4).invFreq).toEqual(plain.frequencies(4).invFreq);
    expect(lr.frequencies(5).invFreq[0]).toBe(0.5);
    expect(() => new RotaryEmbedding(4, { dims: 3 })).toThrow(ModelError);
  });
});

describe("causalSoftmax window", () => {
  it("each query sees its last W keys, itself included", () => {
    const x = randn([3, 5]);
    const y = causalSoftmax(x, 1, 2).toArray();
    // S=5, T=3: query 2 sits at position 4 and sees keys 3, 4
    const row = x.toArray().slice(10, 15);
    const z = Math.exp(row[3]!) + Math.exp(row[4]!);
    expect(y.slice(10, 15).map((v) => Number(v.toFixed(6)))).toEqual(
      [0, 0, 0, Math.exp(row[3]!) / z, Math.exp(row[4]!) / z].map((v) => Number(v.toFixed(6))),
    );
    expect(() => causalSoftmax(x, 1, 0)).toThrow(RangeError);
  });
});

describe("Block residual wirings, MLP activations, (1 + w) norms", () => {
  it("parallel: x + attn(ln_1 x) + mlp(ln_2 x); post-norm: ln_2(h + mlp h), h = ln_1(x + attn x)", () => {
    manualSeed(2);
    const make = (residual: "parallel" | "post-norm") =>
      new Block({
        attention: { dModel: 4, nHeads: 2 },
        mlp: { dModel: 4, dFF: 8 },
        makeNorm: () => new LayerNorm(4),
        residual,
      });
    const x = randn([1, 3, 4]);
    const p = make("parallel");
    const ln = (n: string, v: Tensor) => (p.getSubmodule(n) as LayerNorm).call(v);
    const want = p.mlp
      .call(ln("ln_2", x))
      .add(p.attn.call(ln("ln_1", x)))
      .add(x);
    expect(p.call(x).toArray()).toEqual(want.toArray());
    const q = make("post-norm");
    const ln2 = (n: string, v: Tensor) => (q.getSubmodule(n) as LayerNorm).call(v);
    const h = ln2("ln_1", x.add(q.attn.call(x)));
    expect(q.call(x).toArray()).toEqual(ln2("ln_2", h.add(q.mlp.call(h))).toArray());
    for (const b of [p, q]) {
      const r = gradcheck((v) => b.call(v), [randn([1, 2, 4])], { atol: 3e-3, rtol: 3e-2 });
      expect(r.ok, r.message).toBe(true);
    }
    expect(
      () =>
        new Block({
          attention: { dModel: 4, nHeads: 2 },
          mlp: { dModel: 4, dFF: 8 },
          makeNorm: () => new LayerNorm(4),
          normsPerLayer: 1,
          residual: "parallel",
        }),
    ).toThrow(/needs normsPerLayer 2/);
  });
  it("MLP activation override: relu zeroes negatives of c_fc; a bad name is a ModelError", () => {
    const m = new MLP({ dModel: 2, dFF: 2, activation: "relu" });
    expect(m.activation).toBe("relu");
    expect(new MLP({ dModel: 2, dFF: 2, kind: "swiglu" }).activation).toBe("silu");
    expect(new MLP({ dModel: 2, dFF: 2, geluApproximation: "none" }).activation).toBe("gelu");
    expect(() => new MLP({ dModel: 2, dFF: 2, activation: "tanh" as "relu" })).toThrow(ModelError);
  });
  it("RMSNorm weightOffset 1 scales by (1 + w)", () => {
    const x = randn([2, 4]);
    const a = new RMSNorm(4, { eps: 1e-6, weightOffset: 1 });
    const b = new RMSNorm(4, { eps: 1e-6 });
    // a's weight starts at ones, so it scales by 2; b scales by 1
    expect(
      a
        .call(x)
        .toArray()
        .map((v) => v / 2),
    ).toEqual(
      b
        .call(x)
        .toArray()
        .map((v) => Math.fround(v)),
    );
  });
});

describe("alibiSlopes", () => {
  it("powers of two: 2^(-8h/H); others: the nearest lower power's slopes, then odd slopes of twice it", () => {
    expect(alibiSlopes(4)).toEqual([2 ** -2, 2 ** -4, 2 ** -6, 2 ** -8]);
    // 6 heads: P = 4 → 2^-2..2^-8, then 2P = 8's slopes 1 and 3: 2^-1, 2^-3 (BLOOM's build_alibi_tensor)
    expect(alibiSlopes(6)).toEqual([2 ** -2, 2 ** -4, 2 ** -6, 2 ** -8, 2 ** -1, 2 ** -3]);
  });
});

describe("withoutInit", () => {
  it("Linear and Embedding keep zeros inside the scope, draw outside it; GPT skipInit uses it", () => {
    const [l, e] = withoutInit(() => [new Linear(3, 2), new Embedding(4, 2)] as const);
    expect(l.weight.toArray().every((v) => v === 0)).toBe(true);
    expect(l.bias!.toArray().every((v) => v === 0)).toBe(true);
    expect(e.weight.toArray().every((v) => v === 0)).toBe(true);
    expect(initSkipped()).toBe(false);
    expect(new Linear(3, 2).weight.toArray().some((v) => v !== 0)).toBe(true);
    const g = new GPT(
      { vocabSize: 8, dModel: 4, nHeads: 2, nLayers: 1, contextLength: 4 },
      { skipInit: true },
    );
    for (const [name, p] of g.namedParameters()) {
      const want = /ln_.*weight$/.test(name) ? 1 : 0;
      expect(
        p.toArray().every((v) => v === want),
        name,
      ).toBe(true);
    }
    expect(initSkipped()).toBe(false);
  });
});
