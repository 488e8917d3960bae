// tril / triu: hand-computed masks, gradchecks (contiguous and strided), errors. PyTorch values and
// gradients are in torch-fixtures-extra.test.ts.
import { describe, expect, it } from "vitest";
import { DTypeError, manualSeed, randn, ShapeError, tensor, tril, triu } from "../index";
import { expectGradcheck } from "../test-util";

describe("tril / triu", () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  it("keeps the lower / upper triangle (hand-computed)", () => {
    expect(tril(x).toNested()).toEqual([
      [1, 0, 0],
      [4, 5, 0],
    ]);
    expect(triu(x, 1).toNested()).toEqual([
      [0, 2, 3],
      [0, 0, 6],
    ]);
    expect(tril(x, -1).toNested()).toEqual([
      [0, 0, 0],
      [4, 0, 0],
    ]);
  });
  it("tril(x, k) + triu(x, k + 1) = x", () => {
    manualSeed(3);
    const r = randn([2, 4, 5]);
    expect(tril(r, 1).add(triu(r, 2)).toArray()).toEqual(r.toArray());
  });
  it("gradchecks on contiguous and transposed inputs", () => {
    manualSeed(4);
    expectGradcheck((t) => tril(t, 1), [randn([3, 4])]);
    expectGradcheck((t) => triu(t, -1), [randn([2, 5, 3]).transpose(1, 2)]);
  });
  it("rejects 1-d input, fractional diagonals and int32", () => {
    expect(() => tril(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => triu(x, 0.5)).toThrow(/diagonal must be an integer/);
    expect(() => tril(tensor([[1]], { dtype: "int32" }))).toThrow(DTypeError);
  });
});
