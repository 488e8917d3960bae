import { manualSeed, zeros } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { BatchNorm1d } from "../layers/batch-norm";
import { Conv2d } from "../layers/conv2d";
import { Embedding } from "../layers/embedding";
import { Linear } from "../layers/linear";
import { LayerNorm, RMSNorm } from "../layers/norms";
import { calculateGain } from "./calculate-gain";
import { calculateFanInAndFanOut } from "./fan";
import * as init from "./init";

function stats(values: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let s = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    s += values[i]!;
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  const mean = s / values.length;
  let v = 0;
  for (let i = 0; i < values.length; i++) v += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(v / values.length), min, max };
}

describe("calculateGain and fans (torch.nn.init)", () => {
  it("matches PyTorch's gain table", () => {
    expect(calculateGain("linear")).toBe(1);
    expect(calculateGain("conv2d")).toBe(1);
    expect(calculateGain("sigmoid")).toBe(1);
    expect(calculateGain("tanh")).toBeCloseTo(5 / 3, 12);
    expect(calculateGain("relu")).toBeCloseTo(Math.sqrt(2), 12);
    expect(calculateGain("leaky_relu")).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 12);
    expect(calculateGain("leaky_relu", Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(calculateGain("selu")).toBe(0.75);
    expect(() => calculateGain("swish" as never)).toThrow('calculateGain: unsupported nonlinearity "swish"');
  });

  it("computes fan in/out with the receptive field", () => {
    expect(calculateFanInAndFanOut(zeros([8, 3]))).toEqual({ fanIn: 3, fanOut: 8 });
    expect(calculateFanInAndFanOut(zeros([16, 4, 3, 5]))).toEqual({ fanIn: 60, fanOut: 240 });
    expect(() => calculateFanInAndFanOut(zeros([5]))).toThrow("fewer than 2 dimensions, got [5]");
  });
});

describe("initializers: distribution bounds and statistics", () => {
  it("uniform stays in [a, b) with the uniform mean and std", () => {
    manualSeed(1);
    const t = init.uniform(zeros([100, 100]), -2, 4);
    const s = stats(t.toTypedArray());
    expect(s.min).toBeGreaterThanOrEqual(-2);
    expect(s.max).toBeLessThan(4);
    expect(s.mean).toBeCloseTo(1, 1);
    expect(s.std).toBeCloseTo(6 / Math.sqrt(12), 1);
    expect(() => init.uniform(zeros([2]), 1, 0)).toThrow("init.uniform: a (1) must not exceed b (0)");
  });

  it("normal has the requested mean and std", () => {
    manualSeed(2);
    const s = stats(init.normal(zeros([200, 100]), 0.5, 0.02).toTypedArray());
    expect(s.mean).toBeCloseTo(0.5, 3);
    expect(s.std / 0.02).toBeCloseTo(1, 1);
    expect(() => init.normal(zeros([2]), 0, -1)).toThrow("init.normal: std must be ≥ 0, got -1");
  });

  it("constant / zeros / ones fill, even on tensors that require grad", () => {
    const t = zeros([3]).requiresGrad_();
    expect(init.ones(t).toArray()).toEqual([1, 1, 1]);
    expect(init.constant(t, 7).toArray()).toEqual([7, 7, 7]);
    expect(init.zeros(t).toArray()).toEqual([0, 0, 0]);
  });

  it("xavierUniform is bounded by gain·√(6/(fanIn+fanOut)); xavierNormal has std gain·√(2/(fanIn+fanOut))", () => {
    manualSeed(3);
    const bound = 2 * Math.sqrt(6 / (300 + 200));
    const u = stats(init.xavierUniform(zeros([200, 300]), 2).toTypedArray());
    expect(Math.max(-u.min, u.max)).toBeLessThanOrEqual(bound);
    expect(Math.max(-u.min, u.max)).toBeGreaterThan(0.99 * bound);
    expect(u.std / (bound / Math.sqrt(3))).toBeCloseTo(1, 1);
    const n = stats(init.xavierNormal(zeros([200, 300])).toTypedArray());
    expect(n.std / Math.sqrt(2 / 500)).toBeCloseTo(1, 1);
  });

  it("kaimingUniform / kaimingNormal use gain/√fan with the chosen mode and nonlinearity", () => {
    manualSeed(4);
    const w = zeros([64, 32, 3, 3]); // fanIn 288, fanOut 576
    const reluBound = (Math.sqrt(3) * Math.sqrt(2)) / Math.sqrt(288);
    const u = stats(init.kaimingUniform(w, { nonlinearity: "relu" }).toTypedArray());
    expect(Math.max(-u.min, u.max)).toBeLessThanOrEqual(reluBound);
    expect(u.std / (reluBound / Math.sqrt(3))).toBeCloseTo(1, 1);
    const n = stats(init.kaimingNormal(w, { mode: "fan_out", nonlinearity: "relu" }).toTypedArray());
    expect(n.std / (Math.sqrt(2) / Math.sqrt(576))).toBeCloseTo(1, 1);
    // default: leaky_relu with a = 0, i.e. gain √2
    const d = stats(init.kaimingNormal(w).toTypedArray());
    expect(d.std / (Math.sqrt(2) / Math.sqrt(288))).toBeCloseTo(1, 1);
    expect(() => init.kaimingUniform(w, { mode: "fan_avg" as never })).toThrow(
      'mode must be "fan_in" or "fan_out"',
    );
  });
});

describe("layers' default init matches PyTorch's reset_parameters", () => {
  it("Linear: weight and bias U(±1/√in)", () => {
    manualSeed(5);
    const m = new Linear(400, 300);
    const b = 1 / Math.sqrt(400);
    const w = stats(m.weight.toTypedArray());
    expect(Math.max(-w.min, w.max)).toBeLessThanOrEqual(b);
    expect(Math.max(-w.min, w.max)).toBeGreaterThan(0.99 * b);
    expect(w.std / (b / Math.sqrt(3))).toBeCloseTo(1, 1);
    const bias = stats(m.bias!.toTypedArray());
    expect(Math.max(-bias.min, bias.max)).toBeLessThanOrEqual(b);
    expect(bias.max - bias.min).toBeGreaterThan(1.8 * b);
  });

  it("Conv2d: U(±1/√(in/groups·kH·kW)) for weight and bias", () => {
    manualSeed(6);
    const m = new Conv2d(8, 64, [3, 5], { groups: 2 }); // fanIn 4·15 = 60
    const b = 1 / Math.sqrt(60);
    const w = stats(m.weight.toTypedArray());
    expect(Math.max(-w.min, w.max)).toBeLessThanOrEqual(b);
    expect(w.std / (b / Math.sqrt(3))).toBeCloseTo(1, 1);
    const bias = stats(m.bias!.toTypedArray());
    expect(Math.max(-bias.min, bias.max)).toBeLessThanOrEqual(b);
  });

  it("Embedding: N(0, 1) with the padding row zeroed", () => {
    manualSeed(7);
    const m = new Embedding(1000, 50, { paddingIdx: -1 });
    expect(m.paddingIdx).toBe(999);
    expect(m.weight.select(0, 999).toArray()).toEqual(new Array(50).fill(0));
    const s = stats(m.weight.slice(0, 0, 999).toTypedArray());
    expect(s.mean).toBeCloseTo(0, 1);
    expect(s.std).toBeCloseTo(1, 1);
  });

  it("norms: weight ones, bias zeros, BatchNorm running stats 0/1/0", () => {
    const bn = new BatchNorm1d(3);
    expect(bn.weight!.toArray()).toEqual([1, 1, 1]);
    expect(bn.bias!.toArray()).toEqual([0, 0, 0]);
    expect(bn.runningMean!.toArray()).toEqual([0, 0, 0]);
    expect(bn.runningVar!.toArray()).toEqual([1, 1, 1]);
    expect(bn.numBatchesTracked!.dtype).toBe("int32");
    expect(bn.numBatchesTracked!.item()).toBe(0);
    const ln = new LayerNorm([2, 2]);
    expect(ln.weight!.toArray()).toEqual([1, 1, 1, 1]);
    expect(ln.bias!.toArray()).toEqual([0, 0, 0, 0]);
    expect(new RMSNorm(2).weight!.toArray()).toEqual([1, 1]);
  });
});
