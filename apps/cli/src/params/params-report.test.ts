// Memory and FLOPs checked against the formulas written out here: KV cache 2·L·n_kv·d_head·ctx·batch·bytes,
// training state 16 bytes per parameter (ZeRO, Rajbhandari et al. 2020: 2 + 2 + 12 for mixed-precision
// Adam), forward FLOPs 2N + 2·L·n_ctx·d (Kaplan et al. 2020, Table 1).
import { describe, expect, it } from "vitest";
import { createContext } from "../context";
import { paramsReport } from "./params-report";
import { renderComparison, renderParams } from "./render-params";

const plain = createContext({ stdout: { write: () => true }, stderr: { write: () => true } }, "/").color;

describe("paramsReport", () => {
  it("gives GPT-2's count, non-embedding count, FLOPs and memory", () => {
    const r = paramsReport({ preset: "gpt2" });
    expect(r.parameters.total).toBe(124439808);
    // Non-embedding: minus wte (50257·768) and wpe (1024·768).
    expect(r.parameters.nonEmbedding).toBe(124439808 - 50257 * 768 - 1024 * 768);
    expect(r.flops.forwardPerToken).toBe(2 * r.parameters.nonEmbedding + 2 * 12 * 1024 * 768);
    expect(r.flops.trainingPerToken).toBe(3 * r.flops.forwardPerToken);
    expect(r.memory.inference.map((m) => m.precision)).toEqual(["fp32", "bf16", "int8", "int4"]);
    const fp32 = r.memory.inference[0];
    expect(fp32?.weights).toBe(4 * 124439808);
    expect(fp32?.kvCache).toBe(2 * 12 * 12 * 64 * 1024 * 4);
    expect(r.memory.inference[3]?.weights).toBe(124439808 / 2);
    expect(r.memory.training.total).toBe(16 * 124439808);
  });

  it("sizes Llama-2-7B's KV cache for a batch at the context it is given", () => {
    const r = paramsReport({
      preset: "llama2-7b",
      overrides: { contextLength: 32768 },
      batch: 8,
      precisions: ["bf16", "int4"],
      kvPrecision: "fp16",
    });
    expect(r.parameters.total).toBe(6738415616);
    const kv = 2 * 32 * 32 * 128 * 32768 * 8 * 2;
    expect(r.memory.inference.map((m) => [m.precision, m.kvPrecision, m.kvCache])).toEqual([
      ["bf16", "fp16", kv],
      ["int4", "fp16", kv],
    ]);
    expect(r.memory.inference[1]?.total).toBe(6738415616 / 2 + kv);
  });

  it("folds identical blocks into one per-layer row and keeps MoE blocks apart", () => {
    expect(paramsReport({ preset: "gpt2" }).parameters.perLayer).toEqual([
      {
        first: 0,
        last: 11,
        count: 12,
        moe: false,
        attention: 4 * 768 * 768 + 4 * 768,
        mlp: 2 * 768 * 3072 + 3072 + 768,
        norms: 4 * 768,
        total: 12 * 768 * 768 + 13 * 768,
        active: 12 * 768 * 768 + 13 * 768,
      },
    ]);
    const moe = paramsReport({ preset: "gpt2", overrides: { nExperts: 8, expertsPerToken: 2 } }).parameters;
    expect(moe.perLayer).toHaveLength(1);
    expect(moe.perLayer[0]?.moe).toBe(true);
    // One token uses 2 of the 8 expert MLPs (plus the router) in each block.
    const expert = 2 * 768 * 3072 + 3072 + 768;
    expect(moe.perLayer[0]?.total).toBe((moe.perLayer[0]?.active ?? 0) + 6 * expert);
  });

  it("renders a single model and a comparison as text", () => {
    const one = renderParams(paramsReport({ preset: "gpt2" }), plain);
    expect(one).toContain("total               124,439,808  100.0%");
    expect(one).toContain("matches exactly");
    const many = renderComparison(
      ["gpt1", "gpt2"].map((preset) => paramsReport({ preset })),
      plain,
    );
    expect(many.split("\n")[0]).toMatch(/^\s+gpt1\s+gpt2$/);
    expect(many).toMatch(/parameters\s+116,534,784\s+124,439,808/);
  });
});
