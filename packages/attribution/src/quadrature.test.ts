import { describe, expect, it } from "vitest";
import { AttributionError } from "./errors";
import { gaussLegendre, pathRule } from "./quadrature";
import { expectClose } from "./test-util";

describe("gaussLegendre", () => {
  // Abramowitz & Stegun, Handbook of Mathematical Functions (1964), Table 25.4
  it("matches the published nodes and weights for n = 2 … 5", () => {
    const r2 = gaussLegendre(2);
    expectClose(r2.nodes, [-0.577350269189626, 0.577350269189626], 1e-15, 0);
    expectClose(r2.weights, [1, 1], 1e-15, 0);
    const r3 = gaussLegendre(3);
    expectClose(r3.nodes, [-0.774596669241483, 0, 0.774596669241483], 1e-15, 0);
    expectClose(r3.weights, [0.555555555555556, 0.888888888888889, 0.555555555555556], 1e-15, 0);
    const r4 = gaussLegendre(4);
    expectClose(
      r4.nodes,
      [-0.861136311594053, -0.339981043584856, 0.339981043584856, 0.861136311594053],
      1e-15,
      0,
    );
    expectClose(
      r4.weights,
      [0.347854845137454, 0.652145154862546, 0.652145154862546, 0.347854845137454],
      1e-15,
      0,
    );
    const r5 = gaussLegendre(5);
    expectClose(
      r5.nodes,
      [-0.906179845938664, -0.538469310105683, 0, 0.538469310105683, 0.906179845938664],
      1e-15,
      0,
    );
    expectClose(
      r5.weights,
      [0.236926885056189, 0.478628670499366, 0.568888888888889, 0.478628670499366, 0.236926885056189],
      1e-15,
      0,
    );
  });

  it("matches the closed forms for n = 5: ±⅓√(5 ∓ 2√(10/7)), weights (322 ± 13√70)/900 and 128/225", () => {
    const r = gaussLegendre(5);
    expect(r.nodes[3]).toBeCloseTo(Math.sqrt(5 - 2 * Math.sqrt(10 / 7)) / 3, 15);
    expect(r.nodes[4]).toBeCloseTo(Math.sqrt(5 + 2 * Math.sqrt(10 / 7)) / 3, 15);
    expect(r.weights[2]).toBeCloseTo(128 / 225, 15);
    expect(r.weights[3]).toBeCloseTo((322 + 13 * Math.sqrt(70)) / 900, 15);
    expect(r.weights[4]).toBeCloseTo((322 - 13 * Math.sqrt(70)) / 900, 15);
  });

  it("integrates every monomial up to degree 2n − 1 exactly (n = 64)", () => {
    const { nodes, weights } = gaussLegendre(64);
    for (let k = 0; k <= 127; k++) {
      const q = nodes.reduce((s, x, i) => s + weights[i]! * x ** k, 0);
      const exact = k % 2 === 1 ? 0 : 2 / (k + 1);
      expect(Math.abs(q - exact), `x^${k}`).toBeLessThan(1e-13);
    }
  });

  it("rejects n < 1", () => {
    expect(() => gaussLegendre(0)).toThrow(AttributionError);
    expect(() => gaussLegendre(2.5)).toThrow(/n must be a positive integer, got 2.5/);
  });
});

describe("pathRule", () => {
  it("gives Captum's Riemann positions and step sizes", () => {
    expect(pathRule("riemann_left", 4)).toEqual({
      alphas: [0, 0.25, 0.5, 0.75],
      weights: [0.25, 0.25, 0.25, 0.25],
    });
    expect(pathRule("riemann_right", 4).alphas).toEqual([0.25, 0.5, 0.75, 1]);
    expect(pathRule("riemann_middle", 4).alphas).toEqual([0.125, 0.375, 0.625, 0.875]);
    // Captum's riemann_trapezoid: step_sizes [1/n] * n with both ends halved (sum (n − 1)/n)
    const t = pathRule("riemann_trapezoid", 5);
    expect(t.alphas).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(t.weights).toEqual([0.1, 0.2, 0.2, 0.2, 0.1]);
  });

  it("keeps the exact composite trapezoid rule as exact_trapezoid (weights sum to 1)", () => {
    const t = pathRule("exact_trapezoid", 5);
    expect(t.alphas).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(t.weights).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
    // the two differ by exactly n/(n − 1) in every weight
    const c = pathRule("riemann_trapezoid", 50).weights;
    pathRule("exact_trapezoid", 50).weights.forEach((w, i) => {
      expect(w / c[i]!).toBeCloseTo(50 / 49, 14);
    });
  });

  it("maps Gauss–Legendre to [0, 1] with weights summing to 1", () => {
    const r = pathRule("gausslegendre", 3);
    expectClose(r.alphas, [(1 - Math.sqrt(0.6)) / 2, 0.5, (1 + Math.sqrt(0.6)) / 2], 1e-15, 0);
    expectClose(r.weights, [5 / 18, 8 / 18, 5 / 18], 1e-15, 0);
  });

  it("rejects bad step counts and unknown methods", () => {
    expect(() => pathRule("riemann_left", 0)).toThrow(/nSteps must be a positive integer, got 0/);
    expect(() => pathRule("riemann_trapezoid", 1)).toThrow(/riemann_trapezoid needs nSteps ≥ 2/);
    expect(() => pathRule("exact_trapezoid", 1)).toThrow(/exact_trapezoid needs nSteps ≥ 2/);
    expect(() => pathRule("simpson" as never, 4)).toThrow(/method must be one of riemann_left/);
  });
});
