// The activation cache, direct logit attribution and patching, by the properties they must satisfy: the
// residual decomposition sums to the final residual stream (1e-4); per-head results plus the output bias sum
// to hook_attn_out; direct logit attributions sum to the logit (and to a logit difference); patching the clean
// activation into the clean run changes nothing; patching the one position where two prompts differ at the
// first layer's input restores the clean metric exactly, and the other positions leave the corrupted one.
import { charGptConfig, GPT, type GPTOptions } from "@paramlens/nn";
import { manualSeed, noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { expectClose } from "../test-util";
import { runWithCache, runWithHooks } from "./activation-cache";
import { directLogitAttribution } from "./direct-logit-attribution";
import { logitDiffMetric, meanAblation, patchFrom, patchingScan, zeroAblation } from "./hook-patching";

const ids = tensor([
  [1, 4, 2, 7, 3, 8],
  [5, 0, 6, 2, 2, 1],
]).int();

function model(cfg: Parameters<typeof charGptConfig>[1] = {}, opts: GPTOptions = {}, gain = 1): GPT {
  manualSeed(8);
  const gpt = new GPT(
    charGptConfig(10, { contextLength: 8, dModel: 16, nLayers: 3, nHeads: 4, ...cfg }),
    opts,
  );
  // non-trivial norm parameters and biases, so that the folding is exercised
  noGrad(() => {
    for (const [name, p] of gpt.namedParameters()) {
      if (/ln_.*\.(weight)$/.test(name))
        p.copy_(p.add(tensor(Array.from({ length: p.size }, (_, i) => 0.3 * Math.sin(i + 1)))));
      if (/\.bias$/.test(name)) p.copy_(tensor(Array.from({ length: p.size }, (_, i) => 0.05 * Math.cos(i))));
      if (p.ndim === 2) p.copy_(p.mul(gain)); // gain > 1: outputs that depend visibly on the input
    }
  });
  gpt.eval();
  return gpt;
}

const sum0 = (t: Tensor) => noGrad(() => t.sum(0));

describe("ActivationCache", () => {
  for (const [label, cfg, opts] of [
    ["pre-LN LayerNorm", {}, {}],
    ["parallel (NeoX)", {}, { residual: "parallel" }],
    ["RMSNorm, rotary, GQA", { norm: "rmsnorm", position: "rotary", nKVHeads: 2 }, {}],
  ] as const) {
    it(`decomposes the residual stream into terms that sum to it (${label})`, () => {
      const gpt = model(cfg, opts as GPTOptions);
      const { cache } = runWithCache(gpt, ids, { result: true });
      const final = cache.get("blocks.2.hook_resid_post");
      const dec = cache.decomposeResid();
      expect(dec.labels.slice(0, 3)).toEqual(
        gpt.wpe ? ["embed", "pos_embed", "0_attn_out"] : ["embed", "0_attn_out", "0_mlp_out"],
      );
      expectClose(sum0(dec.stack).toArray(), final.toArray(), 1e-4, 1e-4);
      // up to a layer: the stream entering it
      expectClose(
        sum0(cache.decomposeResid(2).stack).toArray(),
        cache.get("blocks.2.hook_resid_pre").toArray(),
        1e-4,
        1e-4,
      );
      const acc = cache.accumulatedResid(undefined, { pos: -1 });
      expect(acc.labels).toEqual(["0_pre", "1_pre", "2_pre", "final_post"]);
      expectClose(acc.stack.select(0, 3).toArray(), final.select(1, 5).toArray(), 0, 0);
      // per-head results + c_proj bias = hook_attn_out
      const heads = cache.stackHeadResults(undefined, { pos: 2 });
      expect(heads.labels[5]).toBe("L1H1");
      const l1 = noGrad(() => heads.stack.slice(0, 4, 8).sum(0).add(gpt.h.at(1).attn.c_proj.bias!));
      expectClose(l1.toArray(), cache.get("blocks.1.hook_attn_out").select(1, 2).toArray(), 1e-5, 1e-4);
      // the normalised stack still sums to the normalised stream
      const normed = cache.applyLnToStack(dec.stack);
      const x = final;
      const want = noGrad(() =>
        (gpt.config.norm === "rmsnorm" ? x : x.sub(x.mean(-1, true))).div(cache.get("ln_final.hook_scale")),
      );
      expectClose(sum0(normed).toArray(), want.toArray(), 1e-4, 1e-4);
    });
  }

  it("refuses unknown names and explains missing ones", () => {
    const gpt = model();
    expect(() => runWithCache(gpt, ids, { names: ["blocks.0.hook_nope"] })).toThrow(
      /no hook point "blocks.0.hook_nope"/,
    );
    const { cache } = runWithCache(gpt, ids, { names: ["blocks.0.hook_resid_pre"] });
    expect(cache.names).toEqual(["blocks.0.hook_resid_pre"]);
    expect(() => cache.get("blocks.0.attn.hook_result")).toThrow(/result: true/);
    expect(() => runWithCache(gpt, ids.float())).toThrow(/int32/);
  });
});

describe("directLogitAttribution", () => {
  for (const [label, cfg] of [
    ["LayerNorm with biases", {}],
    [
      "RMSNorm, untied head with bias",
      { norm: "rmsnorm", tiedEmbeddings: false, bias: { qkv: true, attnOut: true, mlp: true, lmHead: true } },
    ],
  ] as const) {
    it(`components sum to the logit and to a logit difference (${label})`, () => {
      const gpt = model(cfg as Parameters<typeof charGptConfig>[1]);
      const one = directLogitAttribution(gpt, ids, 3);
      expect(one.labels).toContain("L2H3");
      expect(one.labels.at(-1)).toBe("bias");
      const logits = noGrad(() => gpt.call(ids)).toNested() as number[][][];
      for (let b = 0; b < 2; b++) {
        const total = one.values.reduce((s, row) => s + row[b]!, 0);
        expect(total).toBeCloseTo(logits[b]![5]![3]!, 4);
        expect(one.logit[b]).toBeCloseTo(logits[b]![5]![3]!, 5);
      }
      const diff = directLogitAttribution(gpt, ids, { correct: 3, incorrect: 7 }, { pos: 2 });
      for (let b = 0; b < 2; b++) {
        const total = diff.values.reduce((s, row) => s + row[b]!, 0);
        expect(total).toBeCloseTo(logits[b]![2]![3]! - logits[b]![2]![7]!, 4);
      }
    });
  }

  it("refuses tokens outside the vocabulary", () => {
    expect(() => directLogitAttribution(model(), ids, 10)).toThrow(/outside the vocabulary of 10/);
  });
});

describe("patching", () => {
  const clean = tensor([[1, 4, 2, 7, 3, 8]]).int();
  const corrupted = tensor([[1, 9, 2, 7, 3, 8]]).int(); // differs at position 1 only
  const metric = logitDiffMetric(3, 7);

  it("patching the clean activation into the clean run changes nothing", () => {
    const gpt = model();
    const { logits, cache } = runWithCache(gpt, clean);
    const patched = runWithHooks(gpt, clean, {
      "blocks.1.hook_resid_pre": patchFrom(cache.get("blocks.1.hook_resid_pre")),
      "blocks.0.attn.hook_z": patchFrom(cache.get("blocks.0.attn.hook_z"), { heads: [1, 2], positions: [3] }),
    });
    expectClose(patched.toArray(), logits.toArray(), 1e-6, 0);
    const scan = patchingScan(gpt, clean, clean, "head_z", metric);
    for (const row of scan.scores) for (const s of row) expect(s).toBeCloseTo(scan.clean, 5);
  });

  it("the position where the prompts differ carries the whole effect at the first layer's input", () => {
    const gpt = model({}, {}, 20);
    const scan = patchingScan(gpt, clean, corrupted, "resid_pre", metric);
    expect(scan.scores).toHaveLength(3);
    expect(scan.scores[0]).toHaveLength(6);
    expect(scan.clean).not.toBeCloseTo(scan.corrupted, 3);
    expect(scan.scores[0]![1]).toBeCloseTo(scan.clean, 5);
    expect(scan.normalised[0]![1]).toBeCloseTo(1, 4);
    for (const p of [0, 2, 3, 4, 5]) expect(scan.scores[0]![p]).toBeCloseTo(scan.corrupted, 5);
    // before position 1 nothing differs at any layer: patching there changes nothing
    for (let l = 0; l < 3; l++) expect(scan.scores[l]![0]).toBeCloseTo(scan.corrupted, 5);
  });

  it("ablations keep the shape; a hook of the wrong shape is refused", () => {
    const gpt = model();
    const zero = runWithHooks(gpt, ids, {
      "blocks.0.hook_attn_out": zeroAblation(),
      "blocks.1.mlp.hook_post": meanAblation(),
    });
    expect(zero.shape).toEqual([2, 6, 10]);
    expect(() => runWithHooks(gpt, ids, { "blocks.0.hook_attn_out": (t) => t.select(0, 0) })).toThrow(
      /returned \[6,16\]/,
    );
  });
});
