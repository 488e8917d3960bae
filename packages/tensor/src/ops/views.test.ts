// Shape ops: reshape/view/flatten/squeeze/unsqueeze/transpose/permute/expand/slice/select/split/chunk/
// contiguous. Checks values, that views share memory (zero copy), gradients and errors.
import { describe, expect, it } from "vitest";
import {
  arange,
  broadcastTo,
  chunk,
  contiguous,
  expand,
  flatten,
  manualSeed,
  permute,
  randn,
  reshape,
  ShapeError,
  select,
  slice,
  split,
  squeeze,
  tensor,
  transpose,
  unsqueeze,
  view,
} from "../index";
import { expectGradcheck } from "../test-util";

const x = arange(24).reshape([2, 3, 4]);

describe("reshape / view / flatten", () => {
  it("are zero-copy on contiguous data and infer -1", () => {
    const r = reshape(x, [4, -1]);
    expect(r.shape).toEqual([4, 6]);
    expect(r.data).toBe(x.data);
    expect(view(x, [24]).data).toBe(x.data);
    expect(flatten(x, 1).shape).toEqual([2, 12]);
    expect(flatten(tensor(3)).shape).toEqual([1]);
    expect(x.reshape(6, 4).shape).toEqual([6, 4]);
  });

  it("reshape copies a strided view, view refuses", () => {
    const t = transpose(x, 0, 2);
    const r = reshape(t, [-1]);
    expect(r.data).not.toBe(x.data);
    expect(r.toArray().slice(0, 4)).toEqual([0, 12, 4, 16]);
    expect(() => view(t, [-1])).toThrow(/view: .*tensor is not contiguous; use reshape\(\)/);
  });

  it("report impossible shapes", () => {
    expect(() => reshape(x, [5, -1])).toThrow(ShapeError);
    expect(() => reshape(x, [5, 5])).toThrow(
      "reshape: [2,3,4] and [5,5]: 24 elements cannot take shape [5,5]",
    );
    expect(() => reshape(x, [-1, -1])).toThrow(/only one dimension can be -1/);
    expect(() => reshape(x, [2, -3, 4])).toThrow(/invalid size -3/);
  });
});

describe("squeeze / unsqueeze / transpose / permute", () => {
  it("produce views with the right shapes and values", () => {
    const u = unsqueeze(x, 1);
    expect(u.shape).toEqual([2, 1, 3, 4]);
    expect(unsqueeze(x, -1).shape).toEqual([2, 3, 4, 1]);
    expect(squeeze(u).shape).toEqual([2, 3, 4]);
    expect(squeeze(u, 0).shape).toEqual([2, 1, 3, 4]);
    const p = permute(x, [2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    expect(p.data).toBe(x.data);
    expect(p.isContiguous).toBe(false);
    expect((p.toNested() as number[][][])[1]![1]![2]).toBe(21); // x[1][2][1]
    expect(x.mT.shape).toEqual([2, 4, 3]);
    expect(unsqueeze(transpose(x, 0, 1), 0).toArray()).toEqual(transpose(x, 0, 1).toArray());
  });

  it("validate dims", () => {
    expect(() => permute(x, [0, 1])).toThrow(/got 2 dims \[0,1\] for a tensor with 3 dimension/);
    expect(() => permute(x, [0, 0, 1])).toThrow(/repeats a dim/);
    expect(() => transpose(x, 0, 3)).toThrow(/dim 3 is out of range/);
    expect(() => unsqueeze(x, 4)).toThrow(RangeError);
  });
});

describe("expand", () => {
  it("broadcasts with stride 0 and -1 keeps a size", () => {
    const e = expand(tensor([[1], [2]]), [3, 2, 4]);
    expect(e.shape).toEqual([3, 2, 4]);
    expect(e.strides).toEqual([0, 1, 0]);
    expect(expand(tensor([[1, 2]]), [-1, 2]).shape).toEqual([1, 2]);
    expect(broadcastTo(tensor([1, 2]), [2, 2]).toNested()).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(() => expand(tensor([1, 2]), [3])).toThrow(
      "expand: [2] and [3]: size 2 at dim 0 cannot expand to 3",
    );
    expect(() => expand(tensor([[1, 2]]), [2])).toThrow(/fewer dims/);
  });
});

describe("slice / select / split / chunk", () => {
  const m = arange(12).reshape([3, 4]);
  it("slice with negative bounds and steps, as Python slices", () => {
    expect(slice(m, 1, 1, 3).toNested()).toEqual([
      [1, 2],
      [5, 6],
      [9, 10],
    ]);
    expect(slice(m, 1, -3, undefined, 2).toNested()).toEqual([
      [1, 3],
      [5, 7],
      [9, 11],
    ]);
    expect(slice(m, 0, 5, 10).shape).toEqual([0, 4]);
    expect(slice(m, 0, 2, 1).shape).toEqual([0, 4]);
    expect(slice(m, 0, 1).data).toBe(m.data);
    expect(() => slice(m, 0, 0, 2, 0)).toThrow(/step must be a positive integer/);
  });

  it("select removes the dim and checks the index", () => {
    expect(select(m, 1, -1).toArray()).toEqual([3, 7, 11]);
    expect(select(m, 0, 2).toArray()).toEqual([8, 9, 10, 11]);
    expect(() => select(m, 0, 3)).toThrow("select: index 3 is out of range for dim 0 of size 3");
  });

  it("split by size or sections, chunk into n pieces", () => {
    expect(split(m, 3, 1).map((t) => t.shape)).toEqual([
      [3, 3],
      [3, 1],
    ]);
    expect(split(m, [1, 2], 0).map((t) => t.toArray())).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7, 8, 9, 10, 11],
    ]);
    expect(chunk(m, 3, 1).map((t) => t.shape[1])).toEqual([2, 2]);
    expect(() => split(m, [1, 1], 0)).toThrow(/must be non-negative and add up to 3/);
  });
});

describe("contiguous", () => {
  it("copies only strided tensors", () => {
    expect(contiguous(x)).toBe(x);
    const t = contiguous(transpose(x, 1, 2));
    expect(t.isContiguous).toBe(true);
    expect(t.toArray()).toEqual(transpose(x, 1, 2).toArray());
  });
});

describe("view gradients", () => {
  it("gradcheck through chains of views", () => {
    manualSeed(41);
    const t = randn([2, 3, 4]);
    expectGradcheck((a) => reshape(a, [4, 6]).mul(reshape(a, [4, 6])), [t]);
    expectGradcheck((a) => permute(a, [1, 2, 0]).sin(), [t]);
    expectGradcheck((a) => slice(a, 2, 1, 4, 2).exp(), [t]);
    expectGradcheck((a) => select(a, 1, 1).square(), [t]);
    const w = randn([3, 3, 4]);
    expectGradcheck((a) => expand(slice(a, 0, 0, 1), [3, 3, 4]).mul(w), [t]);
    expectGradcheck((a) => squeeze(unsqueeze(a, 0), 0).cos(), [t.transpose(0, 2)]);
    expectGradcheck((a) => split(a, [1, 3], 2)[1]!.square(), [t]);
    expectGradcheck((a) => flatten(a.transpose(0, 1)).tanh(), [t]);
    expectGradcheck((a) => view(a, [6, 4]).sin(), [t]);
    expectGradcheck((a) => contiguous(a).mul(a.contiguous()), [t.permute([2, 1, 0])]);
    expectGradcheck((a) => a.clone().exp(), [t.slice(1, 0, 3, 2)]);
    expectGradcheck((a) => chunk(a, 2, 2)[1]!.cos(), [t]);
  });

  it("slicing twice through the same base accumulates gradients", () => {
    const a = tensor([1, 2, 3, 4], { requiresGrad: true });
    slice(a, 0, 0, 3)
      .sum()
      .add(slice(a, 0, 1).sum())
      .backward();
    expect(a.grad!.toArray()).toEqual([1, 2, 2, 1]);
  });
});
