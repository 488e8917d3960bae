import { tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { InputXGradient } from "./input-x-gradient";
import { IntegratedGradients } from "./integrated-gradients";
import { NoiseTunnel } from "./noise-tunnel";
import { Saliency } from "./saliency";
import { fixedValues, linearModel, smallConvNet } from "./test-util";

describe("NoiseTunnel", () => {
  const net = smallConvNet();
  const input = fixedValues(31, [2, 1, 6, 6]);

  it("with zero noise equals the wrapped method (SmoothGrad), its square (SmoothGrad²) and zero (VarGrad)", () => {
    const sal = new Saliency(net);
    const base = sal.attribute(input, { target: [0, 2], abs: false }).attributions.toArray();
    const nt = new NoiseTunnel(sal);
    expect(
      nt.attribute(input, { target: [0, 2], abs: false, stdevs: 0, nSamples: 3 }).attributions.toArray(),
    ).toEqual(base);
    const sq = nt.attribute(input, {
      target: [0, 2],
      abs: false,
      stdevs: 0,
      nSamples: 3,
      ntType: "smoothgrad_sq",
    });
    expect(sq.attributions.toArray()).toEqual(base.map((v) => Math.fround(v * v)));
    const vg = nt.attribute(input, { target: [0, 2], abs: false, stdevs: 0, nSamples: 3, ntType: "vargrad" });
    expect(vg.attributions.toArray().every((v) => v === 0)).toBe(true);

    const ig = new IntegratedGradients(net);
    const igBase = ig.attribute(input, { target: 1, nSteps: 8 }).attributions.toArray();
    expect(
      new NoiseTunnel(ig).attribute(input, { target: 1, nSteps: 8, stdevs: 0 }).attributions.toArray(),
    ).toEqual(igBase);
  });

  it("is deterministic under a seed", () => {
    const nt = new NoiseTunnel(new Saliency(net));
    const a = nt.attribute(input, { target: 1, stdevs: 0.3, seed: 9 }).attributions.toArray();
    expect(nt.attribute(input, { target: 1, stdevs: 0.3, seed: 9 }).attributions.toArray()).toEqual(a);
    expect(nt.attribute(input, { target: 1, stdevs: 0.3, seed: 10 }).attributions.toArray()).not.toEqual(a);
  });

  it("SmoothGrad of a linear model's saliency is still |w|; VarGrad of x ⊙ 1 estimates the noise variance", () => {
    const w = tensor([[2], [-3], [0.5]]);
    const x = tensor([[1, 2, 3]]);
    const sg = new NoiseTunnel(new Saliency(linearModel(w))).attribute(x, {
      target: 0,
      stdevs: 1,
      nSamples: 4,
    });
    expect(sg.attributions.toArray()).toEqual([2, 3, 0.5]);
    // f(x) = Σ x: Input × Gradient of x + ε is x + ε, whose variance over draws is stdevs² = 0.25
    const sum = (t: import("@paramlens/tensor").Tensor) => t.sum(1);
    const vg = new NoiseTunnel(new InputXGradient(sum)).attribute(x, {
      stdevs: 0.5,
      nSamples: 4000,
      ntType: "vargrad",
    });
    for (const v of vg.attributions.toArray()) expect(Math.abs(v - 0.25)).toBeLessThan(0.025);
  });

  it("rejects bad options", () => {
    const nt = new NoiseTunnel(new Saliency(net));
    expect(() => nt.attribute(input, { target: 0, ntType: "mean" as never })).toThrow(
      /ntType must be "smoothgrad"/,
    );
    expect(() => nt.attribute(input, { target: 0, nSamples: 0 })).toThrow(
      /nSamples must be a positive integer/,
    );
    expect(() => nt.attribute(input, { target: 0, stdevs: Number.NaN })).toThrow(
      /stdevs must be a finite number/,
    );
    expect(() => new NoiseTunnel({} as never)).toThrow(/wrap an attribution method/);
  });
});
