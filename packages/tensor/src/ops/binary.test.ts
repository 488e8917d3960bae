// pow, maximum/minimum, where, clamp and comparisons: forward edge cases, gradchecks with broadcasting and
// views, dtype/shape errors.
import { describe, expect, it } from "vitest";
import {
  clamp,
  eq,
  ge,
  gt,
  le,
  lt,
  manualSeed,
  maximum,
  minimum,
  ne,
  pow,
  rand,
  randn,
  ShapeError,
  tensor,
  where,
} from "../index";
import { expectGradcheck } from "../test-util";

describe("comparisons", () => {
  it("return float32 0/1 masks with broadcasting, no gradient", () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const m = gt(a, 2);
    expect(m.toArray()).toEqual([0, 0, 1]);
    expect(m.dtype).toBe("float32");
    expect(m.requiresGrad).toBe(false);
    expect(lt(a, tensor([[2], [4]])).toNested()).toEqual([
      [1, 0, 0],
      [1, 1, 1],
    ]);
    expect(le(a, 2).toArray()).toEqual([1, 1, 0]);
    expect(ge(a, 2).toArray()).toEqual([0, 1, 1]);
    expect(eq(a, 2).toArray()).toEqual([0, 1, 0]);
    expect(ne(a, 2).toArray()).toEqual([1, 0, 1]);
    expect(eq(tensor([NaN]), tensor([NaN])).toArray()).toEqual([0]);
  });

  it("compare int32 labels with int32 predictions and mixed dtypes", () => {
    const labels = tensor([0, 2, 1], { dtype: "int32" });
    const preds = tensor([0, 1, 1], { dtype: "int32" });
    expect(eq(preds, labels).mean().item()).toBeCloseTo(2 / 3, 6);
    expect(eq(labels, tensor([0, 2.5, 1])).toArray()).toEqual([1, 0, 1]);
    expect(gt(2, labels).toArray()).toEqual([1, 0, 1]);
  });
});

describe("pow", () => {
  it("hand-computed values, including integer powers of negatives", () => {
    expect(pow(tensor([2, 3, -2]), 2).toArray()).toEqual([4, 9, 4]);
    expect(pow(2, tensor([0, 3, -1])).toArray()).toEqual([1, 8, 0.5]);
    expect(pow(tensor([-8]), 1 / 3).toArray()).toEqual([NaN]);
  });

  it("gradchecks in base and exponent with broadcasting", () => {
    manualSeed(21);
    expectGradcheck((a, b) => pow(a, b), [rand([2, 3]).add(0.5), randn([3])]);
    expectGradcheck((a, b) => pow(a, b), [rand([3, 1]).add(0.5).transpose(0, 1), randn([2, 1, 3])]);
  });

  it("gives a finite base gradient for negative bases with integer exponents", () => {
    const x = tensor([-2], { requiresGrad: true });
    pow(x, 3).sum().backward();
    expect(x.grad!.toArray()).toEqual([12]);
  });
});

describe("maximum / minimum", () => {
  it("propagate NaN and split the gradient at ties", () => {
    expect(maximum(tensor([1, NaN, 3]), tensor([2, 0, 3])).toArray()).toEqual([2, NaN, 3]);
    const a = tensor([1, 5, 3], { requiresGrad: true });
    const b = tensor([2, 0, 3], { requiresGrad: true });
    minimum(a, b).sum().backward();
    expect(a.grad!.toArray()).toEqual([1, 0, 0.5]);
    expect(b.grad!.toArray()).toEqual([0, 1, 0.5]);
  });

  it("gradcheck with broadcasting and strided views", () => {
    manualSeed(22);
    expectGradcheck((a, b) => maximum(a, b), [randn([2, 3]), randn([3])]);
    expectGradcheck((a, b) => minimum(a, b), [randn([4, 2]).transpose(0, 1), randn([2, 1])]);
  });
});

describe("where", () => {
  it("selects with a broadcast condition (hand-computed)", () => {
    const c = tensor([[1], [0]]);
    expect(where(c, tensor([1, 2]), tensor([10, 20])).toNested()).toEqual([
      [1, 2],
      [10, 20],
    ]);
    expect(where(tensor([1, 0, 3], { dtype: "int32" }), 5, -5).toArray()).toEqual([5, -5, 5]);
  });

  it("gradchecks both branches with broadcasting", () => {
    manualSeed(23);
    const c = gt(randn([2, 1, 4]), 0);
    expectGradcheck((a, b) => where(c, a, b), [randn([3, 4]), randn([2, 3, 1])]);
    expectGradcheck((a, b) => where(c, a, b), [randn([4, 3]).transpose(0, 1), randn([4])]);
  });

  it("names all three shapes when they do not broadcast", () => {
    expect(() => where(tensor([1, 0, 1]), tensor([1, 2]), 0)).toThrow(ShapeError);
    expect(() => where(tensor([1, 0, 1]), tensor([1, 2]), 0)).toThrow(/^where: \[3\] and \[2\] and \[\]/);
  });
});

describe("clamp", () => {
  it("limits values and validates bounds", () => {
    expect(clamp(tensor([-2, 0.5, 2]), -1, 1).toArray()).toEqual([-1, 0.5, 1]);
    expect(clamp(tensor([-2, 0.5, 2]), undefined, 1).toArray()).toEqual([-2, 0.5, 1]);
    expect(() => clamp(tensor([1]), 2, 1)).toThrow(/min 2 is greater than max 1/);
    expect(() => clamp(tensor([1]))).toThrow(/at least one of min and max/);
  });

  it("passes gradient only inside the range", () => {
    const x = tensor([-2, 0.5, 2], { requiresGrad: true });
    clamp(x, -1, 1).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 0]);
  });
});
