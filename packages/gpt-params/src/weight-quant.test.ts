// Quantised weight and KV-cache sizes: hand-computed layouts of one matrix per format, the QLoRA paper's
// double-quantisation overhead (Dettmers et al. 2023 §3: 32/64 = 0.5 → 8/64 + 32/(64·256) ≈ 0.127 bits per
// parameter), and agreement with ggufQuantize for GGUF schemes.
import { describe, expect, it } from "vitest";
import { countParameters } from "./count";
import { ArgumentError } from "./errors";
import { ggufQuantize } from "./gguf-quantize";
import { presets } from "./presets";
import { KV_CACHE_TYPES, quantizedKVCacheBytes, quantizedWeightBytes } from "./weight-quant";

const llama7 = presets["llama2-7b"]!.config;
// One block of a toy model: a single 256×256 attention matrix set and a 256→512 MLP, tied, no biases.
const toy = {
  vocabSize: 1000,
  dModel: 256,
  nLayers: 1,
  nHeads: 4,
  dFF: 512,
  mlp: "gelu" as const,
  norm: "rmsnorm" as const,
  position: "rotary" as const,
  bias: { qkv: false, attnOut: false, mlp: false, lmHead: false },
  tiedEmbeddings: true,
};

describe("one block, hand-computed", () => {
  const total = countParameters(toy).total;
  const blockMatrices = 4 * 256 * 256 + 2 * 256 * 512;
  const kept = total - blockMatrices;
  it("GPTQ 4-bit, group 128: qweight + qzeros + fp16 scales + g_idx", () => {
    const q = quantizedWeightBytes(toy, { kind: "gptq", bits: 4, groupSize: 128 });
    // attention: 4 × (256·256/2 + 2·256·(0.5+2) + 4·256); up [256→512]: 256·512/2 + 2·512·2.5 + 4·256;
    // down [512→256]: 512·256/2 + 4·256·2.5 + 4·512.
    const attn = 4 * (32768 + 1280 + 1024);
    const up = 65536 + 2560 + 1024;
    const down = 65536 + 2560 + 2048;
    expect(q.quantized).toEqual({ parameters: blockMatrices, bytes: attn + up + down });
    expect(q.kept).toEqual({ parameters: kept, bytes: 2 * kept });
    expect(q.bytes).toBe(attn + up + down + 2 * kept);
  });
  it("AWQ group 128 has no g_idx", () => {
    const q = quantizedWeightBytes(toy, { kind: "awq", groupSize: 128 });
    expect(q.quantized.bytes).toBe(4 * (32768 + 1280) + (65536 + 2560) + (65536 + 2560));
  });
  it("int8 (LLM.int8) stores a fp32 scale per output row", () => {
    const q = quantizedWeightBytes(toy, { kind: "int8" });
    expect(q.quantized.bytes).toBe(blockMatrices + 4 * (4 * 256 + 512 + 256));
  });
  it("FP8 with 128×128 block scales", () => {
    const q = quantizedWeightBytes(toy, { kind: "fp8", scales: "block" });
    expect(q.quantized.bytes).toBe(blockMatrices + 4 * (4 * 4 + 8 + 8));
  });
});

describe("NF4 (QLoRA)", () => {
  it("double quantisation costs 8/64 + 32/(64·256) bits per parameter instead of 32/64", () => {
    const dq = quantizedWeightBytes(llama7, { kind: "nf4", doubleQuant: true });
    const plain = quantizedWeightBytes(llama7, { kind: "nf4", doubleQuant: false });
    const bits = (q: typeof dq) => (8 * q.quantized.bytes) / q.quantized.parameters - 4;
    expect(bits(plain)).toBeCloseTo(0.5, 6);
    expect(bits(dq)).toBeCloseTo(8 / 64 + 32 / (64 * 256), 4);
  });
});

describe("GGUF and dense through the same function", () => {
  it("GGUF equals ggufQuantize", () => {
    const q = quantizedWeightBytes(llama7, { kind: "gguf", fileType: "Q4_K_M" });
    expect(q.bytes).toBe(ggufQuantize(llama7, "Q4_K_M").bytes);
  });
  it("bf16 is 2 bytes per parameter", () => {
    expect(quantizedWeightBytes(llama7, { kind: "dense", dtype: "bf16" }).bytes).toBe(2 * 6_738_415_616);
  });
  it("rejects unknown schemes and group sizes", () => {
    expect(() => quantizedWeightBytes(llama7, { kind: "gptq", bits: 5 as 4, groupSize: 128 })).toThrow(
      ArgumentError,
    );
    expect(() => quantizedWeightBytes(llama7, { kind: "awq", groupSize: 0 })).toThrow(ArgumentError);
    expect(() => quantizedWeightBytes(llama7, { kind: "nope" } as never)).toThrow(/scheme.kind/);
  });
});

describe("quantised KV cache", () => {
  it("Llama-2-7B at 4,096 tokens: 2 GiB in f16, 34/64 of that in q8_0, 18/64 in q4_0", () => {
    const f16 = quantizedKVCacheBytes(llama7, { contextLength: 4096 });
    expect(f16).toBe(2 ** 31);
    expect(quantizedKVCacheBytes(llama7, { contextLength: 4096, type: "q8_0" })).toBe((2 ** 31 * 34) / 64);
    expect(quantizedKVCacheBytes(llama7, { contextLength: 4096, type: "q4_0" })).toBe((2 ** 31 * 18) / 64);
    expect(Object.keys(KV_CACHE_TYPES)).toContain("fp8");
    expect(() => quantizedKVCacheBytes(llama7, { type: "q3" })).toThrow(ArgumentError);
  });
});
