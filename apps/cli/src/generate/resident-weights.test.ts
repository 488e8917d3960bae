// makeWeightsResident: the same logits after the move, ties kept, and every parameter on the wasm device.
import { GPT, init } from "@paramlens/nn";
import { initBackend, manualSeed, noGrad, Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { makeWeightsResident } from "./resident-weights";

describe("makeWeightsResident", () => {
  it("keeps the logits and the tied head, and moves every parameter to wasm", async () => {
    const backend = await initBackend();
    manualSeed(3);
    const m = new GPT({
      vocabSize: 19,
      contextLength: 8,
      nLayers: 2,
      dModel: 16,
      nHeads: 2,
      position: "learned",
      positionRows: 8,
    });
    for (const p of m.parameters()) init.normal(p, 0, 0.3);
    m.eval();
    const ids = new Tensor(Int32Array.from([1, 5, 7, 2]), [1, 4]);
    const before = noGrad(() => m.forward(ids)).toArray();
    const count = m.parameters().length;
    expect(makeWeightsResident(m)).toBe(count);
    expect(m.parameters()).toHaveLength(count); // a tied head is still one tensor
    if (backend === "wasm") for (const p of m.parameters()) expect(p.device).toBe("wasm");
    expect(noGrad(() => m.forward(ids)).toArray()).toEqual(before);
  });
});
