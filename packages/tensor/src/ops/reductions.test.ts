// max/min/argmax/argmin/var/std/logsumexp/softmax/logSoftmax: hand-checked values, stability, gradchecks.
import { describe, expect, it } from "vitest";
import {
  argmax,
  argmin,
  DTypeError,
  logSoftmax,
  logsumexp,
  manualSeed,
  max,
  min,
  randn,
  softmax,
  std,
  tensor,
  variance,
} from "../index";
import { expectClose, expectGradcheck } from "../test-util";

describe("max / min", () => {
  const x = tensor([
    [1, 5, 2],
    [7, 0, 7],
  ]);
  it("reduce over axes with keepdim (hand-computed)", () => {
    expect(max(x).item()).toBe(7);
    expect(max(x, 1).toArray()).toEqual([5, 7]);
    expect(min(x, 0, true).toNested()).toEqual([[1, 0, 2]]);
    expect(max(tensor([1, NaN, 3])).item()).toBeNaN();
  });

  it("split the gradient evenly among ties", () => {
    const t = tensor([7, 0, 7], { requiresGrad: true });
    max(t).backward();
    expect(t.grad!.toArray()).toEqual([0.5, 0, 0.5]);
  });

  it("refuse to reduce an empty dim", () => {
    expect(() => max(tensor([]))).toThrow(/max: cannot reduce over dim 0 of size 0/);
  });

  it("gradcheck (distinct values) over axes and views", () => {
    manualSeed(31);
    const t = randn([3, 4, 2]);
    expectGradcheck((a) => max(a, 1), [t]);
    expectGradcheck((a) => min(a, [0, 2], true), [t]);
    expectGradcheck((a) => max(a), [t.permute([2, 0, 1])]);
  });
});

describe("argmax / argmin", () => {
  it("return int32 indices, first on ties, NaN as the extreme", () => {
    const x = tensor([
      [1, 5, 5],
      [7, 0, -1],
    ]);
    const am = argmax(x, 1);
    expect(am.dtype).toBe("int32");
    expect(am.toArray()).toEqual([1, 0]);
    expect(argmin(x, 0).toArray()).toEqual([0, 1, 1]);
    expect(argmax(x).item()).toBe(3);
    expect(argmax(x, 1, true).shape).toEqual([2, 1]);
    expect(argmax(tensor([1, NaN, 3])).item()).toBe(1);
    expect(argmax(x.transpose(0, 1), 0).toArray()).toEqual([1, 0]);
    expect(argmax(tensor([3, 9, 2], { dtype: "int32" })).item()).toBe(1);
  });

  it("reject empty input and bad dims", () => {
    expect(() => argmax(tensor([]))).toThrow(/empty tensor/);
    expect(() => argmax(tensor([1, 2]), 1)).toThrow(RangeError);
  });
});

describe("var / std", () => {
  it("use Bessel's correction by default (hand-computed)", () => {
    const x = tensor([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(variance(x, undefined, false, 0).item()).toBeCloseTo(4, 6);
    expect(std(x, undefined, false, 0).item()).toBeCloseTo(2, 6);
    expect(variance(x).item()).toBeCloseTo(32 / 7, 5);
    expect(() => variance(x, 0, false, -1)).toThrow(/correction must be a non-negative number/);
  });

  it("gradcheck over axes", () => {
    manualSeed(32);
    const t = randn([3, 4]);
    expectGradcheck((a) => variance(a, 1), [t]);
    expectGradcheck((a) => std(a, 0, true), [t.transpose(0, 1)]);
  });
});

describe("softmax / logSoftmax / logsumexp", () => {
  it("rows of softmax sum to 1 and never produce NaN for huge logits", () => {
    const x = tensor([
      [1e4, 0, -1e4],
      [-Infinity, 0, 0],
      [3e38, 3e38, 3e38],
    ]);
    const s = softmax(x);
    expectClose(s.toArray(), [1, 0, 0, 0, 0.5, 0.5, 1 / 3, 1 / 3, 1 / 3], 1e-6);
    expectClose(
      logSoftmax(x).toArray(),
      [0, -1e4, -2e4, -Infinity, -Math.LN2, -Math.LN2, -Math.log(3), -Math.log(3), -Math.log(3)],
      1e-3,
      1e-6,
    );
  });

  it("logsumexp of an all -Infinity row is -Infinity, not NaN", () => {
    expect(logsumexp(tensor([[-Infinity, -Infinity]]), 1).toArray()).toEqual([-Infinity]);
    expect(logsumexp(tensor([1000, 1000])).item()).toBeCloseTo(1000 + Math.LN2, 3);
  });

  it("gradcheck over dims, keepdim and views", () => {
    manualSeed(33);
    const t = randn([3, 4]).mul(3);
    expectGradcheck((a) => softmax(a, 0), [t]);
    expectGradcheck((a) => softmax(a, -1), [t.transpose(0, 1)]);
    expectGradcheck((a) => logSoftmax(a, 1), [t]);
    expectGradcheck((a) => logsumexp(a, [0, 1]), [t]);
    expectGradcheck((a) => logsumexp(a, 1, true), [t.slice(0, 0, 3, 2)]);
  });

  it("reject int32 input, naming the op the user called", () => {
    const i = tensor([1, 2], { dtype: "int32" });
    expect(() => softmax(i)).toThrow(DTypeError);
    expect(() => logsumexp(i)).toThrow(/^logsumexp: expected a float32 tensor/);
    expect(() => variance(i)).toThrow(/^var: expected a float32 tensor/);
    expect(() => i.mean()).toThrow(/^mean: expected a float32 tensor/);
    expect(() => i.gelu()).toThrow(/^gelu: expected a float32 tensor/);
    expect(() => i.leakyRelu()).toThrow(/^leakyRelu: /);
  });
});
