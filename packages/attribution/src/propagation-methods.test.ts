// DeepLIFT (rescale) and LRP (ε, z⁺) on nn models: hand-derived values, their conservation rules, and
// LRP-ε = Input × Gradient on a bias-free ReLU network.
import {
  AvgPool2d,
  Conv2d,
  Flatten,
  Linear,
  MaxPool2d,
  type Module,
  ReLU,
  Sequential,
  Sigmoid,
  Tanh,
} from "@paramlens/nn";
import { noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { DeepLift } from "./deep-lift";
import { DeepLiftShap } from "./deep-lift-shap";
import { InputXGradient } from "./input-x-gradient";
import { LRP } from "./lrp";
import { Saliency } from "./saliency";
import { expectClose, fixedValues } from "./test-util";

function load(m: Module, values: Record<string, Tensor>): void {
  noGrad(() => {
    for (const [k, v] of Object.entries(values)) m.getParameter(k).copy_(v);
  });
}

describe("DeepLift (rescale)", () => {
  it("matches the hand-derived multipliers on a tiny ReLU net", () => {
    // f = relu(x1 − x2) − 2 relu(x1 + x2 − 1); x = (2, 1), x0 = 0: z = (1, 2), z0 = (0, −1), y = (1, 2), y0 = 0.
    // m = (1/1, 2/3); hidden signal (1, −2) ⊙ m = (1, −4/3); input signal W·(1, −4/3) = (−1/3, −7/3);
    // attr = x ⊙ that = (−2/3, −7/3), Σ = −3 = f(x) − f(0).
    const net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1, { bias: false }));
    load(net, {
      "0.weight": tensor([
        [1, -1],
        [1, 1],
      ]),
      "0.bias": tensor([0, -1]),
      "2.weight": tensor([[1, -2]]),
    });
    const r = new DeepLift(net).attribute(tensor([[2, 1]]), { returnConvergenceDelta: true });
    expectClose(r.attributions.toArray(), [-2 / 3, -7 / 3], 1e-6);
    expect(Math.abs(r.delta![0]!)).toBeLessThan(1e-6);
    // the hooks are gone: plain gradients again
    expect(new Saliency(net).attribute(tensor([[2, 1]]), { abs: false }).attributions.toArray()).toEqual([
      -1, -3,
    ]);
  });

  it("sums to f(x) − f(x0) on a conv net with ReLU, Tanh, Sigmoid and average pooling, for any batch size", () => {
    const net = new Sequential(
      new Conv2d(1, 3, 3),
      new ReLU(),
      new AvgPool2d(2),
      new Tanh(),
      new Flatten(),
      new Linear(12, 5),
      new Sigmoid(),
      new Linear(5, 2),
    );
    load(net, {
      "0.weight": fixedValues(101, [3, 1, 3, 3], 0.6),
      "0.bias": fixedValues(102, [3], 0.2),
      "5.weight": fixedValues(103, [5, 12], 0.5),
      "7.weight": fixedValues(104, [2, 5], 0.8),
    });
    const x = fixedValues(105, [3, 1, 6, 6]);
    const baselines = fixedValues(106, [3, 1, 6, 6], 0.3);
    const dl = new DeepLift(net);
    const r = dl.attribute(x, {
      target: [0, 1, 1],
      baselines,
      returnConvergenceDelta: true,
      internalBatchSize: 2,
    });
    for (const d of r.delta!) expect(Math.abs(d)).toBeLessThan(1e-5);
    expect(
      dl.attribute(x, { target: [0, 1, 1], baselines, internalBatchSize: 3 }).attributions.toArray(),
    ).toEqual(r.attributions.toArray());
  });

  it("DeepLiftShap averages DeepLift over a baseline distribution and keeps summation-to-delta per pair", () => {
    const net = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
    load(net, {
      "0.weight": fixedValues(107, [4, 3]),
      "0.bias": fixedValues(108, [4], 0.3),
      "2.weight": fixedValues(109, [2, 4]),
    });
    const x = fixedValues(110, [2, 3]);
    const dist = fixedValues(111, [3, 3], 0.5);
    const r = new DeepLiftShap(net).attribute(x, {
      target: [1, 0],
      baselines: dist,
      returnConvergenceDelta: true,
    });
    expect(r.delta).toHaveLength(6);
    for (const d of r.delta!) expect(Math.abs(d)).toBeLessThan(1e-5);
    // the mean of the three single-baseline DeepLift maps
    const dl = new DeepLift(net);
    const per = [0, 1, 2].map((k) =>
      dl.attribute(x, { target: [1, 0], baselines: dist.slice(0, k, k + 1) }).attributions.toArray(),
    );
    const mean = per[0]!.map((_, j) => (per[0]![j]! + per[1]![j]! + per[2]![j]!) / 3);
    expectClose(r.attributions.toArray(), mean, 1e-6, 1e-5);
    expect(() => new DeepLiftShap(net).attribute(x, { target: 0 })).toThrow(
      /baselines must be a distribution \[B, 3\] with B ≥ 1, got none/,
    );
  });

  it("refuses non-modules (max pooling is covered in deep-lift-maxpool.test.ts)", () => {
    expect(() => new DeepLift((t: Tensor) => t)).toThrow(/must be an nn Module/);
  });
});

describe("LRP", () => {
  /** bias-free: conv → ReLU → max-pool → flatten → linear → ReLU → linear */
  function biasFreeNet(): Sequential {
    const net = new Sequential(
      new Conv2d(1, 2, 3, { bias: false }),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(8, 6, { bias: false }),
      new ReLU(),
      new Linear(6, 3, { bias: false }),
    );
    load(net, {
      "0.weight": fixedValues(111, [2, 1, 3, 3], 0.6),
      "4.weight": fixedValues(112, [6, 8], 0.5),
      "6.weight": fixedValues(113, [3, 6], 0.5),
    });
    return net;
  }

  it("ε-rule equals Input × Gradient on a bias-free ReLU network and conserves relevance", () => {
    const net = biasFreeNet();
    const x = fixedValues(114, [2, 1, 6, 6]);
    const lrp = new LRP(net).attribute(x, { target: [0, 2] }).attributions;
    const ixg = new InputXGradient(net).attribute(x, { target: [0, 2] }).attributions;
    expectClose(lrp.toArray(), ixg.toArray(), 1e-6, 1e-4);
    const out = net.call(x).toNested() as number[][];
    const sums = lrp.sum([1, 2, 3]).toArray();
    expect(sums[0]!).toBeCloseTo(out[0]![0]!, 4);
    expect(sums[1]!).toBeCloseTo(out[1]![2]!, 4);
  });

  it("z⁺ rule matches a hand computation and conserves relevance", () => {
    // x = (2, 1); W1 = [[1, −1], [2, 1]] (no bias): z = (1, 5) = a; W2 = [[1, 2]]: f = 11.
    // Top: R_a = a ⊙ w⁺ / z⁺ · f = (1, 10). Unit 1 (w⁺ = (1, 0), z⁺ = 2) sends (1, 0); unit 2 (w⁺ = (2, 1),
    // z⁺ = 5) sends (2·2, 1·1)/5 · 10 = (8, 2). R_x = (9, 2), Σ = 11. (ε-rule / Input × Gradient: (10, 1).)
    const net = new Sequential(
      new Linear(2, 2, { bias: false }),
      new ReLU(),
      new Linear(2, 1, { bias: false }),
    );
    load(net, {
      "0.weight": tensor([
        [1, -1],
        [2, 1],
      ]),
      "2.weight": tensor([[1, 2]]),
    });
    const x = tensor([[2, 1]]);
    expectClose(new LRP(net).attribute(x, { rule: "zplus" }).attributions.toArray(), [9, 2], 1e-5);
    expectClose(new LRP(net).attribute(x).attributions.toArray(), [10, 1], 1e-5);
    const conv = biasFreeNet();
    const xp = fixedValues(115, [1, 1, 6, 6]).abs();
    const r = new LRP(conv).attribute(xp, { target: 1, rule: "zplus" }).attributions;
    expect(r.sum().item()).toBeCloseTo((conv.call(xp).toNested() as number[][])[0]![1]!, 4);
  });

  it("refuses layers it has no rule for, and bad options", () => {
    expect(() => new LRP(new Sequential(new Linear(2, 2), new Tanh()))).toThrow(
      /no LRP rule for Tanh \("1"\)/,
    );
    const net = new Sequential(new Linear(2, 1));
    expect(() => new LRP(net).attribute(tensor([[1, 2]]), { rule: "gamma" as never })).toThrow(
      /rule must be "epsilon" or "zplus"/,
    );
    expect(() => new LRP(net).attribute(tensor([[1, 2]]), { epsilon: -1 })).toThrow(
      /epsilon must be a finite number ≥ 0/,
    );
  });
});
