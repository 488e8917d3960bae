// Parameter statistics and spectra on small tensors whose answers are worked out by hand.
import { tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { ParameterAnalysisError } from "./errors";
import { effectiveRank, parameterSpectra, stableRank, weightSpectrum } from "./spectrum";
import { parameterStats, tensorStats } from "./tensor-stats";
import { expectClose } from "./test-util";

describe("tensorStats", () => {
  it("matches hand-computed statistics of [−2, −1, 0, 0, 1, 4]", () => {
    const s = tensorStats(
      tensor([
        [-2, -1, 0],
        [0, 1, 4],
      ]),
      { bins: 3 },
    );
    expect(s.count).toBe(6);
    expect(s.nonFinite).toBe(0);
    expect(s.mean).toBeCloseTo(1 / 3, 14);
    // E[x²] − mean² = 22/6 − 1/9 = 32/9
    expect(s.std).toBeCloseTo(Math.sqrt(32) / 3, 14);
    expect([s.min, s.max, s.l1]).toEqual([-2, 4, 8]);
    expect(s.l2).toBeCloseTo(Math.sqrt(22), 14);
    expect(s.sparsity).toBeCloseTo(2 / 6, 14);
    // edges −2, 0, 2, 4: [−2, 0) holds −2, −1; [0, 2) holds 0, 0, 1; [2, 4] holds 4
    expect(s.histogram).toEqual({ edges: [-2, 0, 2, 4], counts: [2, 3, 1] });
  });

  it("counts near-zeros with a tolerance, handles constants like numpy, and sets non-finite values aside", () => {
    expect(tensorStats(tensor([0.001, -0.002, 0.5, 1]), { zeroTolerance: 0.01 }).sparsity).toBe(0.5);
    expect(tensorStats(tensor([3, 3]), { bins: 2 }).histogram).toEqual({
      edges: [2.5, 3, 3.5],
      counts: [0, 2],
    });
    const s = tensorStats(tensor([1, Number.NaN, 3, Number.POSITIVE_INFINITY]));
    expect([s.count, s.nonFinite, s.mean, s.min, s.max]).toEqual([4, 2, 2, 1, 3]);
    expect(tensorStats(tensor([Number.NaN])).mean).toBeNaN();
  });

  it("rejects int32, empty tensors and bad options", () => {
    expect(() => tensorStats(tensor([1, 2]).int(), {}, "fc.weight")).toThrow(
      /fc.weight is int32; parameters must be float32/,
    );
    expect(() => tensorStats(tensor([]), {}, "x")).toThrow(/x \[0\] is empty/);
    expect(() => tensorStats(tensor([1]), { bins: 0 })).toThrow(/bins must be a positive integer, got 0/);
    expect(() => tensorStats(tensor([1]), { zeroTolerance: -1 })).toThrow(ParameterAnalysisError);
  });
});

describe("parameterStats", () => {
  it("reports every tensor with its role, and the totals", () => {
    const r = parameterStats({
      "fc.weight": tensor([
        [3, 0],
        [0, 4],
      ]),
      "fc.bias": tensor([0, 0]),
      scale: tensor([1]),
    });
    expect(r.entries.map((e) => [e.name, e.role, e.shape])).toEqual([
      ["fc.weight", "weight", [2, 2]],
      ["fc.bias", "bias", [2]],
      ["scale", "other", [1]],
    ]);
    expect(r.totalCount).toBe(7);
    expect(r.globalL2).toBeCloseTo(Math.sqrt(26), 14);
    expect(JSON.parse(JSON.stringify(r)).entries[1].sparsity).toBe(1);
  });
});

describe("weightSpectrum", () => {
  it("gives σ = (3√5, √5) for [[3, 0], [4, 5]] (AᵀA has eigenvalues 45 and 5)", () => {
    const s = weightSpectrum(
      tensor([
        [3, 0],
        [4, 5],
      ]),
    );
    expectClose(s.singularValues, [3 * Math.sqrt(5), Math.sqrt(5)], 1e-12, 0);
    expect(s.spectralNorm).toBeCloseTo(3 * Math.sqrt(5), 12);
    expect(s.frobeniusNorm).toBeCloseTo(Math.sqrt(50), 12);
    expect(s.stableRank).toBeCloseTo(50 / 45, 12);
    // p = (3/4, 1/4): exp(−¾ ln ¾ − ¼ ln ¼)
    expect(s.effectiveRank).toBeCloseTo(Math.exp(-0.75 * Math.log(0.75) - 0.25 * Math.log(0.25)), 12);
  });

  it("has full ranks for the identity, 1 for a rank-one matrix and 0 for zeros", () => {
    const eye = weightSpectrum(
      tensor([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]),
    );
    expect(eye.effectiveRank).toBeCloseTo(3, 12);
    expect(eye.stableRank).toBeCloseTo(3, 12);
    const outer = weightSpectrum(
      tensor([
        [1, 2, 3],
        [2, 4, 6],
      ]),
    );
    expect(outer.effectiveRank).toBeCloseTo(1, 6);
    expect(outer.stableRank).toBeCloseTo(1, 12);
    expect(effectiveRank([0, 0])).toBe(0);
    expect(stableRank([0, 0])).toBe(0);
  });

  it("reads a conv kernel [out, in, kH, kW] as [out, in·kH·kW]", () => {
    const s = weightSpectrum(tensor([[[[3, 0]]], [[[4, 5]]]])); // [2, 1, 1, 2]
    expect(s.matrixShape).toEqual([2, 2]);
    expectClose(s.singularValues, [3 * Math.sqrt(5), Math.sqrt(5)], 1e-12, 0);
  });

  it("skips 1-d tensors in a state dict and rejects them alone", () => {
    const r = parameterSpectra({
      "a.weight": tensor([
        [1, 0],
        [0, 2],
      ]),
      "a.bias": tensor([1, 2]),
    });
    expect(r.entries.map((e) => e.name)).toEqual(["a.weight"]);
    expect(r.skipped).toEqual(["a.bias"]);
    expect(() => weightSpectrum(tensor([1, 2]), "a.bias")).toThrow(/a.bias \[2\] has no spectrum/);
    expect(() => weightSpectrum(tensor([[1, Number.NaN]]), "w")).toThrow(/w holds NaN at flat index 1/);
  });
});
