// Operation-level FLOPs: GPT-2 small counted by hand, Chinchilla's Appendix F count reproduced for a model it
// describes exactly (MHA, two-matrix MLP: it differs from ours only by the embedding "matmul"), prefill as
// the sum of decode steps, and MoE counting only the routed experts a token uses.
import { describe, expect, it } from "vitest";
import { operationFlops } from "./operation-flops";
import { presets } from "./presets";

const gpt2 = presets.gpt2!.config;

describe("GPT-2 small at 1,024 tokens of context", () => {
  const f = operationFlops(gpt2);
  it("sums the operations as counted by hand", () => {
    const proj = 12 * 2 * 768 * 768; // one of Q, K, V, O over 12 layers
    const mlp = 12 * 2 * 768 * 3072; // up or down
    const core = 12 * 2 * 1024 * 768; // scores or weighted sum
    const softmax = 12 * 3 * 12 * 1024;
    const head = 2 * 768 * 50257;
    expect(f.perToken).toEqual({
      "attention/q": proj,
      "attention/k": proj,
      "attention/v": proj,
      "attention/out": proj,
      "attention/scores": core,
      "attention/softmax": softmax,
      "attention/weighted_sum": core,
      "mlp/up": mlp,
      "mlp/down": mlp,
      lm_head: head,
    });
    expect(f.forwardPerToken).toBe(4 * proj + 2 * mlp + 2 * core + softmax + head);
  });
  it("the LM head is 27 % of the forward here and 29 % of Kaplan's (which the 2N rule leaves out)", () => {
    expect(f.lmHeadShare).toBeCloseTo(0.2706, 3);
    const kaplanShare = f.perToken.lm_head! / (f.kaplan.forwardPerToken + f.perToken.lm_head!);
    expect(kaplanShare).toBeCloseTo(0.29, 2);
    expect(f.differences[0]).toMatch(/LM head \(27\.1 %/);
  });
  it("Chinchilla's Appendix F count equals ours plus its embedding matmul for an MHA two-matrix model", () => {
    expect(f.chinchilla.forwardPerToken).toBe(f.forwardPerToken + 2 * 50257 * 768);
  });
  it("training: 3× forward, +attention core when selective, +1 forward when full", () => {
    const core =
      f.perToken["attention/scores"]! +
      f.perToken["attention/softmax"]! +
      f.perToken["attention/weighted_sum"]!;
    expect(f.trainingPerToken.none).toBe(3 * f.forwardPerToken);
    expect(f.trainingPerToken.selective).toBe(3 * f.forwardPerToken + core);
    expect(f.trainingPerToken.full).toBe(4 * f.forwardPerToken);
  });
});

describe("prefill", () => {
  it("equals the sum of one-token forwards at contexts 1…T", () => {
    const T = 37;
    let sum = 0;
    for (let t = 1; t <= T; t++) sum += operationFlops(gpt2, { contextLength: t }).forwardPerToken;
    expect(operationFlops(gpt2, { contextLength: 64, promptTokens: T }).prefill).toBeCloseTo(sum, -2);
  });
});

describe("MoE and GQA", () => {
  it("Mixtral: the router plus 2 of 8 experts per token, K/V at 8 heads", () => {
    const m = presets["mixtral-8x7b"]!.config;
    const f = operationFlops(m, { contextLength: 1 });
    expect(f.perToken["moe/router"]).toBe(32 * 2 * 4096 * 8);
    expect(f.perToken["moe/experts/up"]).toBe(32 * 2 * 2 * 4096 * 14336);
    expect(f.perToken["attention/k"]).toBe(32 * 2 * 4096 * 1024);
    expect(f.differences[1]).toMatch(/gated MLP.*shares K\/V heads/);
  });
});
