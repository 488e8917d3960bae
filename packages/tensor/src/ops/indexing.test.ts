// gather/scatterAdd, indexSelect/indexAdd, oneHot, concat/stack, pad: values, int32 indices, bounds checks,
// gradients with repeated indices.
import { describe, expect, it } from "vitest";
import {
  concat,
  DTypeError,
  gather,
  IndexOutOfRangeError,
  indexAdd,
  indexSelect,
  manualSeed,
  oneHot,
  pad,
  randn,
  ShapeError,
  scatterAdd,
  stack,
  tensor,
  zeros,
} from "../index";
import { expectGradcheck } from "../test-util";

const int = (v: number[] | number[][]) => tensor(v, { dtype: "int32" });

describe("gather / scatterAdd", () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  it("picks along a dim like torch.gather (hand-computed)", () => {
    expect(
      gather(
        x,
        1,
        int([
          [2, 0],
          [1, 1],
        ]),
      ).toNested(),
    ).toEqual([
      [3, 1],
      [5, 5],
    ]);
    expect(gather(x, 0, int([[1, 0, 1]])).toNested()).toEqual([[4, 2, 6]]);
    // PyTorch: torch.gather(x, 1, tensor([[-1], [0]])) raises "index -1 is out of bounds" — no wrap-around
    expect(() => gather(x, 1, int([[-1], [0]]))).toThrow(IndexOutOfRangeError);
  });

  it("checks index dtype, rank and bounds", () => {
    expect(() => gather(x, 1, tensor([[0]]))).toThrow(DTypeError);
    expect(() => gather(x, 1, int([0]))).toThrow(ShapeError);
    expect(() => gather(x, 1, int([[3]]))).toThrow("gather: index 3 is out of range for dim 1 of size 3");
  });

  it("scatterAdd accumulates repeated indices", () => {
    expect(
      scatterAdd(
        zeros([2, 3]),
        1,
        int([
          [0, 0],
          [2, 1],
        ]),
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ).toNested(),
    ).toEqual([
      [3, 0, 0],
      [0, 4, 3],
    ]);
  });

  it("gradchecks with repeated indices and strided input", () => {
    manualSeed(51);
    const idx = int([
      [0, 2, 2, 1],
      [3, 3, 0, 0],
    ]);
    expectGradcheck((a) => gather(a, 1, idx), [randn([2, 4])]);
    expectGradcheck((a) => gather(a, 1, idx), [randn([4, 2]).transpose(0, 1)]);
    expectGradcheck((b, s) => scatterAdd(b, 1, idx, s), [randn([2, 4]), randn([2, 4])]);
  });
});

describe("indexSelect / indexAdd", () => {
  const x = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  it("selects rows or columns, repeats allowed, negative indices refused as in PyTorch", () => {
    expect(indexSelect(x, 0, int([2, 0, 2])).toNested()).toEqual([
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    expect(indexSelect(x, 1, int([1])).toNested()).toEqual([[2], [4], [6]]);
    // PyTorch: torch.index_select(x, 0, tensor([-1])) raises "index out of range in self"
    expect(() => indexSelect(x, 0, int([-1]))).toThrow(IndexOutOfRangeError);
    expect(() => indexSelect(x, 0, int([-1]))).toThrow(/indexSelect: index -1 at position 0 is out of range/);
    expect(indexSelect(int([[7, 8]]), 1, int([1, 0])).toNested()).toEqual([[8, 7]]);
  });

  it("checks the index", () => {
    expect(() => indexSelect(x, 0, int([3]))).toThrow(
      "indexSelect: index 3 at position 0 is out of range for dim 0 of size 3",
    );
    expect(() => indexSelect(x, 0, int([[0]]))).toThrow(/index must be 1-d/);
    expect(() => indexSelect(x, 0, tensor([0]))).toThrow(/index must be int32/);
  });

  it("gradchecks (embedding lookup pattern) and indexAdd", () => {
    manualSeed(52);
    const idx = int([1, 1, 3, 0]);
    expectGradcheck((w) => indexSelect(w, 0, idx), [randn([4, 3])]);
    expectGradcheck((w) => indexSelect(w, 1, idx), [randn([3, 4]).mul(2)]);
    expectGradcheck((b, s) => indexAdd(b, 0, idx, s), [randn([4, 2]), randn([4, 2])]);
  });
});

describe("oneHot", () => {
  it("encodes int32 classes and checks the range", () => {
    expect(oneHot(int([2, 0]), 3).toNested()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(() => oneHot(int([3]), 3)).toThrow(/class 3 at flat index 0 is not in \[0, 3\)/);
    expect(() => oneHot(tensor([1]), 3)).toThrow(DTypeError);
  });
});

describe("concat / stack", () => {
  it("join along existing or new dims (hand-computed)", () => {
    const a = tensor([[1, 2]]);
    const b = tensor([[3, 4]]);
    expect(concat([a, b]).toNested()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(concat([a, b], 1).toNested()).toEqual([[1, 2, 3, 4]]);
    expect(stack([a, b], 2).shape).toEqual([1, 2, 2]);
    expect(concat([int([1]), int([2])]).dtype).toBe("int32");
  });

  it("name all shapes when they do not fit", () => {
    expect(() => concat([tensor([[1, 2]]), tensor([[1, 2, 3]])], 0)).toThrow(
      "concat: [1,2] and [1,3]: shapes must match except in dim 0",
    );
    expect(() => stack([tensor([1]), tensor([1, 2])])).toThrow(ShapeError);
    expect(() => concat([tensor([1]), int([1])])).toThrow(DTypeError);
    expect(() => concat([])).toThrow(/at least one tensor/);
  });

  it("gradcheck with strided inputs", () => {
    manualSeed(53);
    expectGradcheck((a, b) => concat([a, b], 1), [randn([2, 3]), randn([3, 2]).transpose(0, 1)]);
    expectGradcheck((a, b, c) => stack([a, b, c], 1), [randn([2, 3]), randn([2, 3]), randn([2, 3])]);
  });
});

describe("pad", () => {
  it("pads every dim with a constant", () => {
    expect(
      pad(
        tensor([[1, 2]]),
        [
          [1, 0],
          [0, 2],
        ],
        9,
      ).toNested(),
    ).toEqual([
      [9, 9, 9, 9],
      [1, 2, 9, 9],
    ]);
    expect(() => pad(tensor([[1]]), [[1, 1]])).toThrow(/need one \[before, after\] pair per dim \(2\)/);
    expect(() => pad(tensor([1]), [[-1, 0]])).toThrow(/must be non-negative integers/);
    expect(pad(int([1]), [[1, 0]], -1).toArray()).toEqual([-1, 1]);
    expect(() => pad(int([1]), [[1, 0]], 0.5)).toThrow(
      /value 0.5 is not an integer, but the tensor is int32/,
    );
  });

  it("gradchecks, including a strided input", () => {
    manualSeed(54);
    expectGradcheck(
      (a) =>
        pad(a, [
          [1, 2],
          [0, 1],
        ]),
      [randn([2, 3])],
    );
    expectGradcheck(
      (a) =>
        pad(
          a,
          [
            [0, 1],
            [2, 2],
          ],
          -1,
        ),
      [randn([3, 2]).transpose(0, 1)],
    );
  });
});
