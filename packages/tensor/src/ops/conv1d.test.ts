// conv1d: a hand-computed case, agreement with conv2d on a height-1 input, gradchecks, errors. PyTorch
// values and gradients (padding, stride, dilation, groups, "same", unbatched) are in
// torch-fixtures-extra.test.ts.
import { describe, expect, it } from "vitest";
import { conv1d, conv2d, manualSeed, randn, ShapeError, tensor } from "../index";
import { expectGradcheck } from "../test-util";

describe("conv1d", () => {
  it("cross-correlates (hand-computed)", () => {
    const x = tensor([[[1, 2, 3, 4]]]);
    const w = tensor([[[1, 0, -1]]]);
    expect(conv1d(x, w).toNested()).toEqual([[[-2, -2]]]);
    expect(conv1d(x, w, tensor([1]), { padding: 1 }).toNested()).toEqual([[[-1, -1, -1, 4]]]);
  });
  it("equals conv2d on a height-1 view", () => {
    manualSeed(7);
    const x = randn([2, 4, 10]);
    const w = randn([6, 2, 3]);
    const a = conv1d(x, w, null, { stride: 2, padding: 1, dilation: 2, groups: 2 });
    const b = conv2d(x.unsqueeze(2), w.unsqueeze(2), null, {
      stride: [1, 2],
      padding: [0, 1],
      dilation: [1, 2],
      groups: 2,
    });
    expect(a.toArray()).toEqual(b.toArray());
  });
  it("gradchecks x, weight and bias (strided x, same padding)", () => {
    manualSeed(8);
    expectGradcheck(
      (x, w, b) => conv1d(x, w, b, { padding: "same" }),
      [randn([2, 7, 3]).transpose(1, 2), randn([2, 3, 4]), randn([2])],
    );
  });
  it("rejects bad ranks, options and shapes", () => {
    const x = randn([1, 2, 5]);
    expect(() => conv1d(randn([1, 1, 2, 5]), randn([1, 2, 3]))).toThrow(ShapeError);
    expect(() => conv1d(x, randn([1, 2, 1, 3]))).toThrow(/weight must be 3-d/);
    expect(() => conv1d(x, randn([1, 2, 3]), null, { stride: 0 })).toThrow(RangeError);
    expect(() => conv1d(x, randn([1, 2, 3]), null, { padding: "same", stride: 2 })).toThrow(/stride 1/);
    expect(() => conv1d(x, randn([1, 3, 3]))).toThrow(ShapeError);
    expect(() => conv1d(x, randn([3, 2, 3]), randn([2]))).toThrow(/bias must be \[3\]/);
    expect(() => conv1d(x, randn([1, 2, 9]))).toThrow(ShapeError);
  });
});
