import { gradcheck, manualSeed, randn } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { ModelError } from "../models/errors";
import { CausalSelfAttention } from "./attention";
import { Block } from "./block";
import { MLP } from "./mlp";
import { RMSNorm } from "./norms";

describe("MLP and Block", () => {
  it("name their parameters like GPT-2 (gelu) and Llama (gated)", () => {
    expect(new MLP({ dModel: 4, dFF: 8 }).namedParameters().map(([n]) => n)).toEqual([
      "c_fc.weight",
      "c_fc.bias",
      "c_proj.weight",
      "c_proj.bias",
    ]);
    expect(
      new MLP({ dModel: 4, dFF: 8, kind: "swiglu", bias: false }).namedParameters().map(([n]) => n),
    ).toEqual(["gate_proj.weight", "up_proj.weight", "down_proj.weight"]);
  });
  it("gradcheck through SwiGLU/GeGLU MLPs and blocks of every norm layout", () => {
    manualSeed(5);
    for (const kind of ["swiglu", "geglu", "gelu"] as const) {
      const m = new MLP({ dModel: 4, dFF: 6, kind });
      const r = gradcheck((x) => m.call(x), [randn([2, 4])], { atol: 2e-3, rtol: 2e-2 });
      expect(r.ok, `${kind}: ${r.message}`).toBe(true);
    }
    for (const normsPerLayer of [0, 1, 2, 4]) {
      const b = new Block({
        attention: { dModel: 4, nHeads: 2 },
        mlp: { dModel: 4, dFF: 8 },
        makeNorm: () => new RMSNorm(4, { eps: 1e-5 }),
        normsPerLayer,
      });
      expect(b.namedModules().filter(([, m]) => m instanceof RMSNorm)).toHaveLength(normsPerLayer);
      const r = gradcheck((x) => b.call(x), [randn([1, 3, 4])], { atol: 3e-3, rtol: 3e-2 });
      expect(r.ok, `normsPerLayer ${normsPerLayer}: ${r.message}`).toBe(true);
    }
  });
  it("rejects bad options with the field and value", () => {
    expect(() => new CausalSelfAttention({ dModel: 8, nHeads: 3 })).toThrow(
      /dModel 8 is not divisible by nHeads 3/,
    );
    expect(() => new CausalSelfAttention({ dModel: 8, nHeads: 4, nKvHeads: 3 })).toThrow(
      /nHeads 4 is not divisible by nKvHeads 3/,
    );
    expect(() => new CausalSelfAttention({ dModel: 8, nHeads: 2 }).call(randn([2, 8]))).toThrow(
      /input must be \[B, T, 8\], got \[2,8\]/,
    );
    expect(() => new MLP({ dModel: 4, dFF: 4, kind: "relu" as "gelu" })).toThrow(ModelError);
    expect(
      () =>
        new Block({
          attention: { dModel: 4, nHeads: 2 },
          mlp: { dModel: 4, dFF: 8 },
          makeNorm: () => new RMSNorm(4),
          normsPerLayer: 3,
        }),
    ).toThrow(/normsPerLayer 3 has no block layout/);
  });
});
