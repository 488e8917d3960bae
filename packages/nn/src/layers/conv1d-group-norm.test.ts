// Conv1d and GroupNorm: shapes, PyTorch's default init bounds, groupNorm properties (zero mean / unit
// variance per group; GroupNorm(1) equals layerNorm over C and spatial dims), gradchecks, errors.
// PyTorch values and gradients are in layers-extra.fixture.test.ts.
import { manualSeed, noGrad, randn, ShapeError, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { groupNorm } from "../functional/group-norm";
import { layerNorm } from "../functional/layer-norm";
import { expectClose, expectModuleGradcheck } from "../test-util";
import { Conv1d } from "./conv1d";
import { GroupNorm } from "./group-norm";

describe("Conv1d", () => {
  it("maps [N, C_in, L] to [N, C_out, L_out] with weight [out, in/groups, k]", () => {
    manualSeed(1);
    const conv = new Conv1d(4, 6, 3, { stride: 2, padding: 1, groups: 2 });
    expect(conv.weight.shape).toEqual([6, 2, 3]);
    expect(conv.forward(randn([2, 4, 9])).shape).toEqual([2, 6, 5]);
    expect(new Conv1d(2, 3, 4, { padding: "same" }).forward(randn([2, 7])).shape).toEqual([3, 7]);
  });
  it("initializes weight and bias in U(±1/√fanIn), as PyTorch", () => {
    manualSeed(2);
    const conv = new Conv1d(8, 16, 5);
    const bound = 1 / Math.sqrt(8 * 5);
    for (const t of [conv.weight, conv.bias!]) {
      const v = t.toArray();
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(bound);
      expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(bound * 0.8);
    }
  });
  it("gradchecks input, weight and bias", () => {
    manualSeed(3);
    expectModuleGradcheck(new Conv1d(2, 3, 3, { dilation: 2, padding: 2 }), [randn([2, 2, 6])]);
  });
  it("rejects bad arguments", () => {
    expect(() => new Conv1d(3, 4, 0)).toThrow(/kernelSize/);
    expect(() => new Conv1d(3, 4, 2, { groups: 2 })).toThrow(/divisible by groups/);
    expect(() => new Conv1d(3, 4, 2, { padding: "same", stride: 2 })).toThrow(/stride 1/);
    expect(() => new Conv1d(3, 4, 2, { padding: -1 })).toThrow(/padding/);
    expect(() => new Conv1d(3, 4, 2).forward(randn([1, 2, 5]))).toThrow(ShapeError);
  });
});

describe("GroupNorm", () => {
  it("normalizes every (sample, group) to zero mean and unit variance", () => {
    manualSeed(4);
    const y = groupNorm(randn([2, 6, 5]).mul(3).add(2), 3, null, null, 0).reshape([2, 3, 10]);
    expectClose(y.mean(2), tensor(new Array(6).fill(0), [2, 3]), "mean", 1e-5, 0);
    expectClose(y.var(2, false, 0), tensor(new Array(6).fill(1), [2, 3]), "variance", 1e-4, 0);
  });
  it("with one group equals layerNorm over channels and spatial dims", () => {
    manualSeed(5);
    const x = randn([2, 3, 4]);
    expectClose(groupNorm(x, 1), layerNorm(x, [3, 4]), "one group", 1e-5, 1e-5);
  });
  it("has per-channel weight (ones) and bias (zeros), or none without affine", () => {
    const gn = new GroupNorm(2, 4);
    expect(gn.weight!.toArray()).toEqual([1, 1, 1, 1]);
    expect(gn.bias!.toArray()).toEqual([0, 0, 0, 0]);
    expect(new GroupNorm(2, 4, { affine: false }).parameters()).toEqual([]);
  });
  it("gradchecks input, weight and bias", () => {
    manualSeed(6);
    const gn = new GroupNorm(2, 4, { eps: 1e-3 });
    noGrad(() => {
      gn.weight!.copy_(randn([4]));
      gn.bias!.copy_(randn([4]));
    });
    expectModuleGradcheck(gn, [randn([2, 4, 3])], { atol: 2e-3 });
  });
  it("rejects bad arguments and inputs", () => {
    expect(() => new GroupNorm(3, 4)).toThrow(/divisible by numGroups/);
    expect(() => new GroupNorm(0, 4)).toThrow(/numGroups/);
    expect(() => new GroupNorm(2, 4, { eps: 0 })).toThrow(/eps/);
    expect(() => new GroupNorm(2, 4).forward(randn([2, 6, 3]))).toThrow(/weight must be \[6\]|do not split/);
    expect(() => groupNorm(randn([4]), 2)).toThrow(ShapeError);
    expect(() => groupNorm(randn([2, 4]), 3)).toThrow(/do not split/);
  });
});
