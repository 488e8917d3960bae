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
    expect(() => scatterReduce(x, 1, int([[0]]), tensor([[1]]), "prod" as "sum")).toThrow(/"sum" or "mean"/);
  });
});
