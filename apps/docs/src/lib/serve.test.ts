// The calculator's serving inputs: every offered weight format and KV type is one gpt-params accepts, the
// section's numbers are inferenceEstimate's for the same inputs, the curves are monotone where physics
// says so, and the URL keeps the serving options.
import { inferenceEstimate, presets } from "@paramlens/gpt-params";
import { describe, expect, it } from "vitest";
import { BATCHES, CONTEXTS, KV_NAMES, QUANT_NAMES, QUANTS, serveCurves, serveEstimate } from "./serve";
import { decodeState, defaultState, encodeState } from "./url-state";

const llama7 = presets["llama2-7b"]!.config;
const inputs = { gpu: "rtx-4090", gpus: 1, quant: "q4_k_m", kvCache: "f16", batch: 1, context: 4096 };

describe("serving estimate", () => {
  it("is inferenceEstimate's for the same inputs", () => {
    const e = serveEstimate(llama7, inputs);
    const ref = inferenceEstimate(llama7, {
      device: "rtx-4090",
      weights: { kind: "gguf", fileType: "Q4_K_M" },
      contextLength: 4096,
    });
    expect(e.decode.tokensPerSecond).toBe(ref.decode.tokensPerSecond);
    expect(e.memory.perDevice).toBe(ref.memory.perDevice);
  });
  it("offers only formats and KV types the library sizes", () => {
    for (const q of QUANT_NAMES)
      expect(serveEstimate(llama7, { ...inputs, quant: q }).memory.weights).toBeGreaterThan(0);
    for (const k of KV_NAMES)
      expect(serveEstimate(llama7, { ...inputs, kvCache: k }).memory.kvCache).toBeGreaterThan(0);
    expect(QUANTS.map(([n]) => n)).toContain("q4_k_m");
  });
  it("memory grows with context; throughput grows with batch while memory-bound", () => {
    const c = serveCurves(llama7, inputs);
    expect(c.memory).toHaveLength(CONTEXTS.length);
    for (let i = 1; i < c.memory.length; i++) expect(c.memory[i]!).toBeGreaterThan(c.memory[i - 1]!);
    expect(c.speed).toHaveLength(BATCHES.length);
    expect(c.speed[3]!).toBeGreaterThan(c.speed[0]!);
    // Llama-2-7B Q4_K_M at 4,096 tokens holds at most 9 sequences in 24 GiB: batch 16 and up are gaps.
    expect(c.speed.slice(4).every((v) => v === null)).toBe(true);
  });
});

describe("URL state for serving", () => {
  it("round-trips device, device count, weights and KV type, and ignores unknown values", () => {
    const s = defaultState();
    s.options = { ...s.options, gpu: "h100-sxm", gpuCount: "2", quant: "awq-g128", kvCache: "q8_0" };
    const q = encodeState(s);
    expect(q).toContain("gpu=h100-sxm");
    expect(decodeState(q)).toEqual(s);
    expect(decodeState("?gpu=rtx-9999&quant=q9").options.gpu).toBe("rtx-4090");
  });
});
