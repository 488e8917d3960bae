// Neuron Integrated Gradients, Layer Conductance and activation maximisation on nn models whose answers
// follow from the math (linear pieces written out by hand).
import { Conv2d, Linear, type Module, ReLU, Sequential, Tanh } from "@paramlens/nn";
import { noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { activationMaximization } from "./activation-maximization";
import { LayerConductance } from "./layer-conductance";
import { NeuronIntegratedGradients } from "./neuron-integrated-gradients";
import { pathRule } from "./quadrature";
import { expectClose, fixedValues } from "./test-util";

function load(m: Module, values: Record<string, Tensor>): void {
  noGrad(() => {
    for (const [k, v] of Object.entries(values)) m.getParameter(k).copy_(v);
  });
}

describe("NeuronIntegratedGradients", () => {
  it("on a linear hidden unit is (x − x0) ⊙ its weight row, complete for a tanh unit", () => {
    const net = new Sequential(new Linear(3, 2), new Tanh(), new Linear(2, 1));
    load(net, {
      "0.weight": tensor([
        [1, -2, 0.5],
        [0.3, 0.2, -1],
      ]),
      "0.bias": tensor([0.1, 0]),
    });
    const x = tensor([[1, 2, 3]]);
    const nig = new NeuronIntegratedGradients(net, "0");
    // unit 0 of the Linear layer: z = x·(1, −2, 0.5) + 0.1 → IG from 0 = x ⊙ w
    expectClose(nig.attribute(x, { neuron: [0] }).attributions.toArray(), [1, -4, 1.5], 1e-6);
    const r = new NeuronIntegratedGradients(net, "1").attribute(x, {
      neuron: [1],
      nSteps: 64,
      returnConvergenceDelta: true,
    });
    // tanh(z1) with z1 = 0.3 + 0.4 − 3 = −2.3 at x and 0 at x0: Σ attr = tanh(−2.3) − tanh(0)
    expect(r.attributions.sum().item()).toBeCloseTo(Math.tanh(-2.3), 4);
    expect(Math.abs(r.delta![0]!)).toBeLessThan(1e-4);
    expect(() => nig.attribute(x, { neuron: [5] })).toThrow(
      /neuron \[5\] is not an index into the layer output \[2\]/,
    );
    expect(() => nig.attribute(x)).toThrow(/neuron must be a list/);
  });
});

describe("LayerConductance", () => {
  it("is v_j · (y_j(x) − y_j(x0)) when the model is linear after the layer", () => {
    // F = v·y + c with y = relu(Wx + b) hooked at the ReLU's output: each unit's conductance is v_j Δy_j
    const net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
    load(net, {
      "0.weight": tensor([
        [1, 1],
        [2, -1],
        [-1, 0.5],
      ]),
      "0.bias": tensor([0, 0.5, 0]),
      "2.weight": tensor([[2, -1, 3]]),
      "2.bias": tensor([0.7]),
    });
    const x = tensor([[1, 2]]);
    // y(x) = relu(3, 0.5, 0) = (3, 0.5, 0); y(0) = relu(0, 0.5, 0) = (0, 0.5, 0): Δy = (3, 0, 0)
    const lc = new LayerConductance(net, "1");
    const r = lc.attribute(x, { nSteps: 20, method: "riemann_trapezoid", returnConvergenceDelta: true });
    expectClose(r.attributions.toArray(), [6, 0, 0], 1e-5);
    expect(Math.abs(r.delta![0]!)).toBeLessThan(1e-5);
    // Captum's default places the 21 points at Gauss–Legendre nodes, which exclude α = 0 and 1: the sum
    // telescopes to v_j (y_j(α_last) − y_j(α_first)), and y_0 = 3α on the path
    const { alphas } = pathRule("gausslegendre", 21);
    const gl = lc.attribute(x, { nSteps: 20 }).attributions.toArray();
    expectClose(gl, [2 * 3 * (alphas[20]! - alphas[0]!), 0, 0], 1e-5);
    expect(() => lc.attribute(x, { nSteps: 20, methd: "riemann_left" } as never)).toThrow(
      expect.objectContaining({ code: "UNKNOWN_OPTION" }),
    );
  });

  it("is nearly complete through a nonlinearity and independent of the batch size", () => {
    const net = new Sequential(new Linear(4, 5), new Tanh(), new Linear(5, 3), new Tanh(), new Linear(3, 2));
    load(net, {
      "0.weight": fixedValues(121, [5, 4]),
      "2.weight": fixedValues(122, [3, 5]),
      "4.weight": fixedValues(123, [2, 3]),
    });
    const x = fixedValues(124, [3, 4]);
    const lc = new LayerConductance(net, "2");
    const r = lc.attribute(x, {
      target: [0, 1, 0],
      nSteps: 200,
      returnConvergenceDelta: true,
      internalBatchSize: 64,
    });
    const out = noGrad(() => net.call(x)).toNested() as number[][];
    const base = noGrad(() => net.call(tensor([[0, 0, 0, 0]]))).toNested() as number[][];
    [0, 1, 0].forEach((t, i) => {
      expect(Math.abs(r.delta![i]!)).toBeLessThanOrEqual(0.01 * Math.abs(out[i]![t]! - base[0]![t]!));
    });
    expect(
      lc.attribute(x, { target: [0, 1, 0], nSteps: 200, internalBatchSize: 7 }).attributions.toArray(),
    ).toEqual(r.attributions.toArray());
  });
});

describe("activationMaximization", () => {
  it("converges to w / (2λ) for a linear unit with an L2 penalty", () => {
    const net = new Sequential(new Linear(4, 3, { bias: false }));
    load(net, { "0.weight": fixedValues(131, [3, 4]) });
    // objective w·x − λ‖x‖² with λ = 0.5 has its maximum at x = w; plain ascent shrinks the error by 0.9 a step
    const r = activationMaximization(net, "0", {
      shape: [4],
      unit: [1],
      steps: 300,
      lr: 0.1,
      normalize: false,
      l2: 0.5,
      init: 0,
    });
    const w = (net.getParameter("0.weight").toNested() as number[][])[1]!;
    expectClose(r.input.toArray(), w, 1e-5, 1e-5);
    expect(r.history.at(-1)!).toBeGreaterThan(r.history[0]!);
  });

  it("paints a vertical edge for a vertical-edge kernel (clamped to [0, 1])", () => {
    // conv kernel columns (−1, 0, 1): each pixel's gradient is the sum of the kernel weights covering it,
    // negative in columns 0–1, zero in column 2, positive in columns 3–4 of a 5×5 image
    const conv = new Sequential(new Conv2d(1, 1, 3, { bias: false }));
    load(conv, {
      "0.weight": tensor([
        [
          [
            [-1, 0, 1],
            [-1, 0, 1],
            [-1, 0, 1],
          ],
        ],
      ]),
    });
    const r = activationMaximization(conv, "0", {
      shape: [1, 5, 5],
      channel: 0,
      steps: 40,
      lr: 0.1,
      clamp: [0, 1],
      init: 0.5,
    });
    const img = r.input.toNested() as number[][][][];
    for (const row of img[0]![0]!) expect(row).toEqual([0, 0, 0.5, 1, 1]);
  });

  it("runs with jitter and blur deterministically, and rejects bad options", () => {
    const conv = new Sequential(new Conv2d(1, 2, 3), new ReLU());
    load(conv, { "0.weight": fixedValues(132, [2, 1, 3, 3]) });
    const opts = { shape: [1, 8, 8], channel: 1, steps: 10, jitter: 2, blurEvery: 3, seed: 4 } as const;
    const a = activationMaximization(conv, "1", opts).input.toArray();
    expect(activationMaximization(conv, "1", opts).input.toArray()).toEqual(a);
    expect(() => activationMaximization(conv, "1", { shape: [1, 8, 8] })).toThrow(
      /give exactly one of channel or unit/,
    );
    expect(() => activationMaximization(conv, "1", { shape: [1, 8, 8], channel: 5 })).toThrow(
      /channel 5 is not in the layer output/,
    );
    expect(() => activationMaximization(conv, "1", { channel: 0 })).toThrow(
      /shape must list one input's positive dims/,
    );
  });
});
