// GGUF quantisation mixes against published numbers: the bits-per-weight table of llama.cpp's
// tools/quantize/README.md ("Llama 2 7B" / "Llama 2 13B" / "Llama 2 70B", BPW = tensor bytes · 8 / weights,
// two decimals) and TheBloke-era file sizes of localmodels/Llama-2-13B-ggml (README "Provided files": q4_K_M
// 7.87 GB; GGML files have almost no header). Not compared: Q2_K (llama.cpp changed its Q2_K mix after
// those tables were made) and that README's q4_K_S (June 2023: "Q4_K for all tensors"; since then Q4_K_S
// gives Q5_K to the first attn_v and ffn_down tensors, +0.05 GB). Our rules follow llama-quant.cpp at 007dbbf.
import { describe, expect, it } from "vitest";
import { countParameters } from "./count";
import { ArgumentError } from "./errors";
import { GGUF_FILE_TYPES, ggmlTypeSize, ggufQuantize, ggufTensorLayout } from "./gguf-quantize";
import { presets } from "./presets";

const llama7 = presets["llama2-7b"]!.config;
const llama13 = presets["llama2-13b"]!.config;
const llama70 = presets["llama2-70b"]!.config;

describe("ggufQuantize vs llama.cpp's quantize README (BPW, Llama 2)", () => {
  const table: [string, typeof llama7, [string, number][]][] = [
    [
      "7B",
      llama7,
      [
        ["Q3_K_S", 3.5],
        ["Q3_K_M", 3.91],
        ["Q3_K_L", 4.27],
        ["Q4_K_S", 4.58],
        ["Q4_K_M", 4.84],
        ["Q5_K_S", 5.52],
        ["Q5_K_M", 5.68],
        ["Q6_K", 6.56],
      ],
    ],
    [
      "13B",
      llama13,
      [
        ["Q3_K_S", 3.48],
        ["Q3_K_M", 3.89],
        ["Q3_K_L", 4.26],
        ["Q4_K_S", 4.56],
        ["Q4_K_M", 4.83],
        ["Q5_K_S", 5.51],
        ["Q5_K_M", 5.67],
        ["Q6_K", 6.56],
      ],
    ],
  ];
  for (const [size, config, rows] of table) {
    for (const [type, bpw] of rows) {
      it(`Llama 2 ${size} ${type}: ${bpw} bits per weight`, () => {
        const r = ggufQuantize(config, type as "Q4_K_M");
        expect(Math.abs(r.bitsPerWeight - bpw)).toBeLessThanOrEqual(0.006);
        expect(r.elements).toBe(presets[`llama2-${size.toLowerCase()}`]!.published!.count);
      });
    }
  }
});

describe("ggufQuantize vs published file sizes (localmodels/Llama-2-13B-ggml)", () => {
  it("Llama 2 13B Q4_K_M: 7.87 GB", () => {
    expect(Math.abs(ggufQuantize(llama13, "Q4_K_M").bytes / 1e9 - 7.87)).toBeLessThanOrEqual(0.006);
  });
});

describe("the mix, tensor by tensor (Llama 2 7B, Q4_K_M)", () => {
  const r = ggufQuantize(llama7, "Q4_K_M");
  const typeOf = (name: string) => r.tensors.find((t) => t.name === name)?.type;
  it("keeps norms F32, the LM head at Q6_K and the token embedding at the base type", () => {
    expect(typeOf("blk.0.attn_norm.weight")).toBe("F32");
    expect(typeOf("output_norm.weight")).toBe("F32");
    expect(typeOf("output.weight")).toBe("Q6_K");
    expect(typeOf("token_embd.weight")).toBe("Q4_K");
  });
  it("gives Q6_K to attn_v and ffn_down where use_more_bits holds (16 of 32 blocks)", () => {
    const six = r.tensors.filter((t) => t.type === "Q6_K" && t.category === "attn_v").map((t) => t.layer);
    expect(six).toEqual([0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31]);
    expect(r.tensors.filter((t) => t.type === "Q6_K" && t.category === "ffn_down")).toHaveLength(16);
    expect(typeOf("blk.4.attn_v.weight")).toBe("Q4_K");
  });
  it("sums bytes exactly from ggml block sizes (Q4_K: 144 bytes per 256 weights)", () => {
    const q4k = ggmlTypeSize("Q4_K");
    expect(q4k).toEqual({ blockElements: 256, blockBytes: 144, bitsPerWeight: 4.5 });
    expect(typeOf("blk.5.attn_q.weight")).toBe("Q4_K");
    expect(r.tensors.find((t) => t.name === "blk.5.attn_q.weight")!.bytes).toBe((4096 * 4096 * 144) / 256);
    expect(r.bytes).toBe(Object.values(r.byType).reduce((a, t) => a + t.bytes, 0));
    expect(r.bytes).toBe(4_080_263_168);
  });
});

describe("rules that depend on the model", () => {
  it("Q4_0 is 4.5 bits per weight (18 bytes per 32), with the LM head at Q6_K", () => {
    const r = ggufQuantize(llama7, "Q4_0");
    expect(r.tensors.find((t) => t.name === "output.weight")!.type).toBe("Q6_K");
    expect(r.byType.Q4_0!.bytes / r.byType.Q4_0!.elements).toBe(18 / 32);
  });
  it("Q8_0 keeps the LM head at Q8_0", () => {
    const r = ggufQuantize(llama7, "Q8_0");
    expect(Object.keys(r.byType).sort()).toEqual(["F32", "Q8_0"]);
  });
  it("tied embeddings take the output rule (token_embd at Q6_K)", () => {
    const tied = { ...llama7, tiedEmbeddings: true };
    const r = ggufQuantize(tied, "Q4_K_M");
    expect(r.tensors.find((t) => t.name === "token_embd.weight")!.type).toBe("Q6_K");
    expect(r.tensors.some((t) => t.name === "output.weight")).toBe(false);
  });
  it("70B: attn_v at Q5_K or better (8 heads share it) and a note says so", () => {
    const r = ggufQuantize(llama70, "Q4_K_M");
    const v = r.tensors.filter((t) => t.category === "attn_v").map((t) => t.type);
    expect(new Set(v)).toEqual(new Set(["Q5_K", "Q6_K"]));
    expect(r.notes.join(" ")).toMatch(/70B/);
  });
  it("a row length that 256 does not divide falls back to a 32-block type (Q4_K → Q5_0)", () => {
    const odd = { ...llama7, dModel: 4128, nHeads: 32, headDim: 129, nLayers: 2 };
    const r = ggufQuantize(odd, "Q4_K_M");
    expect(r.tensors.find((t) => t.name === "blk.0.attn_q.weight")!.type).toBe("Q5_0");
  });
  it("F16 writes every matrix at F16 and 1-D tensors at F32", () => {
    const r = ggufQuantize(llama7, "F16");
    expect(r.byType.F16!.elements + r.byType.F32!.elements).toBe(6_738_415_616);
    expect(r.byType.F32!.elements).toBe(65 * 4096);
  });
  it("MoE: expert tensors are 3-D, the router stays F32; Mixtral's attn_v goes to Q8_0", () => {
    const mixtral = presets["mixtral-8x7b"]?.config;
    expect(mixtral).toBeDefined();
    const r = ggufQuantize(mixtral!, "Q4_K_M");
    expect(r.tensors.find((t) => t.name === "blk.0.ffn_gate_inp.weight")!.type).toBe("F32");
    expect(r.tensors.find((t) => t.name === "blk.0.ffn_up_exps.weight")!.ne).toHaveLength(3);
    expect(r.tensors.find((t) => t.name === "blk.0.attn_v.weight")!.type).toBe("Q8_0");
  });
});

describe("layout and errors", () => {
  it("holds every parameter of the config, q/k norms and shared-expert gates included", () => {
    const qwenMoe = {
      ...llama7,
      nLayers: 2,
      qkNorm: "head" as const,
      moe: { nExperts: 4, expertsPerToken: 2, nSharedExperts: 1, sharedExpertGate: true },
    };
    for (const c of [llama7, presets.gpt2!.config, presets["mixtral-8x7b"]!.config, qwenMoe]) {
      const total = ggufTensorLayout(c).reduce((a, t) => a + t.elements, 0);
      expect(total).toBe(countParameters(c).total);
    }
  });
  it("lists GPT-2's tensors with learned positions at F32 and LayerNorm biases", () => {
    const names = ggufTensorLayout(presets.gpt2!.config).map((t) => t.name);
    expect(names.slice(0, 2)).toEqual(["token_embd.weight", "position_embd.weight"]);
    expect(names).toContain("blk.11.attn_norm.bias");
    expect(names).not.toContain("output.weight");
  });
  it("knows llama-quantize's file types and rejects others", () => {
    expect(GGUF_FILE_TYPES).toContain("Q4_K_M");
    expect(() => ggufQuantize(llama7, "Q4_K_XL" as "Q4_K_M")).toThrow(ArgumentError);
    expect(() => ggmlTypeSize("Q9_9")).toThrow(/not a ggml type/);
  });
});
