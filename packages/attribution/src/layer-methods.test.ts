// Hook-based methods on @paramlens/nn models: Grad-CAM against a reference computed from activations
// and gradients, guided backprop / deconvolution against hand-derived values, Layer IG on an embedding,
// layer activations, dead/saturated units, and no hook left behind after an error.
import { Conv2d, Embedding, Flatten, Linear, Module, ReLU, Sequential, Tanh } from "@paramlens/nn";
import { grad, noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import fixture from "./fixtures/conv-net.json";
import { GuidedGradCam, LayerGradCam } from "./grad-cam";
import { Deconvolution, GuidedBackprop } from "./guided-backprop";
import { interpolate } from "./interpolate";
import { LayerActivation } from "./layer-activation";
import { LayerIntegratedGradients } from "./layer-integrated-gradients";
import { Saliency } from "./saliency";
import { expectClose, fixedValues } from "./test-util";
import { unitActivity } from "./unit-activity";

function load(m: Module, values: Record<string, Tensor>): void {
  noGrad(() => {
    for (const [k, v] of Object.entries(values)) m.getParameter(k).copy_(v);
  });
}

/** f(x) = relu(x1 − x2) − 2 relu(x1 + x2 − 1) as nn layers: [N, 2] → [N, 1]. */
function tinyReluNet(): Sequential {
  const net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1, { bias: false }));
  load(net, {
    "0.weight": tensor([
      [1, -1],
      [1, 1],
    ]),
    "0.bias": tensor([0, -1]),
    "2.weight": tensor([[1, -2]]),
  });
  return net;
}

/** conv 3×3 (2 channels) → ReLU → flatten → linear: [N, 1, 6, 6] → [N, 3]. */
function convNet(): Sequential {
  const net = new Sequential(new Conv2d(1, 2, 3), new ReLU(), new Flatten(), new Linear(32, 3));
  load(net, {
    "0.weight": fixedValues(81, [2, 1, 3, 3], 0.5),
    "0.bias": fixedValues(82, [2], 0.1),
    "3.weight": fixedValues(83, [3, 32], 0.3),
    "3.bias": fixedValues(84, [3], 0.1),
  });
  return net;
}

describe("GuidedBackprop and Deconvolution", () => {
  // W (in → hidden) = [[1, 1], [−1, 1]], v = (1, −2); ∂f/∂x = W·g for a hidden gradient g.
  // At (0, 2) unit 1 is off, unit 2 on: plain g = (0, −2) → (−2, −2); guided ReLU((0, −2)) = 0 → (0, 0);
  // deconvolution ReLU(v) = (1, 0) → (1, −1). At (2, 1) both are on: plain (−1, −3), guided and deconv (1, −1).
  const x = tensor([
    [0, 2],
    [2, 1],
  ]);

  it("change the ReLU backward rule as the hand derivation says", () => {
    const net = tinyReluNet();
    expect(new Saliency(net).attribute(x, { abs: false }).attributions.toNested()).toEqual([
      [-2, -2],
      [-1, -3],
    ]);
    expect(new GuidedBackprop(net).attribute(x).attributions.toNested()).toEqual([
      [0, 0],
      [1, -1],
    ]);
    expect(new Deconvolution(net).attribute(x).attributions.toNested()).toEqual([
      [1, -1],
      [1, -1],
    ]);
    // the hooks are gone afterwards: plain gradients again
    expect(new Saliency(net).attribute(x, { abs: false }).attributions.toNested()).toEqual([
      [-2, -2],
      [-1, -3],
    ]);
  });

  it("leave no hook registered when attribute throws, and refuse models without ReLU modules", () => {
    const net = tinyReluNet();
    expect(() => new GuidedBackprop(net).attribute(x, { target: 3 })).toThrow(
      /a target needs model outputs \[N, C\]|out of range/,
    );
    expect(new Saliency(net).attribute(x, { abs: false }).attributions.toNested()).toEqual([
      [-2, -2],
      [-1, -3],
    ]);
    expect(() => new GuidedBackprop((t: Tensor) => t.relu())).toThrow(/must be an nn Module/);
    expect(() => new GuidedBackprop(new Sequential(new Linear(2, 1)))).toThrow(
      /the model has no ReLU module/,
    );
  });
});

describe("LayerGradCam", () => {
  const net = convNet();
  const x = fixedValues(85, [2, 1, 6, 6]);
  const targets = [2, 0];

  it("matches Grad-CAM computed by hand from the conv layer's activations and gradients", () => {
    const cam = new LayerGradCam(net, "0").attribute(x, { target: targets, upsample: false }).attributions;
    expect(cam.shape).toEqual([2, 1, 4, 4]);
    // reference: A = conv(x) as a leaf, the rest of the net on top, g = ∂y_t/∂A, α_k = mean g_k, ReLU(Σ α_k A_k)
    const conv = net.getSubmodule("0");
    const a = noGrad(() => conv.call(x) as Tensor).requiresGrad_(); // [2, 2, 4, 4]
    const rest = (t: Tensor) =>
      net.getSubmodule("3").call(net.getSubmodule("2").call(net.getSubmodule("1").call(t))) as Tensor;
    const y = rest(a); // [2, 3]
    const picked = y
      .select(1, 0)
      .mul(tensor([0, 1]))
      .add(y.select(1, 2).mul(tensor([1, 0]))); // y[0,2], y[1,0]
    const [g] = grad(picked.sum(), a) as [Tensor];
    const av = a.toNested() as number[][][][];
    const gv = g.toNested() as number[][][][];
    const expected: number[] = [];
    for (let i = 0; i < 2; i++) {
      const alpha = [0, 1].map((k) => gv[i]![k]!.flat().reduce((s, v) => s + v, 0) / 16);
      for (let r = 0; r < 4; r++)
        for (let c = 0; c < 4; c++)
          expected.push(Math.max(0, alpha[0]! * av[i]![0]![r]![c]! + alpha[1]! * av[i]![1]![r]![c]!));
    }
    expectClose(cam.toArray(), expected, 1e-6, 1e-5);
    // upsampled to the input's 6×6 with the same bilinear rule
    const up = new LayerGradCam(net, "0").attribute(x, { target: targets }).attributions;
    expect(up.shape).toEqual([2, 1, 6, 6]);
    expect(up.toArray()).toEqual(interpolate(cam, [6, 6], "bilinear").toArray());
  });

  it("is independent of the batch size and removes its hook after an error", () => {
    const gc = new LayerGradCam(net, net.getSubmodule("1"));
    const a = gc.attribute(x, { target: targets, internalBatchSize: 1 }).attributions.toArray();
    expect(gc.attribute(x, { target: targets }).attributions.toArray()).toEqual(a);
    expect(() => gc.attribute(x, { target: 7 })).toThrow(/target 7 is out of range for 3 outputs/);
    // a leftover hook would swap the layer output for a detached leaf and cut the conv weights' gradient
    const w = net.getParameter("0.weight");
    w.zeroGrad();
    (net.call(x) as Tensor).sum().backward();
    expect(w.grad).not.toBeNull();
    net.zeroGrad();
  });

  it("Guided Grad-CAM is guided backprop times the nearest-resized map", () => {
    const ggc = new GuidedGradCam(net, "0").attribute(x, { target: targets }).attributions;
    const gb = new GuidedBackprop(net).attribute(x, { target: targets }).attributions;
    const cam = new LayerGradCam(net, "0").attribute(x, {
      target: targets,
      upsample: "nearest",
    }).attributions;
    expect(ggc.toArray()).toEqual(gb.mul(cam).toArray());
  });

  it("rejects unknown layers", () => {
    expect(() => new LayerGradCam(net, "9")).toThrow(/no layer "9"/);
    expect(() => new LayerGradCam((t: Tensor) => t, "0")).toThrow(/the model must be an nn Module/);
  });
});

describe("interpolate", () => {
  it("matches PyTorch's F.interpolate (nearest, bilinear with align_corners=False)", () => {
    const m = tensor(fixture.interpolate.map, [1, 2, 2, 3]);
    expectClose(interpolate(m, [5, 4], "nearest").toArray(), fixture.interpolate.nearest, 1e-6, 0);
    expectClose(interpolate(m, [5, 4], "bilinear").toArray(), fixture.interpolate.bilinear, 1e-6, 1e-6);
    expect(() => interpolate(tensor([1, 2]), [2, 2])).toThrow(/expected maps \[N, C, h, w\], got \[2\]/);
  });
});

/** tokens [N, T] → embedding [N, T, 4] → (tanh?) → mean over T → linear → [N, 2] */
class TextClassifier extends Module<[Tensor], Tensor> {
  readonly emb: Embedding;
  readonly fc: Linear;
  constructor(private readonly squash: boolean) {
    super();
    this.emb = this.registerModule("emb", new Embedding(10, 4));
    this.fc = this.registerModule("fc", new Linear(4, 2));
    load(this, {
      "emb.weight": fixedValues(91, [10, 4]),
      "fc.weight": fixedValues(92, [2, 4]),
      "fc.bias": fixedValues(93, [2]),
    });
  }
  override forward(tokens: Tensor): Tensor {
    const e = this.emb.call(tokens); // [N, T, 4]
    return this.fc.call((this.squash ? e.tanh() : e).mean(1)); // [N, 2]
  }
}

describe("LayerIntegratedGradients on an embedding", () => {
  const tokens = tensor([
    [3, 1, 4],
    [5, 9, 2],
  ]).int();

  it("is exact on a model linear after the embedding: attr[n,t,d] = (E[x_t] − E[pad])_d · W[c,d] / T", () => {
    const model = new TextClassifier(false);
    const r = new LayerIntegratedGradients(model, "emb").attribute(tokens, {
      target: [1, 0],
      baselines: 0,
      nSteps: 5,
      returnConvergenceDelta: true,
    });
    expect(r.attributions.shape).toEqual([2, 3, 4]);
    const e = model.emb.weight.toNested() as number[][];
    const w = model.fc.weight.toNested() as number[][];
    const ids = tokens.toNested() as number[][];
    const expected = [1, 0].flatMap((c, i) =>
      ids[i]!.flatMap((id) => [0, 1, 2, 3].map((d) => ((e[id]![d]! - e[0]![d]!) * w[c]![d]!) / 3)),
    );
    expectClose(r.attributions.toArray(), expected, 1e-6, 1e-5);
    for (const dl of r.delta!) expect(Math.abs(dl)).toBeLessThan(1e-5);
  });

  it("is complete within 1% at 64 Gauss–Legendre steps through tanh, for any batch size", () => {
    const model = new TextClassifier(true);
    const lig = new LayerIntegratedGradients(model, model.emb);
    const r = lig.attribute(tokens, {
      target: [0, 1],
      nSteps: 64,
      returnConvergenceDelta: true,
      internalBatchSize: 7,
    });
    const out = model.call(tokens).toNested() as number[][];
    const base = model.call(tensor([[0, 0, 0]]).int()).toNested() as number[][];
    [0, 1].forEach((c, i) => {
      const gap = out[i]![c]! - base[0]![c]!;
      expect(Math.abs(r.delta![i]!)).toBeLessThanOrEqual(0.01 * Math.abs(gap));
    });
    const perToken = r.attributions.sum(2).toNested() as number[][]; // one score per token
    expect(perToken[0]).toHaveLength(3);
    expect(lig.attribute(tokens, { target: [0, 1], nSteps: 64 }).attributions.toArray()).toEqual(
      r.attributions.toArray(),
    );
  });

  it("uses a [1, T] baseline for every example, as Captum broadcasts it", () => {
    const lig = new LayerIntegratedGradients(new TextClassifier(true), "emb");
    const one = tensor([[7, 0, 7]]).int();
    const full = tensor([
      [7, 0, 7],
      [7, 0, 7],
    ]).int();
    const opts = { target: [1, 0], nSteps: 8, returnConvergenceDelta: true } as const;
    const a = lig.attribute(tokens, { ...opts, baselines: one });
    const b = lig.attribute(tokens, { ...opts, baselines: full });
    expect(a.attributions.toArray()).toEqual(b.attributions.toArray());
    expect(a.delta).toEqual(b.delta);
  });

  it("rejects baselines of another shape or dtype", () => {
    const lig = new LayerIntegratedGradients(new TextClassifier(false), "emb");
    expect(() => lig.attribute(tokens, { target: 0, baselines: tensor([[0, 0, 0]]) })).toThrow(
      /baselines \[1,3\] \(float32\) must match input \[2,3\] \(int32\)/,
    );
    expect(() => lig.attribute(tokens, { target: 0, baselines: tensor([[0, 0]]).int() })).toThrow(
      /baselines \[1,2\] \(int32\) must match input \[2,3\]/,
    );
  });
});

describe("LayerActivation and unitActivity", () => {
  it("captures a layer's output", () => {
    const net = tinyReluNet();
    // hidden pre-activations at (0, 2): (−2, 1) → ReLU (0, 1)
    expect(new LayerActivation(net, "1").attribute(tensor([[0, 2]])).toNested()).toEqual([[0, 1]]);
  });

  it("finds a unit killed by a large negative bias, with hand-computed off fractions", () => {
    const net = new Sequential(new Linear(3, 4), new ReLU());
    load(net, {
      "0.weight": tensor([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [1, 1, 1],
      ]),
      "0.bias": tensor([0, 0, -100, 0]),
    });
    const x = tensor([
      [1, 1, 1],
      [-1, -1, -1],
      [1, -1, 0.5],
    ]);
    const [r] = unitActivity(net, ["1"], x, { internalBatchSize: 2 });
    // unit 0 off on row 2; unit 1 on rows 2, 3; unit 2 always (bias −100); unit 3 (sums 3, −3, 0.5) on row 2
    expectClose(r!.fractionInactive, [1 / 3, 2 / 3, 1, 1 / 3], 1e-12, 0);
    expect(r!.dead).toEqual([2]);
  });

  it("reports saturated tanh units", () => {
    const net = new Sequential(new Linear(1, 2), new Tanh());
    load(net, { "0.weight": tensor([[10], [0.1]]), "0.bias": tensor([0, 0]) });
    const [r] = unitActivity(net, ["1"], tensor([[1], [-1], [0.05]]), {
      saturation: { low: -0.99, high: 0.99 },
    });
    // tanh(±10) is saturated, tanh(0.5) is not; unit 1 never is
    expectClose(r!.fractionSaturated!, [2 / 3, 0], 1e-12, 0);
    expect(r!.alwaysSaturated).toEqual([]);
    expect(() => unitActivity(net, ["1"], tensor([[1]]), { unitDim: 2 })).toThrow(
      /unitDim 2 must index a non-batch dim/,
    );
  });
});
