// Module.to("wasm") moves every parameter's storage into wasm memory in place (tied weights stay one tensor)
// and the model computes the same outputs and gradients as before the move.
import { getBackend, initBackend, manualSeed, setBackend, Tensor } from "@paramlens/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { charGptConfig } from "./models/builders";
import { GPT } from "./models/gpt";

let before: string;
beforeAll(async () => {
  before = getBackend();
  await initBackend();
  setBackend("wasm", { thresholds: false });
});
afterAll(() => setBackend(before as "js" | "wasm"));

describe("Module.to", () => {
  it("moves a tied GPT's parameters to wasm and back without changing outputs or gradients", () => {
    manualSeed(0);
    const model = new GPT(
      charGptConfig(12, { dModel: 16, nHeads: 2, nLayers: 2, contextLength: 8, tiedEmbeddings: true }),
    );
    const ids = new Tensor(Int32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
    const run = () => {
      model.zeroGrad();
      const logits = model.call(ids);
      logits.square().mean().backward();
      return { logits: logits.toArray(), grad: model.wte.weight.grad!.toArray() };
    };
    const js = run();
    const params = model.parameters();
    expect(model.to("wasm")).toBe(model);
    expect(model.parameters()).toEqual(params); // the same tensor objects
    for (const p of params) expect(p.device).toBe("wasm");
    expect(model.lm_head.weight).toBe(model.wte.weight);
    const resident = run();
    expect(resident.logits).toEqual(js.logits);
    expect(resident.grad).toEqual(js.grad);
    model.to("js");
    for (const p of model.parameters()) expect(p.device).toBe("js");
    expect(run().logits).toEqual(js.logits);
  });
});
