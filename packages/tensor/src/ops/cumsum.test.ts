// cumsum: hand-computed sums, gradchecks (strided input, double backward), errors. PyTorch values and
// gradients are in torch-fixtures-extra.test.ts.
import { describe, expect, it } from "vitest";
import { cumsum, DTypeError, enableGrad, grad, manualSeed, randn, scalar, tensor, zeros } from "../index";
import { expectGradcheck } from "../test-util";

describe("cumsum", () => {
  it("sums along a dim (hand-computed)", () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(cumsum(x, 1).toNested()).toEqual([
      [1, 3, 6],
      [4, 9, 15],
    ]);
    expect(cumsum(x, 0).toNested()).toEqual([
      [1, 2, 3],
      [5, 7, 9],
    ]);
    expect(cumsum(scalar(2), 0).item()).toBe(2);
    expect(cumsum(zeros([2, 0]), 1).shape).toEqual([2, 0]);
  });
  it("the gradient is the suffix sum of dy (hand-computed)", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const [g] = grad(cumsum(x, 0), [x], { gradOutputs: [tensor([1, 10, 100])] });
    expect(g!.toArray()).toEqual([111, 110, 100]);
  });
  it("gradchecks on strided input and through double backward", () => {
    manualSeed(6);
    expectGradcheck((t) => cumsum(t, 0), [randn([4, 3]).transpose(0, 1)]);
    expectGradcheck((t) => cumsum(t, -2), [randn([2, 5, 3])]);
    // second order: d/dx of ⟨v, d/dx Σ cumsum(x)²⟩
    expectGradcheck(
      (t) => enableGrad(() => grad(cumsum(t, 1).square().sum(), [t], { createGraph: true })[0]!),
      [randn([2, 4])],
    );
  });
  it("rejects bad dims and int32", () => {
    expect(() => cumsum(tensor([1, 2]), 1)).toThrow(RangeError);
    expect(() => cumsum(tensor([1, 2], { dtype: "int32" }), 0)).toThrow(DTypeError);
  });
});
