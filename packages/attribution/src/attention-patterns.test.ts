// Attention patterns recomputed from the fused projection must reproduce the attention module's own
// output (pattern · V → c_proj), for learned, rotary and ALiBi positions and grouped KV heads.
import { charGptConfig, GPT } from "@paramlens/nn";
import { manualSeed, matmul, noGrad, permute, reshape, slice, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { cacheActivations } from "./activation-patching";
import { attentionPatterns } from "./attention-patterns";
import { expectClose } from "./test-util";

describe("attentionPatterns", () => {
  const ids = tensor([
    [1, 2, 3, 4],
    [5, 6, 7, 8],
  ]).int();

  for (const [position, nKVHeads] of [
    ["learned", 4],
    ["rotary", 2],
    ["alibi", 1],
  ] as const) {
    it(`reproduces the module output (${position} positions, ${nKVHeads} KV heads)`, () => {
      manualSeed(3);
      const gpt = new GPT(
        charGptConfig(11, { contextLength: 8, dModel: 16, nLayers: 2, nHeads: 4, nKVHeads, position }),
      );
      gpt.eval();
      const att = attentionPatterns(gpt, ["h.0.attn", "h.1.attn"], ids)["h.1.attn"]!; // [2, 4, 4, 4]
      expect(att.shape).toEqual([2, 4, 4, 4]);
      const a = att.toNested() as number[][][][];
      for (const head of a[0]!)
        for (const row of head) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
      expect(a[1]![3]![1]![2]).toBe(0); // causal: query 1 cannot see key 2
      // rebuild the attention output: V from c_attn, y = att·V per head, merged, through c_proj
      const cache = cacheActivations(gpt, ["h.1.attn.c_attn", "h.1.attn"], ids);
      const qkv = cache["h.1.attn.c_attn"]!; // [2, 4, 16 + 2·hkv·4]
      const hd = 4;
      const g = 4 / nKVHeads;
      const v = permute(
        reshape(slice(qkv, 2, 16 + nKVHeads * hd, 16 + 2 * nKVHeads * hd), [2, 4, nKVHeads, 1, hd]),
        [0, 2, 3, 1, 4],
      );
      const y = noGrad(() => matmul(att.reshape([2, nKVHeads, g, 4, 4]), v)); // [2, hkv, g, T, hd]
      const merged = reshape(permute(y, [0, 3, 1, 2, 4]), [2, 4, 16]);
      const out = noGrad(() => gpt.getSubmodule("h.1.attn.c_proj").call(merged) as Tensor);
      expectClose(out.toArray(), cache["h.1.attn"]!.toArray(), 1e-6, 1e-5);
    });
  }

  it("refuses modules that are not attention", () => {
    const gpt = new GPT(charGptConfig(11, { contextLength: 8, dModel: 16, nLayers: 1, nHeads: 2 }));
    expect(() => attentionPatterns(gpt, ["h.0.mlp"], ids)).toThrow(
      /"h.0.mlp" is a .*, not a CausalSelfAttention module/,
    );
  });
});
