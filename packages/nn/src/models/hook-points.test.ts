// Hook points: every documented name fires once per forward with its documented shape; identity hooks leave
// the logits unchanged for every block wiring (pre-LN, parallel, post-norm, no norms, Gemma-2 post-norms),
// GQA, rotary and ALiBi; per-head results sum (+ bias) to hook_attn_out; edits at a point change the output
// as the same edit made to the weights does; ln_final.hook_scale is the norm's divisor and read-only.
import { manualSeed, noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { charGptConfig } from "./builders";
import { GPT, type GPTOptions } from "./gpt";
import { hookPointNames, withHookPoints } from "./hook-points";

const ids = tensor([
  [1, 4, 2, 7, 3],
  [5, 0, 6, 2, 2],
]).int();

function close(a: Tensor, b: Tensor, tol = 1e-5): void {
  const x = a.toArray();
  const y = b.toArray();
  expect(x.length).toBe(y.length);
  const worst = x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
  expect(worst).toBeLessThanOrEqual(tol);
}

const variants: [string, Parameters<typeof charGptConfig>[1], GPTOptions][] = [
  ["pre-LN, GQA, learned", { nKVHeads: 2 }, {}],
  ["parallel (1 norm), rotary", { normsPerLayer: 1, position: "rotary" }, {}],
  ["parallel (2 norms, NeoX)", {}, { residual: "parallel" }],
  ["post-norm", {}, { residual: "post-norm" }],
  ["no norms, ALiBi", { normsPerLayer: 0, position: "alibi", finalNorm: false }, {}],
  ["Gemma-2 post-norms, RMSNorm, swiglu", { normsPerLayer: 4, norm: "rmsnorm", mlp: "swiglu" }, {}],
];

describe("hook points", () => {
  for (const [label, cfg, opts] of variants) {
    it(`fire once each with identity hooks leaving the logits unchanged (${label})`, () => {
      manualSeed(4);
      const gpt = new GPT(
        charGptConfig(9, { contextLength: 8, dModel: 16, nLayers: 2, nHeads: 4, ...cfg }),
        opts,
      );
      gpt.eval();
      const plain = noGrad(() => gpt.call(ids));
      const seen: Record<string, number[]> = {};
      const hooked = noGrad(() =>
        withHookPoints(
          gpt,
          (name, t) => {
            expect(seen[name], `${name} fired twice`).toBeUndefined();
            seen[name] = t.shape.slice();
            return t;
          },
          () => gpt.call(ids),
          () => true,
        ),
      );
      close(hooked, plain);
      expect(Object.keys(seen).sort()).toEqual(hookPointNames(gpt).sort());
      expect(seen["blocks.1.attn.hook_q"]).toEqual([2, 5, 4, 4]);
      expect(seen["blocks.1.attn.hook_k"]).toEqual([2, 5, gpt.config.nKVHeads, 4]);
      expect(seen["blocks.0.attn.hook_pattern"]).toEqual([2, 4, 5, 5]);
      expect(seen["blocks.0.attn.hook_result"]).toEqual([2, 5, 4, 16]);
      expect(seen["blocks.1.hook_resid_post"]).toEqual([2, 5, 16]);
      // and nothing is left installed
      expect(gpt.hookSink).toBeNull();
      close(
        noGrad(() => gpt.call(ids)),
        plain,
        0,
      );
    });
  }

  it("per-head results sum (+ c_proj bias) to hook_attn_out; scale is the final LayerNorm's divisor", () => {
    manualSeed(5);
    const gpt = new GPT(charGptConfig(9, { contextLength: 8, dModel: 16, nLayers: 2, nHeads: 4 }));
    gpt.eval();
    const got: Record<string, Tensor> = {};
    noGrad(() =>
      withHookPoints(
        gpt,
        (name, t) => {
          got[name] = t;
          return t;
        },
        () => gpt.call(ids),
        () => true,
      ),
    );
    const bias = gpt.h.at(1).attn.c_proj.bias!;
    close(
      noGrad(() => got["blocks.1.attn.hook_result"]!.sum(2).add(bias)),
      got["blocks.1.hook_attn_out"]!,
    );
    const x = got["blocks.1.hook_resid_post"]!;
    const mu = x.mean(-1, true);
    close(
      got["ln_final.hook_scale"]!,
      noGrad(() => x.sub(mu).mul(x.sub(mu)).mean(-1, true).add(1e-5).sqrt()),
    );
    expect(() =>
      withHookPoints(
        gpt,
        (name, t) => (name === "ln_final.hook_scale" ? t.mul(2) : t),
        () => gpt.call(ids),
      ),
    ).toThrow(/read-only/);
  });

  it("an edit at a point acts like the same edit to the model", () => {
    manualSeed(6);
    const gpt = new GPT(charGptConfig(9, { contextLength: 8, dModel: 16, nLayers: 2, nHeads: 4 }));
    gpt.eval();
    // zero-ablating blocks.0.hook_mlp_out = zeroing that MLP's output projection
    const ablated = noGrad(() =>
      withHookPoints(
        gpt,
        (name, t) => (name === "blocks.0.hook_mlp_out" ? t.mul(0) : t),
        () => gpt.call(ids),
      ),
    );
    const proj = gpt.getSubmodule("h.0.mlp.c_proj") as unknown as { weight: Tensor; bias: Tensor };
    noGrad(() => {
      proj.weight.zero_();
      proj.bias.zero_();
    });
    close(
      ablated,
      noGrad(() => gpt.call(ids)),
    );
    expect(() =>
      withHookPoints(
        gpt,
        (_n, t) => t,
        () =>
          withHookPoints(
            gpt,
            (_n, t) => t,
            () => 0,
          ),
      ),
    ).toThrow(/already has hook points/);
  });
});
