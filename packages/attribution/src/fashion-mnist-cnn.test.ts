// A small CNN trained in the test on the shipped Fashion-MNIST subset (@paramlens/datasets, 2,000 train /
// 1,000 test images), then: IG completeness at 64 Gauss–Legendre steps, deletion AUC of Integrated Gradients
// and Grad-CAM against a random order, and the model-parameter randomisation check (Adebayo et al. 2018)
// comparing saliency, Grad-CAM and guided-backprop maps of the trained and the randomised model.
import { loadShippedFashionMNIST } from "@paramlens/datasets/node";
import { Adam, Conv2d, Flatten, fit, Linear, MaxPool2d, ReLU, Sequential } from "@paramlens/nn";
import { Generator, manualSeed, noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { deletionCurve } from "./deletion-insertion";
import { LayerGradCam } from "./grad-cam";
import { GuidedBackprop } from "./guided-backprop";
import { IntegratedGradients } from "./integrated-gradients";
import { cascadingRandomization } from "./randomization";
import { mapSimilarity } from "./rank-correlation";
import { Saliency } from "./saliency";

function makeNet(): Sequential {
  return new Sequential(
    new Conv2d(1, 8, 3), // [N, 8, 26, 26]
    new ReLU(),
    new MaxPool2d(2), // [N, 8, 13, 13]
    new Conv2d(8, 12, 3), // [N, 12, 11, 11]
    new ReLU(),
    new MaxPool2d(2), // [N, 12, 5, 5]
    new Flatten(),
    new Linear(300, 10),
  );
}

const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;

describe("on a Fashion-MNIST CNN trained in the test", () => {
  let net: Sequential;
  let x: Tensor; // [N, 1, 28, 28] test images
  let predicted: number[];
  let testAccuracy = 0;
  const N = 16;

  beforeAll(() => {
    manualSeed(0);
    const train = loadShippedFashionMNIST({ split: "train" });
    const test = loadShippedFashionMNIST({ split: "test" });
    net = makeNet();
    const xs = tensor(train.x, [...train.xShape]);
    const ys = tensor(train.y, [train.y.length]);
    fit(net, {
      train: { x: xs, y: ys },
      loss: "crossEntropy",
      optimizer: new Adam(net.parameters(), { lr: 3e-3 }),
      epochs: 3,
      batchSize: 50,
      seed: 1,
    });
    net.eval();
    const all = tensor(test.x, [...test.xShape]);
    const logits = noGrad(() => net.call(all)).toNested() as number[][];
    const preds = logits.map((row) => row.indexOf(Math.max(...row)));
    testAccuracy = mean(preds.map((p, i) => (p === test.y[i] ? 1 : 0)));
    // every 60th test image: a spread over the classes
    const idx = Array.from({ length: N }, (_, i) => i * 60);
    x = tensor(
      idx.flatMap((i) => Array.from(test.x.subarray(i * 784, (i + 1) * 784))),
      [N, 1, 28, 28],
    );
    predicted = idx.map((i) => preds[i]!);
  }, 60_000);

  it("learns (test accuracy well above chance)", () => {
    console.log(`Fashion-MNIST CNN: test accuracy ${testAccuracy.toFixed(3)} on 1,000 shipped test images`);
    expect(testAccuracy).toBeGreaterThan(0.6);
  });

  it("IG completeness within 1% of f(x) − f(0) at 64 Gauss–Legendre steps (8 images, predicted class)", () => {
    const M = 8;
    const x8 = x.slice(0, 0, M); // [8, 1, 28, 28]
    const target = predicted.slice(0, M);
    const { attributions, delta } = new IntegratedGradients(net).attribute(x8, {
      target,
      nSteps: 64,
      returnConvergenceDelta: true,
    });
    // f(x) − f(0) from the model directly, and Σ attributions summed here in float64
    const fx = noGrad(() => net.call(x8)).toNested() as number[][];
    const f0 = noGrad(() =>
      net.call(tensor(new Float32Array(M * 784), [M, 1, 28, 28])),
    ).toNested() as number[][];
    const rows = attributions.toNested() as number[][][][];
    const gaps = target.map((c, i) => {
      const diff = fx[i]![c]! - f0[i]![c]!;
      const sum = rows[i]!.flat(2).reduce((s, v) => s + v, 0);
      return { diff, gap: Math.abs(sum - diff) / Math.abs(diff) };
    });
    const rel = gaps.map((g) => g.gap).sort((a, b) => a - b);
    const median = (rel[M / 2 - 1]! + rel[M / 2]!) / 2;
    console.log(
      `IG completeness, 64 Gauss–Legendre steps: |Σ attr − Δf| / |Δf| per image ${gaps
        .map((g) => `${(100 * g.gap).toFixed(3)}%`)
        .join(" ")}; max ${(100 * rel[M - 1]!).toFixed(3)}%, median ${(100 * median).toFixed(3)}%`,
    );
    for (let i = 0; i < M; i++) {
      // the library's delta is the same quantity, signed and unnormalised
      expect(Math.abs(delta![i]!)).toBeCloseTo(gaps[i]!.gap * Math.abs(gaps[i]!.diff), 4);
      // a real change of the logit, so the ratio is not near 0/0
      expect(Math.abs(gaps[i]!.diff)).toBeGreaterThan(0.5);
      expect(gaps[i]!.gap).toBeLessThanOrEqual(0.01);
    }
  });

  it("deletion AUC of IG and of Grad-CAM beats a random order", () => {
    const prob = (t: Tensor) => net.call(t).softmax(-1); // score = probability of the predicted class
    const ig = new IntegratedGradients(net).attribute(x, { target: predicted, nSteps: 32 }).attributions;
    const cam = new LayerGradCam(net, "4").attribute(x, { target: predicted }).attributions; // [N, 1, 28, 28]
    const g = new Generator(5);
    const random = tensor(
      Array.from({ length: N * 784 }, () => g.nextFloat()),
      [N, 1, 28, 28],
    );
    const opts = { target: predicted, nSteps: 28 };
    const aucIg = mean(deletionCurve(prob, x, ig, opts).auc);
    const aucCam = mean(deletionCurve(prob, x, cam, opts).auc);
    const aucRandom = mean(deletionCurve(prob, x, random, opts).auc);
    console.log(
      `deletion AUC (lower is better): IG ${aucIg.toFixed(3)}, Grad-CAM ${aucCam.toFixed(3)}, random ${aucRandom.toFixed(3)}`,
    );
    expect(aucIg).toBeLessThan(aucRandom);
    expect(aucCam).toBeLessThan(aucRandom);
  });

  it("randomisation check: Grad-CAM and signed gradients decorrelate, guided backprop least of all", () => {
    const state = net.stateDict();
    const steps = cascadingRandomization(
      state,
      [
        ["7.weight", "7.bias"],
        ["3.weight", "3.bias"],
        ["0.weight", "0.bias"],
      ],
      {
        seed: 3,
      },
    );
    const mapsOf = (m: Sequential) => ({
      saliency: new Saliency(m).attribute(x, { target: predicted, abs: false }).attributions,
      gradCam: new LayerGradCam(m, "4").attribute(x, { target: predicted }).attributions,
      guided: new GuidedBackprop(m).attribute(x, { target: predicted }).attributions,
    });
    const trained = mapsOf(net);
    const rho = (a: Tensor, b: Tensor, abs: boolean) => {
      const r = mapSimilarity(a, b, { abs }).filter((v) => !Number.isNaN(v));
      return r.length ? mean(r) : 0;
    };
    const rows: string[] = [];
    const table: {
      saliency: number;
      saliencyAbs: number;
      gradCam: number;
      guided: number;
      guidedAbs: number;
    }[] = [];
    for (const step of steps) {
      const rnd = makeNet();
      rnd.loadStateDict(step.params);
      rnd.eval();
      const maps = mapsOf(rnd);
      const r = {
        saliency: rho(trained.saliency, maps.saliency, false),
        saliencyAbs: rho(trained.saliency, maps.saliency, true),
        gradCam: rho(trained.gradCam, maps.gradCam, false),
        guided: rho(trained.guided, maps.guided, false),
        guidedAbs: rho(trained.guided, maps.guided, true),
      };
      table.push(r);
      rows.push(
        `${step.randomized.join("+")}: ${Object.entries(r)
          .map(([k, v]) => `${k} ${v.toFixed(3)}`)
          .join(", ")}`,
      );
    }
    console.log(`Spearman, trained vs randomised maps, cascading from the top:\n  ${rows.join("\n  ")}`);
    for (const r of table) {
      expect(r.gradCam).toBeLessThan(0.3);
      expect(r.saliency).toBeLessThan(0.5);
      expect(r.guided).toBeGreaterThan(r.saliency);
      expect(r.guidedAbs).toBeGreaterThan(r.saliencyAbs);
    }
  });
});
