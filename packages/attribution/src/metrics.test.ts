// Faithfulness and sanity metrics: deletion/insertion curves, infidelity, max-sensitivity, rank
// correlation and cascading randomisation, checked on models whose answers follow from the math.
import { type Generator, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { deletionCurve, insertionCurve, trapezoidAuc } from "./deletion-insertion";
import { infidelity } from "./infidelity";
import { InputXGradient } from "./input-x-gradient";
import { IntegratedGradients } from "./integrated-gradients";
import { cascadingRandomization } from "./randomization";
import { mapSimilarity, pearsonCorrelation, rankData, spearmanCorrelation } from "./rank-correlation";
import { Saliency } from "./saliency";
import { sensitivityMax } from "./sensitivity";
import { expectClose, fixedValues, linearModel } from "./test-util";

describe("deletion and insertion curves", () => {
  // f = x1 + 2x2 + 3x3 + 4x4 at x = 1: attributions (1, 2, 3, 4) delete feature 4 first.
  const f = linearModel(tensor([[1], [2], [3], [4]]));
  const x = tensor([[1, 1, 1, 1]]);
  const attr = tensor([[1, 2, 3, 4]]);

  it("match the hand-computed curves and AUCs", () => {
    const del = deletionCurve(f, x, attr, { target: 0 });
    expect(del.fractions).toEqual([[0, 0.25, 0.5, 0.75, 1]]);
    expect(del.scores).toEqual([[10, 6, 3, 1, 0]]);
    // 0.25 · ((10 + 6)/2 + (6 + 3)/2 + (3 + 1)/2 + (1 + 0)/2) = 3.75
    expect(del.auc[0]).toBeCloseTo(3.75, 12);
    const ins = insertionCurve(f, x, attr, { target: 0 });
    expect(ins.scores).toEqual([[0, 4, 7, 9, 10]]);
    expect(ins.auc[0]).toBeCloseTo(6.25, 12);
  });

  it("take fewer steps, groups and baselines", () => {
    const del = deletionCurve(f, x, attr, { target: 0, nSteps: 2, baselines: 0.5 });
    // k = 0, 2, 4: removing features 4 and 3 to 0.5 leaves 1 + 2 + 1.5 + 2 = 6.5; all at 0.5 gives 5
    expect(del.scores).toEqual([[10, 6.5, 5]]);
    const grouped = deletionCurve(f, x, attr, { target: 0, featureMask: tensor([0, 0, 1, 1]).int() });
    expect(grouped.scores).toEqual([[10, 3, 0]]);
  });

  it("rank IG above a reversed ranking on a linear model", () => {
    const w = fixedValues(61, [6, 1]);
    const model = linearModel(w);
    const input = fixedValues(62, [2, 6]);
    const ig = new IntegratedGradients(model).attribute(input, { target: 0 }).attributions;
    const reversed = ig.neg();
    const good = deletionCurve(model, input, ig, { target: 0 }).auc;
    const bad = deletionCurve(model, input, reversed, { target: 0 }).auc;
    for (let i = 0; i < 2; i++) expect(good[i]!).toBeLessThan(bad[i]!);
  });

  it("reject mismatched attributions and too many steps", () => {
    expect(() => deletionCurve(f, x, tensor([[1, 2, 3]]), { target: 0 })).toThrow(
      /attributions \[1,3\] must have the input's shape \[1,4\]/,
    );
    expect(() => insertionCurve(f, x, attr, { target: 0, nSteps: 5 })).toThrow(
      /nSteps 5 exceeds the 4 features/,
    );
    expect(() => trapezoidAuc([0, 1], [1])).toThrow(/got 2 x values and 1 y values/);
  });
});

describe("infidelity", () => {
  it("is 0 for the gradient of a linear model (Iᵀw = f(x) − f(x − I) exactly)", () => {
    const w = tensor([[1], [-2], [0.5]]);
    const model = linearModel(w);
    const x = tensor([
      [1, 2, 3],
      [0.5, -1, 2],
    ]);
    const attr = new Saliency(model).attribute(x, { target: 0, abs: false }).attributions;
    for (const v of infidelity(model, x, attr, { target: 0, noiseStd: 0.1, seed: 1 }))
      expect(v).toBeLessThan(1e-10);
  });

  it("matches hand-computed values, with and without normalisation", () => {
    // f = x1² + x2 at x = (1, 1), Φ = ∇f = (2, 1); perturbations I = (1, 0) then (0.5, 0):
    // IᵀΦ = 2, 1; Δf = f(1,1) − f(0,1) = 1, f(1,1) − f(0.5,1) = 0.75 → mean((2−1)², (1−0.75)²) = 0.53125.
    // Normalised: β = (2·1 + 1·0.75)/(4 + 1) = 0.55 → mean((1.1−1)², (0.55−0.75)²) = 0.025.
    const model = (t: Tensor) => t.select(1, 0).square().add(t.select(1, 1));
    const x = tensor([[1, 1]]);
    const attr = tensor([[2, 1]]);
    let call = 0;
    const perturbFn = (input: Tensor, _g: Generator) => {
      const I = tensor([[call++ === 0 ? 1 : 0.5, 0]]);
      return { perturbations: I, perturbed: input.sub(I) };
    };
    expect(infidelity(model, x, attr, { perturbFn, nPerturbSamples: 2 })[0]).toBeCloseTo(0.53125, 10);
    call = 0;
    expect(infidelity(model, x, attr, { perturbFn, nPerturbSamples: 2, normalize: true })[0]).toBeCloseTo(
      0.025,
      10,
    );
  });

  it("rejects a perturbation of the wrong shape", () => {
    const model = (t: Tensor) => t.sum(1);
    expect(() =>
      infidelity(model, tensor([[1, 2]]), tensor([[1, 1]]), {
        perturbFn: () => ({ perturbations: tensor([1]), perturbed: tensor([1]) }),
      }),
    ).toThrow(/perturbFn must return \{ perturbations, perturbed \}, both tensors shaped \[1,2\]/);
    expect(() => infidelity(model, tensor([[1, 2]]), tensor([[1]]))).toThrow(
      /attributions \[1,1\] must have/,
    );
  });
});

describe("sensitivityMax", () => {
  const w = tensor([[1], [2]]);
  const model = linearModel(w);
  const x = tensor([[3, 4]]);

  it("is 0 for a constant explanation and matches the hand value for x ⊙ w", () => {
    const sal = new Saliency(model);
    expect(sensitivityMax((t) => sal.attribute(t, { target: 0 }).attributions, x)).toEqual([0]);
    // Φ = x ⊙ w = (3, 8), ‖Φ‖ = √73; δ = (0.1, 0) then (0, 0.1) change Φ by (0.1, 0) and (0, 0.2)
    const ixg = new InputXGradient(model);
    let call = 0;
    const perturbFn = (t: Tensor) => t.add(tensor([call++ === 0 ? [0.1, 0] : [0, 0.1]]));
    const s = sensitivityMax((t) => ixg.attribute(t, { target: 0 }).attributions, x, {
      perturbFn,
      nPerturbSamples: 2,
    });
    expect(s[0]).toBeCloseTo(0.2 / Math.sqrt(73), 6);
    call = 0;
    const inf = sensitivityMax((t) => ixg.attribute(t, { target: 0 }).attributions, x, {
      perturbFn,
      nPerturbSamples: 2,
      norm: "inf",
    });
    expect(inf[0]).toBeCloseTo(0.2 / 8, 6);
  });

  it("stays within the bound r‖w‖/‖x ⊙ w‖ with the default uniform perturbation, deterministically", () => {
    const ixg = new InputXGradient(model);
    const explain = (t: Tensor) => ixg.attribute(t, { target: 0 }).attributions;
    const s = sensitivityMax(explain, x, { perturbRadius: 0.05, seed: 2 });
    expect(s[0]!).toBeGreaterThan(0);
    expect(s[0]!).toBeLessThanOrEqual((0.05 * Math.sqrt(5)) / Math.sqrt(73) + 1e-7);
    expect(sensitivityMax(explain, x, { perturbRadius: 0.05, seed: 2 })).toEqual(s);
  });

  it("rejects explanations of the wrong shape", () => {
    expect(() => sensitivityMax(() => tensor([1]), x)).toThrow(/explain returned \[1\] for input \[1,2\]/);
    expect(() => sensitivityMax((t) => t, x, { norm: "l1" as never })).toThrow(/norm must be "fro" or "inf"/);
  });
});

describe("rank correlation", () => {
  it("reproduces Wikipedia's Spearman example (IQ vs hours of TV): ρ = −29/165", () => {
    // https://en.wikipedia.org/wiki/Spearman%27s_rank_correlation_coefficient#Example
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearmanCorrelation(iq, tv)).toBeCloseTo(-29 / 165, 12);
  });

  it("averages tied ranks", () => {
    expect(Array.from(rankData([10, 20, 20, 30]))).toEqual([1, 2.5, 2.5, 4]);
    // ranks (1, 2.5, 2.5, 4) vs (1, 2, 3, 4): Σ dd = 4.5, Σ da² = 4.5, Σ db² = 5 → √(4.5/5)
    expect(spearmanCorrelation([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(Math.sqrt(0.9), 12);
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 1, 1], [2, 4, 6])).toBeNaN();
  });

  it("compares maps per example, optionally by magnitude", () => {
    const a = tensor([
      [1, -2, 3],
      [1, 2, 3],
    ]);
    const b = tensor([
      [-1, 2, -3],
      [3, 2, 1],
    ]);
    expectClose(mapSimilarity(a, b), [-1, -1], 1e-12);
    expectClose(mapSimilarity(a, b, { abs: true }), [1, -1], 1e-12);
    expect(() => mapSimilarity(a, tensor([[1, 2]]))).toThrow(/must have the same shape/);
    expect(() => spearmanCorrelation([1], [2])).toThrow(/need two equally long series of ≥ 2 values/);
  });
});

describe("cascadingRandomization", () => {
  const params = {
    "fc1.weight": fixedValues(71, [4, 3]),
    "fc1.bias": fixedValues(72, [4]),
    "fc2.weight": fixedValues(73, [2, 4]),
  };

  it("re-draws one more layer per step, top first, and leaves the rest untouched", () => {
    const steps = cascadingRandomization(params, ["fc2.weight", ["fc1.weight", "fc1.bias"]], { seed: 1 });
    expect(steps.map((s) => s.randomized)).toEqual([
      ["fc2.weight"],
      ["fc2.weight", "fc1.weight", "fc1.bias"],
    ]);
    expect(steps[0]!.params["fc1.weight"]).toBe(params["fc1.weight"]);
    expect(steps[0]!.params["fc2.weight"]!.toArray()).not.toEqual(params["fc2.weight"].toArray());
    expect(steps[1]!.params["fc2.weight"]).toBe(steps[0]!.params["fc2.weight"]);
    expect(steps[1]!.params["fc1.bias"]!.shape).toEqual([4]);
    const again = cascadingRandomization(params, ["fc2.weight", ["fc1.weight", "fc1.bias"]], { seed: 1 });
    expect(again[1]!.params["fc1.weight"]!.toArray()).toEqual(steps[1]!.params["fc1.weight"]!.toArray());
  });

  it("rejects unknown and repeated names", () => {
    expect(() => cascadingRandomization(params, ["fc3.weight"])).toThrow(
      /no tensor named "fc3.weight"; known: fc1.weight/,
    );
    expect(() => cascadingRandomization(params, ["fc2.weight", "fc2.weight"])).toThrow(
      /"fc2.weight" is listed twice/,
    );
  });
});
