import { describe, expect, it } from "vitest";
import {
  arange,
  eye,
  full,
  fullLike,
  linspace,
  MAX_TENSOR_ELEMENTS,
  ones,
  onesLike,
  rand,
  randint,
  randn,
  randperm,
  ShapeError,
  scalar,
  TensorSizeError,
  tensor,
  zeros,
  zerosLike,
} from "./index";

describe("tensor()", () => {
  it("infers shape from nested arrays", () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe("float32");
    expect(t.toNested()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(tensor(5).shape).toEqual([]);
    expect(tensor(5).item()).toBe(5);
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[true, false]]).toArray()).toEqual([1, 0]);
  });

  it("takes flat data with a shape, typed arrays are copied", () => {
    const src = new Float32Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(src, [3, 2]);
    src[0] = 99;
    expect(t.toNested()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(tensor(new Int32Array([1, 2])).dtype).toBe("int32");
    expect(tensor([1, 2, 3, 4], [2, 2]).shape).toEqual([2, 2]);
    expect(tensor(new Float64Array([0.1])).toArray()[0]).toBe(Math.fround(0.1));
  });

  it("rejects ragged arrays, wrong lengths, bad leaves and non-integer int32 data", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged nested array: expected 2 elements at \[1\], got 1/);
    expect(() => tensor([[1], 2] as never)).toThrow(/ragged/);
    expect(() => tensor(["a"] as never)).toThrow(/expected a number at \[0\], got string/);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(
      "tensor: [2,2]: shape needs 4 elements but the data has 3",
    );
    expect(() => tensor([1.5], { dtype: "int32" })).toThrow(/value 1.5 at flat index 0 is not an int32/);
    expect(() => tensor([2 ** 31], { dtype: "int32" })).toThrow(RangeError);
    expect(() => tensor([1], { dtype: "float64" as never })).toThrow(/dtype must be "float32" or "int32"/);
  });
});

describe("fills and ranges", () => {
  it("zeros/ones/full/*Like", () => {
    expect(zeros([2, 2]).toArray()).toEqual([0, 0, 0, 0]);
    expect(ones([2], { dtype: "int32" }).dtype).toBe("int32");
    expect(full([3], 7).toArray()).toEqual([7, 7, 7]);
    expect(zerosLike(tensor([1, 2], { dtype: "int32" })).dtype).toBe("int32");
    expect(onesLike(tensor([[1, 2]])).shape).toEqual([1, 2]);
    expect(fullLike(tensor([1, 2]), 3).toArray()).toEqual([3, 3]);
    expect(scalar(2).shape).toEqual([]);
    expect(() => zeros([2, -1])).toThrow("full: shape [2,-1] must contain non-negative integers, got -1");
    expect(() => zeros([1.5])).toThrow(RangeError);
  });

  it("arange like Python range, float32 by default", () => {
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(3, { dtype: "int32" }).dtype).toBe("int32");
    expect(arange(0).shape).toEqual([0]);
    expect(() => arange(0, 5, 0)).toThrow(/step must not be 0/);
    expect(() => arange(0, 5, -1)).toThrow(/moves away from end/);
    expect(() => arange(0, 1, 0.5, { dtype: "int32" })).toThrow(/not an int32/);
  });

  it("linspace includes both ends exactly", () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(-1, 0.3, 7).toArray()[6]).toBe(Math.fround(0.3));
    expect(linspace(2, 3, 1).toArray()).toEqual([2]);
    expect(() => linspace(0, 1, -1)).toThrow(RangeError);
  });

  it("eye", () => {
    expect(eye(2).toNested()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(eye(2, 3).toNested()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });
});

describe("size limit: checked before allocating, with the op named", () => {
  it("zeros([1e5, 1e5]) and every creation path throw TensorSizeError, not a bare RangeError", () => {
    const big = [1e5, 1e5];
    const cases: [string, () => unknown][] = [
      ["full", () => zeros(big)],
      ["full", () => ones(big)],
      ["full", () => full(big, 2)],
      ["rand", () => rand(big)],
      ["randn", () => randn(big)],
      ["randint", () => randint(0, 2, big)],
      ["eye", () => eye(1e5)],
      ["arange", () => arange(0, 2 ** 31)],
      ["linspace", () => linspace(0, 1, 2 ** 31)],
      ["randperm", () => randperm(2 ** 31)],
      ["add", () => zeros([1e5, 1]).add(zeros([1, 1e5]))],
    ];
    for (const [op, fn] of cases) {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(err, op).toBeInstanceOf(TensorSizeError);
      expect((err as TensorSizeError).op).toBe(op);
      expect((err as TensorSizeError).code).toBe("TOO_LARGE");
      expect((err as Error).message).toContain(`${op}: `);
      expect((err as Error).message).toContain(String(MAX_TENSOR_ELEMENTS));
    }
    // the limit is on elements, not on any one dim
    expect(zeros([0, 1e12]).size).toBe(0);
  });
});
