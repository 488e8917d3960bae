// Unary ops and activations: hand-checked special values, gradchecks on contiguous and strided inputs,
// dtype errors. (Values against PyTorch are in torch-fixtures.test.ts.)
import { describe, expect, it } from "vitest";
import {
  abs,
  cos,
  DTypeError,
  elu,
  erf,
  exp,
  gelu,
  leakyRelu,
  log,
  logSigmoid,
  manualSeed,
  neg,
  rand,
  randn,
  relu,
  sigmoid,
  sign,
  silu,
  sin,
  softplus,
  sqrt,
  type Tensor,
  tanh,
  tensor,
} from "../index";
import { expectGradcheck } from "../test-util";

describe("unary forward special values", () => {
  it("follows IEEE at the edges", () => {
    expect(log(tensor([0, -1, 1])).toArray()).toEqual([-Infinity, NaN, 0]);
    expect(sqrt(tensor([4, -1, 0])).toArray()).toEqual([2, NaN, 0]);
    expect(exp(tensor([0, -Infinity, 1000])).toArray()).toEqual([1, 0, Infinity]);
    expect(abs(tensor([-2, 0, 3])).toArray()).toEqual([2, 0, 3]);
    expect(sign(tensor([-2, 0, 3, NaN])).toArray()).toEqual([-1, 0, 1, NaN]);
    expect(neg(tensor([1, -2])).toArray()).toEqual([-1, 2]);
    expect(relu(tensor([-1, 0, 2])).toArray()).toEqual([0, 0, 2]);
    expect(leakyRelu(tensor([-10, 0, 2]), 0.1).toArray()).toEqual([-1, 0, 2]);
  });

  it("sigmoid/softplus/logSigmoid stay finite for huge logits", () => {
    const big = tensor([-1e4, -100, 100, 1e4]);
    expect(sigmoid(big).toArray()).toEqual([0, expect.closeTo(3.72e-44, 40), 1, 1]);
    expect(softplus(big).toArray()).toEqual([0, expect.closeTo(0, 30), 100, 1e4]);
    expect(logSigmoid(big).toArray()).toEqual([-1e4, -100, expect.closeTo(0, 30), expect.closeTo(0, 30)]);
  });

  it("erf matches reference values to float32 precision (Abramowitz & Stegun table 7.1)", () => {
    // erf(0.5) = 0.5204998778, erf(1) = 0.8427007929, erf(2) = 0.9953222650, erf(-0.3) = -0.3286267595
    const v = erf(tensor([0, 0.5, 1, 2, -0.3, 6])).toArray();
    const want = [0, 0.5204998778, 0.8427007929, 0.995322265, -0.3286267595, 1];
    v.forEach((x, i) => {
      expect(x).toBeCloseTo(want[i]!, 7);
    });
  });

  it("gelu variants agree closely and differ slightly (hand-computed at 1)", () => {
    // exact: 0.5·(1 + erf(1/√2)) = 0.8413447461; tanh form: 0.8411919906
    expect(gelu(tensor([1])).item()).toBeCloseTo(0.8413447461, 6);
    expect(gelu(tensor([1]), "tanh").item()).toBeCloseTo(0.8411919906, 6);
    expect(() => gelu(tensor([1]), "fast" as never)).toThrow(/approximate must be "none" or "tanh"/);
  });

  it("elu does not turn its unused branch into NaN gradients", () => {
    const x = tensor([1000, -1], { requiresGrad: true });
    elu(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([1, expect.closeTo(Math.exp(-1), 6)]);
  });

  it("reject int32 input with a DTypeError", () => {
    expect(() => exp(tensor([1], { dtype: "int32" }))).toThrow(DTypeError);
    expect(() => relu(tensor([1], { dtype: "int32" }))).toThrow(/relu: expected a float32 tensor, got int32/);
  });
});

describe("unary gradients", () => {
  const smooth: [string, (x: Tensor) => Tensor, "any" | "pos"][] = [
    ["neg", neg, "any"],
    ["exp", exp, "any"],
    ["log", log, "pos"],
    ["sqrt", sqrt, "pos"],
    ["sin", sin, "any"],
    ["cos", cos, "any"],
    ["tanh", tanh, "any"],
    ["sigmoid", sigmoid, "any"],
    ["softplus", softplus, "any"],
    ["logSigmoid", logSigmoid, "any"],
    ["erf", erf, "any"],
    ["gelu", (x) => gelu(x), "any"],
    ["geluTanh", (x) => gelu(x, "tanh"), "any"],
    ["silu", silu, "any"],
  ];
  for (const [name, fn, domain] of smooth) {
    it(`${name} gradchecks on shapes [5], [2,3,2] and a strided view`, () => {
      manualSeed(11);
      const make = (s: number[]) => (domain === "pos" ? rand(s).add(0.3) : randn(s));
      expectGradcheck(fn, [make([5])]);
      expectGradcheck(fn, [make([2, 3, 2])]);
      expectGradcheck(fn, [make([4, 6]).slice(1, 1, 6, 2).transpose(0, 1)]);
    });
  }

  // Kinked functions: keep samples away from the kink so central differences are valid.
  const awayFromZero = (s: number[]) => {
    const x = randn(s);
    return x.add(x.sign().mul(0.1)).detach();
  };
  for (const [name, fn] of [
    ["abs", abs],
    ["relu", relu],
    ["leakyRelu", (x: Tensor) => leakyRelu(x, 0.2)],
    ["elu", (x: Tensor) => elu(x, 1.3)],
    ["clamp", (x: Tensor) => x.clamp(-0.5, 0.5)],
  ] as const) {
    it(`${name} gradchecks away from its kink, contiguous and strided`, () => {
      manualSeed(12);
      for (const shape of [[7], [3, 4], [2, 3, 2]]) {
        let x = awayFromZero(shape);
        // clamp's kinks are at ±0.5: nudge samples that sit within 0.05 of them
        if (name === "clamp") x = x.add(x.abs().sub(0.5).abs().lt(0.05).mul(0.2)).detach();
        expectGradcheck(fn, [x]);
        if (x.ndim >= 2) expectGradcheck(fn, [x.transpose(0, 1)]);
      }
    });
  }

  it("relu and abs give 0 gradient at exactly 0, as PyTorch", () => {
    const x = tensor([0, 0], { requiresGrad: true });
    relu(x).add(abs(x)).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0]);
  });
});
