// Occlusion, FeatureAblation, the Shapley methods, KernelSHAP and LIME: hand-computed values on tiny
// models, agreement of the estimators with exact Shapley values, and the batching/seed invariances.
import { type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import type { AttributionError } from "./errors";
import { FeatureAblation } from "./feature-ablation";
import { KernelShap } from "./kernel-shap";
import { Lime } from "./lime";
import { Occlusion, windowStarts } from "./occlusion";
import { ShapleyValueSampling, ShapleyValues, shapleyFromCoalitionValues } from "./shapley-values";
import { expectClose, fixedValues, linearModel, reluConvNet, tinyRelu } from "./test-util";

/** A small nonlinear model on 5 features: [N, 5] → [N, 2] (fixed weights, ReLU hidden layer). */
function fiveFeatureNet(): (x: Tensor) => Tensor {
  const w1 = fixedValues(41, [5, 6]);
  const w2 = fixedValues(42, [6, 2]);
  return (x) => x.matmul(w1).relu().matmul(w2);
}

describe("shapleyFromCoalitionValues", () => {
  it("gives the textbook glove-game values (one left glove, two right gloves): 2/3, 1/6, 1/6", () => {
    // player 0 holds the left glove; a coalition is worth 1 when it holds a pair
    const v = Array.from({ length: 8 }, (_, s) => (s & 1 && s & 6 ? 1 : 0));
    expectClose(shapleyFromCoalitionValues(v, 3), [2 / 3, 1 / 6, 1 / 6], 1e-15, 0);
  });
  it("rejects a table of the wrong length", () => {
    expect(() => shapleyFromCoalitionValues([0, 1, 2], 2)).toThrow(/need 2\^2 = 4 values, got 3/);
  });
});

describe("Occlusion", () => {
  it("matches hand-computed values on a 3-feature linear model", () => {
    // f = x1 + 2x2 + 3x3 at x = (1, 1, 1), window 2, stride 1, baseline 0: window {1,2} removes 3, window
    // {2,3} removes 5; feature 1 sees only the first (3), feature 2 both (mean 4), feature 3 the second (5)
    const f = linearModel(tensor([[1], [2], [3]]));
    const r = new Occlusion(f).attribute(tensor([[1, 1, 1]]), { target: 0, slidingWindowShapes: [2] });
    expect(r.attributions.toNested()).toEqual([[3, 4, 5]]);
  });

  it("follows Captum's window positions, clipping the last window", () => {
    expect(windowStarts(5, 2, 2)).toEqual([0, 2, 4]);
    expect(windowStarts(6, 3, 3)).toEqual([0, 3]);
    expect(windowStarts(4, 4, 1)).toEqual([0]);
  });

  it("matches a plain loop over windows on a conv net, for any batch size", () => {
    const net = reluConvNet();
    const x = fixedValues(51, [2, 1, 6, 6]);
    const targets = [1, 2];
    const base = 0.5;
    const r = new Occlusion(net).attribute(x, {
      target: targets,
      slidingWindowShapes: [1, 3, 3],
      strides: [1, 2, 2],
      baselines: base,
      internalBatchSize: 4,
    });
    // reference: every window by hand; starts 0, 2, 4 per spatial dim (the last one clipped to 2×2)
    const xs = x.toNested() as number[][][][];
    const expected: number[] = [];
    targets.forEach((t, i) => {
      const fx = (net(tensor([xs[i]!])).toNested() as number[][])[0]![t]!;
      const sum = Array.from({ length: 36 }, () => 0);
      const count = Array.from({ length: 36 }, () => 0);
      for (const r0 of [0, 2, 4]) {
        for (const c0 of [0, 2, 4]) {
          const img = xs[i]!.map((ch) => ch.map((row) => [...row]));
          for (let r1 = r0; r1 < Math.min(r0 + 3, 6); r1++)
            for (let c1 = c0; c1 < Math.min(c0 + 3, 6); c1++) img[0]![r1]![c1] = base;
          const diff = fx - (net(tensor([img])).toNested() as number[][])[0]![t]!;
          for (let r1 = r0; r1 < Math.min(r0 + 3, 6); r1++) {
            for (let c1 = c0; c1 < Math.min(c0 + 3, 6); c1++) {
              sum[r1 * 6 + c1]! += diff;
              count[r1 * 6 + c1]! += 1;
            }
          }
        }
      }
      expected.push(...sum.map((s, k) => s / count[k]!));
    });
    expectClose(r.attributions.toArray(), expected, 1e-5, 1e-5);
    const again = new Occlusion(net).attribute(x, {
      target: targets,
      slidingWindowShapes: [1, 3, 3],
      strides: [1, 2, 2],
      baselines: base,
      internalBatchSize: 1000,
    });
    expect(again.attributions.toArray()).toEqual(r.attributions.toArray());
  });

  it("rejects windows that do not fit", () => {
    const occ = new Occlusion(reluConvNet());
    const x = fixedValues(1, [1, 1, 6, 6]);
    expect(() => occ.attribute(x, { target: 0 })).toThrow(
      /slidingWindowShapes must give one size per example dim \[1,6,6\], got none/,
    );
    expect(() => occ.attribute(x, { target: 0, slidingWindowShapes: [1, 7, 2] })).toThrow(
      /slidingWindowShapes\[1\] = 7 must be an integer in \[1, 6\]/,
    );
    expect(() => occ.attribute(x, { target: 0, slidingWindowShapes: [1, 2, 2], strides: [1, 0, 1] })).toThrow(
      /strides\[1\] must be a positive integer, got 0/,
    );
    expect(() => occ.attribute(x, { target: 0, slidingWindowShapes: [1, 2, 2], strides: [1, 1] })).toThrow(
      /strides \[1,1\] must give one step per example dim/,
    );
  });
});

describe("FeatureAblation", () => {
  it("matches hand-computed values on the tiny ReLU net, alone and grouped", () => {
    // f(2, 1) = 1 + 4 = 5; f(0, 1) = 0 + 2·relu(0) = 0 → 5; f(2, 0) = 2 + 2·1 = 4 → 1
    const fa = new FeatureAblation(tinyRelu);
    expect(fa.attribute(tensor([[2, 1]])).attributions.toNested()).toEqual([[5, 1]]);
    // one group: both features get f(x) − f(0) = 5
    expect(
      fa.attribute(tensor([[2, 1]]), { featureMask: tensor([0, 0]).int() }).attributions.toNested(),
    ).toEqual([[5, 5]]);
  });

  it("broadcasts a mask over channels and keeps groups per example", () => {
    // f = Σ of all elements: ablating a pixel group (both channels) removes their sum
    const f = (t: Tensor) => t.reshape([t.shape[0]!, 8]).sum(1);
    const x = tensor([
      [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [10, 20],
          [30, 40],
        ],
      ],
    ]); // [1, 2, 2, 2]
    const mask = tensor([
      [
        [0, 0],
        [1, 1],
      ],
    ]).int(); // [1, 2, 2]: top row vs bottom row, shared by both channels
    const r = new FeatureAblation(f).attribute(x, { featureMask: mask });
    expect(r.attributions.toArray()).toEqual([33, 33, 77, 77, 33, 33, 77, 77]);
  });

  it("rejects masks that do not broadcast or are not integers", () => {
    const fa = new FeatureAblation(tinyRelu);
    expect(() => fa.attribute(tensor([[2, 1]]), { featureMask: tensor([0, 1, 2]) })).toThrow(
      /featureMask \[3\] does not broadcast to input \[1,2\]/,
    );
    expect(() => fa.attribute(tensor([[2, 1]]), { featureMask: tensor([0, 0.5]) })).toThrow(
      /featureMask values must be integers, got 0.5/,
    );
  });
});

describe("Shapley values", () => {
  it("ShapleyValues gives the hand-computed values of the tiny ReLU net", () => {
    // v(∅) = 0, v({1}) = f(2, 0) = 4, v({2}) = f(0, 1) = 0, v({1, 2}) = 5:
    // φ1 = ½(4 − 0) + ½(5 − 0) = 4.5, φ2 = ½(0 − 0) + ½(5 − 4) = 0.5
    const r = new ShapleyValues(tinyRelu).attribute(tensor([[2, 1]]));
    expectClose(r.attributions.toArray(), [4.5, 0.5], 1e-6);
  });

  const net = fiveFeatureNet();
  const x = fixedValues(43, [2, 5]);
  const baselines = fixedValues(44, [1, 5], 0.3);
  const targets = [0, 1];
  const exact = new ShapleyValues(net)
    .attribute(x, { target: targets, baselines })
    .attributions.toNested() as number[][];
  const gaps = (() => {
    const fx = net(x).toNested() as number[][];
    const fb = net(baselines).toNested() as number[][];
    return targets.map((t, i) => fx[i]![t]! - fb[0]![t]!);
  })();

  it("ShapleyValueSampling is efficient exactly and agrees with exact values", () => {
    const r = new ShapleyValueSampling(net).attribute(x, {
      target: targets,
      baselines,
      nSamples: 600,
      seed: 1,
    });
    const a = r.attributions.toNested() as number[][];
    targets.forEach((_, i) => {
      expect(a[i]!.reduce((s, v) => s + v, 0)).toBeCloseTo(gaps[i]!, 4);
      const scale = exact[i]!.reduce((s, v) => s + Math.abs(v), 0);
      expectClose(a[i]!, exact[i]!, 0.05 * scale, 0);
    });
  });

  it("KernelShap equals exact Shapley values when it enumerates every coalition, and is close when sampling", () => {
    const full = new KernelShap(net)
      .attribute(x, { target: targets, baselines })
      .attributions.toNested() as number[][];
    for (let i = 0; i < targets.length; i++) expectClose(full[i]!, exact[i]!, 1e-4, 1e-4);
    const sampled = new KernelShap(net).attribute(x, { target: targets, baselines, nSamples: 20, seed: 2 });
    const a = sampled.attributions.toNested() as number[][];
    targets.forEach((_, i) => {
      expect(a[i]!.reduce((s, v) => s + v, 0)).toBeCloseTo(gaps[i]!, 4);
      const scale = exact[i]!.reduce((s, v) => s + Math.abs(v), 0);
      expectClose(a[i]!, exact[i]!, 0.1 * scale, 0);
    });
  });

  it("KernelShap sampling on 8 features agrees with exact values", () => {
    const w1 = fixedValues(45, [8, 5]);
    const w2 = fixedValues(46, [5, 1]);
    const f = (t: Tensor) => t.matmul(w1).relu().matmul(w2);
    const x8 = fixedValues(47, [1, 8]);
    const ref = new ShapleyValues(f).attribute(x8, { target: 0 }).attributions.toArray();
    const est = new KernelShap(f)
      .attribute(x8, { target: 0, nSamples: 1500, seed: 5 })
      .attributions.toArray();
    const scale = ref.reduce((s, v) => s + Math.abs(v), 0);
    expectClose(est, ref, 0.05 * scale, 0);
  });

  it("is deterministic under a seed and independent of batch size and of per-example targets", () => {
    for (const M of [ShapleyValueSampling, KernelShap, Lime] as const) {
      const m = new M(net);
      const opts = { target: targets, baselines, nSamples: 12, seed: 7 };
      const a = m.attribute(x, { ...opts, internalBatchSize: 1 }).attributions.toArray();
      expect(m.attribute(x, { ...opts, internalBatchSize: 1000 }).attributions.toArray(), M.name).toEqual(a);
      const alone = m.attribute(x.slice(0, 0, 1), { ...opts, target: 0 }).attributions.toArray();
      expect(alone, M.name).toEqual(a.slice(0, 5));
    }
  });

  it("refuses exact enumeration over too many features", () => {
    const wide = linearModel(fixedValues(1, [20, 1]));
    expect(() => new ShapleyValues(wide).attribute(fixedValues(2, [1, 20]), { target: 0 })).toThrow(
      /example 0 has 20 features: exact Shapley values need 2\^20 model rows/,
    );
    try {
      new ShapleyValues(wide).attribute(fixedValues(2, [1, 20]), { target: 0 });
    } catch (e) {
      expect((e as AttributionError).code).toBe("TOO_MANY_FEATURES");
    }
  });
});

describe("Lime", () => {
  it("recovers w ⊙ x exactly on a linear model with a zero baseline", () => {
    // f(x_z) = Σ_j z_j w_j x_j + b is linear in z, so the weighted fit is exact whatever the weights
    const w = tensor([[1.5], [-2], [0.5], [3]]);
    const f = linearModel(w, tensor([0.7]));
    const x = tensor([[2, 1, -4, 0.5]]);
    const r = new Lime(f).attribute(x, { target: 0, nSamples: 40, seed: 3 });
    expectClose(r.attributions.toArray(), [3, -2, -2, 1.5], 1e-4, 1e-4);
    const e = new Lime(f).attribute(x, {
      target: 0,
      nSamples: 40,
      seed: 3,
      distance: "euclidean",
      kernelWidth: 2,
    });
    expectClose(e.attributions.toArray(), [3, -2, -2, 1.5], 1e-4, 1e-4);
  });

  it("rejects bad kernel options", () => {
    const lime = new Lime(tinyRelu);
    expect(() => lime.attribute(tensor([[1, 2]]), { kernelWidth: 0 })).toThrow(/kernelWidth must be > 0/);
    expect(() => lime.attribute(tensor([[1, 2]]), { distance: "l1" as never })).toThrow(
      /distance must be "cosine"/,
    );
  });
});
