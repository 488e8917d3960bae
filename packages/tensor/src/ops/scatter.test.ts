// scatter / scatterReduce: hand-computed writes, repeated positions, gradchecks (src larger than index,
// strided input), errors. PyTorch values and gradients are in torch-fixtures-extra.test.ts.
import { describe, expect, it } from "vitest";
import { DTypeError, manualSeed, randn, ShapeError, scatter, scatterReduce, tensor, zeros } from "../index";
import { expectGradcheck } from "../test-util";

const int = (v: number[][]) => tensor(v, { dtype: "int32" });

describe("scatter / scatterReduce", () => {
  it("writes src at the indexed positions (hand-computed, torch.scatter doc example)", () => {
    const src = tensor([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
    ]);
    expect(scatter(zeros([3, 5]), 0, int([[0, 1, 2, 0]]), src).toNested()).toEqual([
      [1, 0, 0, 4, 0],
      [0, 2, 0, 0, 0],
      [0, 0, 3, 0, 0],
    ]);
    expect(scatter(zeros([2, 4]), 1, int([[2], [3]]), 1.23).toArray()).toEqual([
      0,
      0,
      expect.closeTo(1.23, 6),
      0,
      0,
      0,
      0,
      expect.closeTo(1.23, 6),
    ]);
  });
  it("allows repeated positions for a number and for reductions, and refuses them for a tensor src", () => {
    const idx = int([[1, 1, 0]]);
    expect(scatter(zeros([1, 3]), 1, idx, 7).toArray()).toEqual([7, 7, 0]);
    const src = tensor([[1, 2, 3]]);
    const x = tensor([[10, 20, 30]]);
    expect(scatterReduce(x, 1, idx, src, "sum").toArray()).toEqual([13, 23, 30]);
    expect(scatterReduce(x, 1, idx, src, "mean").toArray()).toEqual([6.5, expect.closeTo(23 / 3, 5), 30]);
    expect(scatterReduce(x, 1, idx, src, "mean", { includeSelf: false }).toArray()).toEqual([3, 1.5, 30]);
    expect(() => scatter(x, 1, idx, src)).toThrow(/more than once/);
  });
  it("amax / amin take the extreme and split the gradient evenly among ties (hand-computed)", () => {
    const x = tensor([[1, 5, 3]], { requiresGrad: true });
    const src = tensor([[5, 7, 2, 3]], { requiresGrad: true });
    const idx = int([[1, 0, 2, 2]]);
    const y = scatterReduce(x, 1, idx, src, "amax");
    expect(y.toArray()).toEqual([7, 5, 3]);
    // position 1: x = 5 and src[0] = 5 tie → half each; position 2: x = 3 and src[3] = 3 tie
    y.backward(tensor([[10, 20, 40]]));
    expect(x.grad!.toArray()).toEqual([0, 10, 20]);
    expect(src.grad!.toArray()).toEqual([10, 10, 0, 20]);
    const nan = scatterReduce(tensor([[0, 0]]), 1, int([[0, 0]]), tensor([[Number.NaN, 1]]), "amin");
    expect(nan.toArray()).toEqual([Number.NaN, 0]);
  });
  it("without includeSelf, splits among src values only (torch 1.13 also counts an equal x)", () => {
    const x = tensor([[4, 9]], { requiresGrad: true });
    const src = tensor([[4, 4, 1]], { requiresGrad: true });
    const y = scatterReduce(x, 1, int([[0, 0, 1]]), src, "amax", { includeSelf: false });
    expect(y.toArray()).toEqual([4, 1]);
    y.backward(tensor([[6, 3]]));
    // PyTorch 1.13 gives src [2, 2, 3] here (x[0] = 4 counted in the split, then dropped)
    expect(src.grad!.toArray()).toEqual([3, 3, 3]);
    expect(x.grad!.toArray()).toEqual([0, 0]);
  });
  it("gradchecks x and src (src larger than index, strided x)", () => {
    manualSeed(10);
    const idx = int([
      [2, 0, 1],
      [0, 2, 2],
    ]);
    expectGradcheck((x, s) => scatter(x, 0, idx.slice(0, 0, 1), s), [randn([3, 3]), randn([2, 4])]);
    expectGradcheck(
      (x, s) => scatterReduce(x, 1, idx, s, "mean", { includeSelf: false }),
      [randn([3, 2]).transpose(0, 1), randn([2, 3])],
    );
    expectGradcheck((x) => scatter(x, 1, idx, -2), [randn([2, 3])]);
    expectGradcheck(
      (x, s) => scatterReduce(x, 1, idx, s, "amin"),
      [randn([2, 3]), randn([2, 4]).transpose(0, 1).transpose(0, 1)],
    );
    expectGradcheck(
      (x, s) => scatterReduce(x, 0, idx, s, "amax", { includeSelf: false }),
      [randn([3, 3]), randn([3, 4])],
    );
  });
  it("rejects out-of-range and non-int32 indices, bad shapes and reductions", () => {
    const x = zeros([2, 3]);
    expect(() => scatter(x, 1, int([[3]]), 1)).toThrow(
      /scatter: index 3 is out of range for dim 1 of size 3/,
    );
    expect(() => scatter(x, 1, tensor([[1]]), 1)).toThrow(DTypeError);
    expect(() => scatter(x, 2, int([[1]]), 1)).toThrow(RangeError);
    expect(() => scatter(x, 0, int([[0, 1, 0, 1]]), 1)).toThrow(ShapeError);
    expect(() => scatter(x, 1, int([[0, 1]]), tensor([[1]]))).toThrow(/at least as large as index/);
    expect(() => scatterReduce(x, 1, int([[0]]), tensor([[1]]), "prod" as "sum")).toThrow(
      /"sum", "mean", "amax" or "amin"/,
    );
  });
});
