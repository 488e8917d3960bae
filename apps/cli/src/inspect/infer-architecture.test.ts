// Shapes as transformers stores them: GPT-2's Conv1D is [in, out], Llama's nn.Linear is [out, in].
import { describe, expect, it } from "vitest";
import { inferArchitecture } from "./infer-architecture";

describe("inferArchitecture", () => {
  it("reads a GPT-2 checkpoint's layout (tied head, Conv1D d_ff)", () => {
    const fields = inferArchitecture(
      [
        { name: "transformer.wte.weight", shape: [50257, 768] },
        { name: "transformer.h.0.attn.c_attn.weight", shape: [768, 2304] },
        { name: "transformer.h.0.mlp.c_fc.weight", shape: [768, 3072] },
      ],
      12,
    );
    expect(fields).toEqual({
      family: "GPT-2",
      layers: 12,
      vocab: 50257,
      d_model: 768,
      lm_head: "tied (no head tensor)",
      d_ff: 3072,
    });
  });

  it("reads a Llama checkpoint's layout (GQA key width, gated MLP, separate head)", () => {
    const fields = inferArchitecture(
      [
        { name: "model.embed_tokens.weight", shape: [128256, 4096] },
        { name: "model.layers.0.self_attn.q_proj.weight", shape: [4096, 4096] },
        { name: "model.layers.0.self_attn.k_proj.weight", shape: [1024, 4096] },
        { name: "model.layers.0.mlp.gate_proj.weight", shape: [14336, 4096] },
        { name: "model.layers.0.mlp.up_proj.weight", shape: [14336, 4096] },
        { name: "lm_head.weight", shape: [128256, 4096] },
      ],
      32,
    );
    expect(fields).toEqual({
      family: "Llama",
      layers: 32,
      vocab: 128256,
      d_model: 4096,
      lm_head: "separate",
      d_ff: 14336,
      mlp: "gated",
      kv_width: 1024,
    });
  });

  it("says nothing it cannot see", () => {
    expect(inferArchitecture([{ name: "w", shape: [2, 2] }], 0)).toEqual({});
  });
});
