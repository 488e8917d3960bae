// KV cache: incremental logits against the full-context forward (the reference, itself checked against
// PyTorch in gpt.test.ts), cache bookkeeping, the errors, and generate() with and without the cache.
import type { GPTConfigInput } from "@paramlens/gpt-params";
import { concat, Generator, manualSeed, noGrad, randn, slice, Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { normal } from "../init/init";
import { CausalSelfAttention } from "../layers/attention";
import type { Module } from "../module";
import { ModelError } from "./errors";
import { GPT } from "./gpt";
import { KVCache, KVCacheLayer } from "./kv-cache";

const ids = (rows: number[][]) => new Tensor(Int32Array.from(rows.flat()), [rows.length, rows[0]!.length]);

/** A small random GPT with weights large enough (std 0.3) that attention is far from uniform. */
function randomGPT(cfg: GPTConfigInput, seed: number): GPT {
  manualSeed(seed);
  const m = new GPT(cfg);
  for (const p of m.parameters()) normal(p, 0, 0.3);
  m.eval();
  return m;
}

function randomTokens(b: number, t: number, vocab: number, seed: number): number[][] {
  const g = new Generator(seed);
  return Array.from({ length: b }, () => Array.from({ length: t }, () => Math.floor(g.nextFloat() * vocab)));
}

// Odd sizes: vocab 13, 3 layers, grouped KV heads, headDim not dModel / nHeads, several block layouts.
const base = { vocabSize: 13, contextLength: 11, nLayers: 3, dFF: 19 };
const configs: [string, GPTConfigInput][] = [
  [
    "learned, 3 heads, MHA, pre-LN",
    { ...base, dModel: 15, nHeads: 3, position: "learned", positionRows: 13 },
  ],
  [
    "rotary, 4 heads over 2 KV heads, headDim 6, SwiGLU, RMSNorm, parallel block",
    {
      ...base,
      dModel: 20,
      nHeads: 4,
      nKVHeads: 2,
      headDim: 6,
      position: "rotary",
      mlp: "swiglu",
      norm: "rmsnorm",
      normsPerLayer: 1,
    },
  ],
  [
    "alibi, 4 heads over 1 KV head, 4 norms, embedding norm",
    {
      ...base,
      dModel: 12,
      nHeads: 4,
      nKVHeads: 1,
      position: "alibi",
      normsPerLayer: 4,
      embeddingNorm: true,
    },
  ],
  [
    "no positions, untied head, 0 norms",
    { ...base, dModel: 9, nHeads: 3, position: "none", tiedEmbeddings: false, normsPerLayer: 0 },
  ],
];

describe("GPT.forward with a KVCache", () => {
  for (const [name, cfg] of configs) {
    it(`matches the full-context logits at every position (${name}, batch 3)`, () => {
      const m = randomGPT(cfg, 11);
      const v = m.config.vocabSize;
      const tokens = randomTokens(3, m.config.contextLength, v, 5);
      const full = m.call(ids(tokens)).toArray(); // [3, T, V]
      const t = m.config.contextLength;
      // row p of batch item b in logits [B, w, V]
      const at = (arr: number[], w: number, b: number, p: number) =>
        arr.slice((b * w + p) * v, (b * w + p + 1) * v);
      // prefill 4, then one token at a time, with one 3-token chunk in the middle
      const chunks = [4, 1, 1, 3, 1, 1];
      expect(chunks.reduce((a, c) => a + c)).toBe(t);
      const cache = new KVCache();
      let p0 = 0;
      let worst = 0;
      for (const n of chunks) {
        const out = m.call(ids(tokens.map((r) => r.slice(p0, p0 + n))), { cache }).toArray();
        expect(cache.length).toBe(p0 + n);
        for (let b = 0; b < 3; b++) {
          for (let q = 0; q < n; q++) {
            const ref = at(full, t, b, p0 + q);
            const got = at(out, n, b, q);
            const scale = Math.max(...ref.map(Math.abs));
            for (let k = 0; k < v; k++) worst = Math.max(worst, Math.abs(got[k]! - ref[k]!) / scale);
          }
        }
        p0 += n;
      }
      expect(worst).toBeLessThan(1e-5);
      // the logits vary across vocabulary and positions (the comparison is not of constants)
      const row = at(full, t, 0, t - 1);
      expect(Math.max(...row) - Math.min(...row)).toBeGreaterThan(0.5);
    });
  }

  it("keeps its bookkeeping: length, batch size, shape, per-layer [B, Hkv, t, headDim], reset", () => {
    const m = randomGPT(configs[1]![1], 1);
    const cache = new KVCache();
    expect(cache.length).toBe(0);
    expect(cache.batchSize).toBeNull();
    expect(cache.shape).toBeNull();
    expect(cache.layers).toHaveLength(0);
    m.call(
      ids([[1, 2, 3, 4, 5]])
        .expand([2, 5])
        .contiguous(),
      { cache },
    );
    expect(cache.length).toBe(5);
    expect(cache.batchSize).toBe(2);
    expect(cache.shape).toEqual({ nLayers: 3, nKvHeads: 2, headDim: 6, contextLength: 11 });
    expect(cache.layers).toHaveLength(3);
    for (const l of cache.layers) {
      expect(l.length).toBe(5);
      expect(l.keys!.shape).toEqual([2, 2, 5, 6]);
      expect(l.values!.shape).toEqual([2, 2, 5, 6]);
    }
    m.call(ids([[7], [8]]), { cache });
    expect(cache.length).toBe(6);
    expect(cache.layers[2]!.keys!.shape).toEqual([2, 2, 6, 6]);
    cache.reset();
    expect(cache.length).toBe(0);
    expect(cache.batchSize).toBeNull();
    // a reset cache starts a new sequence, with another batch size
    m.call(ids([[1, 2, 3]]), { cache });
    expect(cache.length).toBe(3);
    expect(cache.batchSize).toBe(1);
  });

  it("passes through GPT.call: hooks see [ids, { cache }], and a GPT is still a Module<[Tensor], Tensor>", () => {
    const m = randomGPT(configs[0]![1], 1);
    const plain: Module = m; // typechecks: the cache option does not change Module's signature
    const seen: number[] = [];
    plain.registerForwardPreHook((_mod, inputs) => {
      seen.push(inputs.length);
    });
    const cache = new KVCache();
    m.call(ids([[1, 2]]), { cache });
    m.call(ids([[1, 2]]));
    expect(seen).toEqual([2, 1]);
    expect(cache.length).toBe(2);
  });

  it("keeps gradients flowing through cached keys/values outside noGrad", () => {
    const m = randomGPT(configs[0]![1], 2);
    const cache = new KVCache();
    m.call(ids([[1, 2, 3]]), { cache });
    const y = m.call(ids([[4]]), { cache });
    y.sum().backward();
    // wpe row 0 only reaches the last logit through the cached keys/values of position 0
    const g = m.wpe!.weight.grad!.toArray().slice(0, 15);
    expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(0);
    // and under noGrad nothing is recorded
    const c2 = new KVCache();
    noGrad(() => m.call(ids([[1, 2]]), { cache: c2 }));
    expect(c2.layers[0]!.keys!.requiresGrad).toBe(false);
  });
});

describe("CausalSelfAttention with a KVCacheLayer", () => {
  it("one position at a time equals the full sequence (rotary, GQA), and rejects keys of another shape", () => {
    manualSeed(8);
    const att = new CausalSelfAttention({
      dModel: 12,
      nHeads: 4,
      nKvHeads: 2,
      headDim: 4,
      position: "rotary",
    });
    for (const p of att.parameters()) normal(p, 0, 0.4);
    const x = randn([2, 5, 12]);
    const full = att.call(x);
    const layer = new KVCacheLayer();
    const steps = [0, 1, 2, 3, 4].map((i) => att.call(slice(x, 1, i, i + 1), layer));
    expect(layer.length).toBe(5);
    const d = concat(steps, 1).sub(full).abs().max().item();
    expect(d).toBeLessThan(1e-5 * full.abs().max().item());
    expect(() => att.call(randn([3, 1, 12]), layer)).toThrow(
      /KVCacheLayer.append: new keys \[3,2,1,4\].*do not fit the cached \[2,2,5,4\]/,
    );
  });
});

describe("KVCache errors", () => {
  const cfg = configs[0]![1];
  it("overflow names the context length and the requested position", () => {
    const m = randomGPT(cfg, 3);
    const cache = new KVCache();
    m.call(ids([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]), { cache });
    m.call(ids([[1]]), { cache }); // position 10, the last one
    let err: unknown;
    try {
      m.call(ids([[2]]), { cache });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe("INPUT");
    expect((err as Error).message).toMatch(
      /position 11 requested \(KV cache length 11 \+ 1 new tokens\).*context length is only 11/,
    );
    expect(cache.length).toBe(11);
    // several new tokens that cross the end (learned positionRows 13 > context 11 does not extend it)
    const c2 = new KVCache();
    m.call(ids([[1, 2, 3, 4, 5, 6, 7, 8, 9]]), { cache: c2 });
    expect(() => m.call(ids([[1, 2, 3]]), { cache: c2 })).toThrow(/position 11 requested.*only 11/);
    expect(c2.length).toBe(9);
  });
  it("rejects a batch size other than the cache's", () => {
    const m = randomGPT(cfg, 3);
    const cache = new KVCache();
    m.call(
      ids([
        [1, 2],
        [3, 4],
      ]),
      { cache },
    );
    expect(() => m.call(ids([[5]]), { cache })).toThrow(
      /ids have batch size 1 but the KV cache holds batch size 2/,
    );
    expect(cache.length).toBe(2);
  });
  it("rejects a cache filled by a model of another shape, or another model of the same shape", () => {
    const a = randomGPT(cfg, 3);
    const cache = new KVCache();
    a.call(ids([[1, 2]]), { cache });
    const deeper = randomGPT({ ...cfg, nLayers: 2 }, 3);
    expect(() => deeper.call(ids([[3]]), { cache })).toThrow(
      /another shape \(nLayers 3, nKvHeads 3, headDim 5, contextLength 11\); this model has nLayers 2, nKvHeads 3, headDim 5/,
    );
    const wider = randomGPT({ ...configs[1]![1] }, 3);
    expect(() => wider.call(ids([[3]]), { cache })).toThrow(
      /another shape.*this model has nLayers 3, nKvHeads 2, headDim 6/,
    );
    const twin = randomGPT(cfg, 4);
    expect(() => twin.call(ids([[3]]), { cache })).toThrow(/another GPT instance/);
    expect(() => a.call(ids([[3]]), { cache: {} as KVCache })).toThrow(/options.cache must be a KVCache/);
    expect(cache.length).toBe(2);
  });
  it("a failed step leaves the cache as it was", () => {
    const m = randomGPT(cfg, 3);
    const cache = new KVCache();
    m.call(ids([[1, 2]]), { cache });
    expect(() => m.call(ids([[99]]), { cache })).toThrow(/index 99/);
    expect(cache.length).toBe(2);
    const h = m.h.at(2).attn.registerForwardHook(() => {
      throw new Error("hook failed");
    });
    expect(() => m.call(ids([[3]]), { cache })).toThrow(/hook failed/);
    h.remove();
    expect(cache.layers.map((l) => l.length)).toEqual([2, 2, 2]);
    const fresh = new KVCache();
    expect(() => m.call(ids([[99]]), { cache: fresh })).toThrow(/index 99/);
    expect(fresh.length).toBe(0);
    expect(fresh.batchSize).toBeNull();
  });
});

describe("GPT.generate with the KV cache", () => {
  for (const [name, cfg] of configs) {
    it(`gives the same tokens as without it: greedy and seeded sampling (${name})`, () => {
      const m = randomGPT(cfg, 21);
      const prompt = ids(randomTokens(2, 3, 13, 9));
      // 3 + 12 tokens passes the context of 11, so the window slides for the last steps
      for (const opts of [{ temperature: 0 }, { temperature: 1 }, { temperature: 0.7, topK: 4 }]) {
        const cached = m.generate(prompt, { maxNewTokens: 12, ...opts, generator: new Generator(5) });
        const plain = m.generate(prompt, {
          maxNewTokens: 12,
          ...opts,
          generator: new Generator(5),
          useCache: false,
        });
        expect(cached.shape).toEqual([2, 15]);
        expect(cached.toArray()).toEqual(plain.toArray());
      }
    });
  }
  it("samples differ between seeds and rows (the equality above is not of constant output)", () => {
    const m = randomGPT(configs[1]![1], 21);
    const prompt = ids([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    const a = m.generate(prompt, { maxNewTokens: 8, generator: new Generator(1) }).toArray();
    const b = m.generate(prompt, { maxNewTokens: 8, generator: new Generator(2) }).toArray();
    expect(a).not.toEqual(b);
    expect(a.slice(3, 11)).not.toEqual(a.slice(14, 22));
  });
  it("restores training mode and records no gradients", () => {
    const m = randomGPT(configs[0]![1], 2);
    m.train();
    const out = m.generate(ids([[1, 2]]), { maxNewTokens: 3 });
    expect(m.training).toBe(true);
    expect(out.requiresGrad).toBe(false);
    expect(m.wte.weight.grad).toBeNull();
  });
});
