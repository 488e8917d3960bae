// DeepLIFT through MaxPool2d (Captum's max-pool rule): values derived by hand from the rule where the max
// switches between input and reference, and summation-to-delta on a conv net with padded and overlapping
// max pools. No Captum reference fixture: captum is not installed here (`import captum` fails).
import { Conv2d, Flatten, Linear, MaxPool2d, type Module, ReLU, Sequential } from "@paramlens/nn";
import { noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { DeepLift } from "./deep-lift";
import { DeepLiftShap } from "./deep-lift-shap";
import { expectClose, fixedValues } from "./test-util";

function load(m: Module, values: Record<string, Tensor>): void {
  noGrad(() => {
    for (const [k, v] of Object.entries(values)) m.getParameter(k).copy_(v);
  });
}

/** [N, 1, 1, W] → max-pool 1×2 → flatten → w·p (no bias) → [N, 1] */
function poolThenLinear(w: number[], stride: number): Sequential {
  const net = new Sequential(
    new MaxPool2d([1, 2], { stride: [1, stride] }),
    new Flatten(),
    new Linear(2, 1, { bias: false }),
  );
  load(net, { "2.weight": tensor([w]) });
  return net;
}

describe("DeepLift through MaxPool2d", () => {
  it("matches the hand-derived rule when the max switches between input and reference", () => {
    // f = 2·max(a1, a2) − max(a3, a4); gradient reaching the pooled cells g = (2, −1).
    // Row 0: x = (1, 3, 2, 0), x0 = (0, 2, 1, 4), Δx = (1, 1, 1, −4).
    //   cell 1: y = 3 (at a2), y0 = 2 (at a2), M = 3: g·(M − y0) = 2 at x's argmax a2 → 2 / Δx = 2; attr 2.
    //   cell 2: y = 2 (at a3), y0 = 4 (at a4), M = 4: x's term g·0; ref's term g·(y − M) = −1·(−2) = 2 at a4
    //   → 2 / (−4) = −0.5; attr (−4)(−0.5) = 2. attr = (0, 2, 0, 2), Σ = 4 = f(x) − f(x0) = 4 − 0.
    //   (plain gradient ⊙ Δx would give (0, 2, −1, 0), Σ = 1.)
    // Row 1: the same pair swapped. cell 1: y = 2, y0 = 3, M = 3: ref term 2·(2 − 3) = −2 at a2, Δx = −1 → attr −2.
    //   cell 2: y = 4 (a4), y0 = 2 (a3), M = 4: x's term −1·(4 − 2) = −2 at a4, Δx = 4 → attr −2. Σ = −4.
    const net = poolThenLinear([2, -1], 2);
    const x = tensor([[[[1, 3, 2, 0]]], [[[0, 2, 1, 4]]]]);
    const baselines = tensor([[[[0, 2, 1, 4]]], [[[1, 3, 2, 0]]]]);
    const r = new DeepLift(net).attribute(x, { baselines, returnConvergenceDelta: true });
    expectClose(r.attributions.toArray(), [0, 2, 0, 2, 0, -2, 0, -2], 1e-6);
    for (const d of r.delta!) expect(Math.abs(d)).toBeLessThan(1e-6);
  });

  it("adds up the contributions of overlapping windows that share an argmax", () => {
    // stride 1: cells over (a1, a2) and (a2, a3); f = 2·max(a1, a2) + max(a2, a3), g = (2, 1).
    // x = (1, 3, 2), x0 = (2, 0, 1), Δx = (−1, 3, 1). cell 1: y = 3 (a2), y0 = 2, M = 3 → 2·1 = 2 at a2.
    // cell 2: y = 3 (a2), y0 = 1, M = 3 → 1·2 = 2 at a2. U = (0, 4, 0), attr = Δx ⊙ U/Δx = (0, 4, 0),
    // Σ = 4 = f(x) − f(x0) = 9 − 5. (Overwriting instead of adding, as max_unpool does, would give 2.)
    const net = poolThenLinear([2, 1], 1);
    const r = new DeepLift(net).attribute(tensor([[[[1, 3, 2]]]]), {
      baselines: tensor([[[[2, 0, 1]]]]),
      returnConvergenceDelta: true,
    });
    expectClose(r.attributions.toArray(), [0, 4, 0], 1e-6);
    expect(Math.abs(r.delta![0]!)).toBeLessThan(1e-6);
  });

  /** conv → ReLU → max-pool 3 (stride 2, padding 1) → conv → ReLU → max-pool 2 (stride 1) → linear */
  function convNet(): Sequential {
    const net = new Sequential(
      new Conv2d(1, 3, 3), // [N, 3, 8, 8]
      new ReLU(),
      new MaxPool2d(3, { stride: 2, padding: 1 }), // [N, 3, 4, 4], overlapping, padded
      new Conv2d(3, 4, 2), // [N, 4, 3, 3]
      new ReLU(),
      new MaxPool2d(2, { stride: 1 }), // [N, 4, 2, 2], overlapping
      new Flatten(),
      new Linear(16, 3),
    );
    load(net, {
      "0.weight": fixedValues(301, [3, 1, 3, 3], 0.6),
      "0.bias": fixedValues(302, [3], 0.2),
      "3.weight": fixedValues(303, [4, 3, 2, 2], 0.5),
      "3.bias": fixedValues(304, [4], 0.2),
      "7.weight": fixedValues(305, [3, 16], 0.5),
      "7.bias": fixedValues(306, [3], 0.1),
    });
    return net;
  }

  it("sums to f(x) − f(x0) on a conv net with max pools, for any internal batch size", () => {
    const net = convNet();
    const x = fixedValues(307, [5, 1, 10, 10]);
    const baselines = fixedValues(308, [5, 1, 10, 10], 0.8); // same scale as x: many switched maxima
    const target = [0, 1, 2, 1, 0];
    // the max does switch: some pooled cells are larger on the reference than on the input
    const pooled: Tensor[] = [];
    const h = net.getSubmodule("2").registerForwardHook((_m, _in, y) => {
      pooled.push(y as Tensor);
    });
    const fx = noGrad(() => net.call(x)).toNested() as number[][];
    const f0 = noGrad(() => net.call(baselines)).toNested() as number[][];
    h.remove();
    const [px, p0] = [pooled[0]!.toArray(), pooled[1]!.toArray()];
    const switched = px.filter((v, i) => p0[i]! > v).length;
    expect(switched).toBeGreaterThan(px.length / 10);
    expect(switched).toBeLessThan(px.length);

    const dl = new DeepLift(net);
    const r = dl.attribute(x, { target, baselines, returnConvergenceDelta: true, internalBatchSize: 2 });
    const a = r.attributions.toArray();
    for (let i = 0; i < 5; i++) {
      const diff = fx[i]![target[i]!]! - f0[i]![target[i]!]!;
      let sum = 0;
      for (let k = 0; k < 100; k++) sum += a[i * 100 + k]!;
      expect(Math.abs(sum - diff), `row ${i}: Σ attr ${sum} vs f(x) − f(x0) ${diff}`).toBeLessThanOrEqual(
        1e-5 * Math.max(1, Math.abs(diff)),
      );
      expect(Math.abs(r.delta![i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(diff)));
    }
    for (const batch of [1, 5]) {
      expect(dl.attribute(x, { target, baselines, internalBatchSize: batch }).attributions.toArray()).toEqual(
        a,
      );
    }
    // a row alone gives the same attributions as inside the batch
    const one = dl.attribute(x.slice(0, 3, 4), { target: 1, baselines: baselines.slice(0, 3, 4) });
    expectClose(one.attributions.toArray(), a.slice(300, 400), 1e-6, 1e-5);
  });

  it("DeepLiftShap keeps summation-to-delta per (example, baseline) pair through max pools", () => {
    const net = convNet();
    const r = new DeepLiftShap(net).attribute(fixedValues(309, [2, 1, 10, 10]), {
      target: [2, 0],
      baselines: fixedValues(310, [3, 1, 10, 10], 0.8),
      returnConvergenceDelta: true,
    });
    expect(r.delta).toHaveLength(6);
    for (const d of r.delta!) expect(Math.abs(d)).toBeLessThan(1e-4);
  });
});
