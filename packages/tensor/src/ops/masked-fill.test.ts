// maskedFill: hand-computed values, int32 and float masks, gradchecks for the input and a 0-d value,
// errors. PyTorch values and gradients are in torch-fixtures-extra.test.ts.
import { describe, expect, it } from "vitest";
import { gt, manualSeed, maskedFill, randn, ShapeError, scalar, tensor } from "../index";
import { expectGradcheck } from "../test-util";

describe("maskedFill", () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  it("fills where the broadcast mask is non-zero (hand-computed)", () => {
    const m = tensor([1, 0, 1], { dtype: "int32" });
    expect(maskedFill(x, m, -1).toNested()).toEqual([
      [-1, 2, -1],
      [-1, 5, -1],
    ]);
    expect(maskedFill(x, gt(x, 4), Number.NEGATIVE_INFINITY).toArray()).toEqual([
      1,
      2,
      3,
      4,
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
  });
  it("gradchecks the input (strided) and a 0-d value", () => {
    manualSeed(5);
    const m = gt(randn([4, 1]), 0);
    expectGradcheck((t, v) => maskedFill(t, m, v), [randn([3, 4]).transpose(0, 1), scalar(0.3)]);
  });
  it("rejects a mask that does not broadcast to the input, and non-scalar values", () => {
    expect(() => maskedFill(tensor([1, 2]), tensor([[1], [0]]), 0)).toThrow(ShapeError);
    expect(() => maskedFill(x, tensor([1, 0, 1]), tensor([1, 2]))).toThrow(/must be 0-d/);
    expect(() => maskedFill(x, tensor([1, 0, 1]), "1" as unknown as number)).toThrow(TypeError);
  });
});
