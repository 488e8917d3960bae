import { describe, expect, it } from "vitest";
import { manualSeed, mean, randn, sum, sumToShape, tensor } from "../index";
import { expectGradcheck } from "../test-util";

describe("sum / mean", () => {
  const x = tensor([
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    [
      [7, 8],
      [9, 10],
      [11, 12],
    ],
  ]); // [2,3,2]

  it("reduces all, one or several axes, with and without keepdim (hand-computed)", () => {
    expect(sum(x).item()).toBe(78);
    expect(sum(x, 0).toNested()).toEqual([
      [8, 10],
      [12, 14],
      [16, 18],
    ]);
    expect(sum(x, -1).toNested()).toEqual([
      [3, 7, 11],
      [15, 19, 23],
    ]);
    expect(sum(x, [0, 2]).toNested()).toEqual([18, 26, 34]);
    expect(sum(x, [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(mean(x, 1).toNested()).toEqual([
      [3, 4],
      [9, 10],
    ]);
    // transpose(0, 2)[k][j][i] = x[i][j][k], so summing dim 0 gives Σ_k x[i][j][k] at [j][i]
    expect(sum(x.transpose(0, 2), 0).toNested()).toEqual([
      [3, 15],
      [7, 19],
      [11, 23],
    ]);
  });

  it("accumulates in float64 (no float32 drift over many elements)", () => {
    const big = tensor(new Float32Array(1_000_000).fill(0.1));
    // 1e6 × f32(0.1) = 100000.00149..., which float32 rounds to 100000
    expect(sum(big).item()).toBe(100000);
  });

  it("gives NaN mean and 0 sum for empty reductions", () => {
    expect(sum(tensor([])).item()).toBe(0);
    expect(mean(tensor([])).item()).toBeNaN();
  });

  it("rejects bad axes", () => {
    expect(() => sum(x, 3)).toThrow(/sum: dim 3 is out of range for a tensor with 3 dimension/);
    expect(() => sum(x, [1, -2])).toThrow(/repeated dim/);
    expect(() => sum(x, 0.5)).toThrow(TypeError);
  });

  it("gradchecks over several axes, keepdim and views", () => {
    manualSeed(3);
    const t = randn([2, 3, 4]);
    for (const dims of [undefined, 0, 1, [0, 2], [-1]] as const) {
      for (const keep of [false, true]) {
        expectGradcheck((a) => sum(a, dims as number[] | number | undefined, keep), [t]);
        expectGradcheck((a) => mean(a, dims as number[] | number | undefined, keep), [t]);
      }
    }
    expectGradcheck((a) => sum(a, 1), [randn([4, 3, 2]).permute([2, 0, 1])]);
  });

  it("sumToShape folds broadcast dims", () => {
    const g = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(sumToShape(g, [3]).toArray()).toEqual([5, 7, 9]);
    expect(sumToShape(g, [2, 1]).toNested()).toEqual([[6], [15]]);
    expect(sumToShape(g, []).item()).toBe(21);
    expect(() => sumToShape(g, [2])).toThrow(
      /sumToShape: \[2,3\] and \[2\]: the target shape does not broadcast/,
    );
    expect(() => sumToShape(tensor([1]), [1, 1])).toThrow(/does not broadcast/);
  });
});
