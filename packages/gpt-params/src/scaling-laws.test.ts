// Scaling laws: golden values evaluated independently in Python from the papers' published constants,
// the compute-optimal closed form checked by direct minimisation, and the Epoch AI re-fit landing on
// Chinchilla itself (70B parameters, 1.4T tokens, 5.76e23 FLOPs; Hoffmann et al. 2022 §4).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArgumentError } from "./errors";
import {
  CHINCHILLA_FITS,
  chinchilla,
  computeOptimal,
  KAPLAN,
  kaplan,
  PF_DAY,
  tokensPerParameter,
} from "./scaling-laws";

describe("published constants", () => {
  it("Hoffmann et al. 2022 Approach 3 and the Epoch AI 2024 re-fit", () => {
    expect(CHINCHILLA_FITS.hoffmann2022).toEqual({ E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 });
    expect(CHINCHILLA_FITS.epoch2024).toEqual({
      E: 1.82,
      A: 482.01,
      B: 2085.43,
      alpha: 0.3478,
      beta: 0.3658,
    });
    expect(KAPLAN).toMatchObject({ alphaN: 0.076, Nc: 8.8e13, alphaD: 0.095, Dc: 5.4e13, alphaCmin: 0.05 });
  });
});

describe("loss predictions (Python golden values)", () => {
  it("chinchilla(70B, 1.4T) = 1.93665", () => {
    expect(chinchilla(70e9, 1.4e12)).toBeCloseTo(1.9366454705587173, 12);
  });
  it("kaplan L(N), L(D), L(N, D), L(C)", () => {
    expect(kaplan({ parameters: 1.5e9 })).toBeCloseTo(2.3035505519976587, 12);
    expect(kaplan({ tokens: 1e10 })).toBeCloseTo(2.2624417538197132, 12);
    expect(kaplan({ parameters: 1e9, tokens: 1e10 })).toBeCloseTo(2.4196518191691774, 12);
    expect(kaplan({ flops: 1e21 })).toBeCloseTo(2.3517641828441294, 12);
  });
  it("loss falls with more parameters and more data", () => {
    expect(chinchilla(2e9, 1e11)).toBeLessThan(chinchilla(1e9, 1e11));
    expect(chinchilla(1e9, 2e11, "epoch2024")).toBeLessThan(chinchilla(1e9, 1e11, "epoch2024"));
    expect(chinchilla(1e30, 1e30)).toBeCloseTo(1.69, 4);
  });
});

describe("computeOptimal", () => {
  it("Epoch's re-fit puts Chinchilla's budget at ≈ 70B parameters and ≈ 20 tokens per parameter", () => {
    const o = computeOptimal(5.76e23, { fit: "epoch2024" });
    expect(o.parameters).toBeCloseTo(72248702500.38242, -3);
    expect(o.tokens).toBeCloseTo(1328743585388.1548, -5);
    expect(Math.abs(o.parameters / 70e9 - 1)).toBeLessThan(0.05);
    expect(o.tokensPerParameter).toBeGreaterThan(15);
    expect(o.tokensPerParameter).toBeLessThan(25);
  });
  it("Hoffmann's Approach 3 constants give a smaller model (the inconsistency Epoch reported)", () => {
    const o = computeOptimal(5.76e23);
    expect(o.parameters).toBeCloseTo(32189859151.368168, -3);
    expect(o.tokens).toBeCloseTo(2982305686662.796, -5);
  });
  it("spends exactly the budget: 6·N·D = C", () => {
    for (const law of ["chinchilla", "tokens-per-parameter", "kaplan"] as const) {
      const o = computeOptimal(1e22, { law });
      expect((6 * o.parameters * o.tokens) / 1e22).toBeCloseTo(1, 10);
    }
    expect(computeOptimal(1e22, { law: "tokens-per-parameter" }).tokensPerParameter).toBe(20);
  });
  it("Kaplan's allocation: N = 1.3e9 · C^0.73 in PF-days", () => {
    expect(computeOptimal(1e21, { law: "kaplan" }).parameters).toBeCloseTo(7767626242.304698, -2);
    expect(PF_DAY).toBe(8.64e19);
  });
  it("property: the optimum beats any other split of the same budget", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 18, max: 26, noNaN: true }),
        fc.constantFrom("hoffmann2022", "epoch2024" as const),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (logC, fit, factor) => {
          fc.pre(Math.abs(factor - 1) > 1e-3);
          const C = 10 ** logC;
          const o = computeOptimal(C, { fit });
          const n = o.parameters * factor;
          return chinchilla(n, C / (6 * n), fit) > o.loss! - 1e-12;
        },
      ),
      { numRuns: 200 },
    );
  });
  it("rejects bad input", () => {
    expect(() => computeOptimal(-1)).toThrow(/computeOptimal: flops -1 must be a finite number > 0/);
    expect(() => computeOptimal(1e20, { law: "magic" as "kaplan" })).toThrow(ArgumentError);
    expect(() => chinchilla(1e9, 1e9, "hoffmann2023" as "epoch2024")).toThrow(/hoffmann2023/);
    expect(() => kaplan({})).toThrow(/needs parameters, tokens, both, or flops/);
    expect(() => kaplan({ flops: 1e20, parameters: 1 })).toThrow(/cannot be combined/);
    expect(() => tokensPerParameter(0, 1)).toThrow(ArgumentError);
    expect(tokensPerParameter(70e9, 1.4e12)).toBe(20);
  });
});
