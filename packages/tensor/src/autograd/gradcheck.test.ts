import { describe, expect, it } from "vitest";
import { expand, gradcheck, manualSeed, mul, randn, Tensor, tensor } from "../index";
import { record } from "./node";

/** x² with a deliberately wrong backward (3x instead of 2x), to prove gradcheck catches bugs. */
function brokenSquare(x: Tensor): Tensor {
  const out = new Tensor(
    Float32Array.from(x.toArray(), (v) => v * v),
    x.shape,
  );
  return record(out, "brokenSquare", [x], (g) => [mul(g, mul(x, 3))]);
}

describe("gradcheck", () => {
  it("passes a correct op and reports the worst element", () => {
    manualSeed(61);
    const r = gradcheck((a, b) => mul(a, b), [randn([3]), randn([3])]);
    expect(r.ok).toBe(true);
    expect(r.maxAbsError).toBeLessThan(1e-3);
    expect(r.worst).not.toBeNull();
    expect(r.message).toMatch(/^gradcheck passed/);
  });

  it("fails a wrong backward and names the input and element", () => {
    const r = gradcheck((a) => brokenSquare(a), [tensor([1, -2, 0.5])]);
    expect(r.ok).toBe(false);
    expect(r.worst!.input).toBe(0);
    // Both sides are derivatives of Σ v·f for the same random v, so their ratio is 3x / 2x = 1.5.
    expect(r.worst!.analytic / r.worst!.numeric).toBeCloseTo(1.5, 2);
    expect(r.message).toMatch(/FAILED/);
  });

  it("restores the inputs exactly and leaves int32 inputs alone", () => {
    const x = tensor([0.1, 0.2, 0.3]);
    const before = x.toArray();
    const idx = tensor([0], { dtype: "int32" });
    gradcheck((a, i) => a.mul(a).indexSelect(0, i!), [x, idx]);
    expect(x.toArray()).toEqual(before);
    expect(x.requiresGrad).toBe(false);
  });

  it("rejects expanded inputs, outputs without graph and bad eps", () => {
    expect(() => gradcheck((a) => a.mul(2), [expand(tensor([1]), [3])])).toThrow(/expanded view/);
    expect(() => gradcheck(() => tensor([1]), [tensor([1])])).toThrow(/does not depend on any input/);
    expect(() => gradcheck((a) => a, [tensor([1])], { eps: 0 })).toThrow(/eps must be positive/);
  });
});
