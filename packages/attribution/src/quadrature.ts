// Step positions α ∈ [0, 1] and weights for the path integral of Integrated Gradients: the four Riemann
// rules and Gauss–Legendre. Gauss–Legendre nodes come from the Golub–Welsch method (eigenvalues of the
// symmetric Jacobi matrix of the Legendre recurrence, through ml-matrix), polished by Newton steps on
// P_n; the weights from w_i = 2 / ((1 − x_i²) P_n'(x_i)²). Plain float64 numbers, no tensors.
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { AttributionError } from "./errors";

/**
 * How Integrated Gradients approximates ∫₀¹ ∂f(x₀ + α(x − x₀))/∂x dα. The first five are Captum's, with
 * Captum's positions and weights (captum/attr/_utils/approximation_methods.py, v0.8.0). "exact_trapezoid"
 * is not in Captum: the composite trapezoid rule on the same points with step 1/(n − 1), whose weights
 * sum to 1 (Captum's "riemann_trapezoid" weights sum to (n − 1)/n).
 */
export type IntegrationMethod =
  | "riemann_left"
  | "riemann_right"
  | "riemann_middle"
  | "riemann_trapezoid"
  | "gausslegendre"
  | "exact_trapezoid";

export const INTEGRATION_METHODS: readonly IntegrationMethod[] = [
  "riemann_left",
  "riemann_right",
  "riemann_middle",
  "riemann_trapezoid",
  "gausslegendre",
  "exact_trapezoid",
];

/** Nodes and weights on [-1, 1]. */
export interface GaussLegendreRule {
  nodes: number[];
  weights: number[];
}

/** P_n(x) and P_n'(x) by the three-term recurrence (k+1)P_{k+1} = (2k+1)x P_k − k P_{k−1}. */
function legendre(n: number, x: number): [number, number] {
  let p0 = 1;
  let p1 = x;
  if (n === 0) return [1, 0];
  for (let k = 1; k < n; k++) {
    const p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
    p0 = p1;
    p1 = p2;
  }
  // P_n'(x) = n (x P_n − P_{n−1}) / (x² − 1); nodes are strictly inside (−1, 1)
  return [p1, (n * (x * p1 - p0)) / (x * x - 1)];
}

/** The n-point Gauss–Legendre rule on [-1, 1], nodes ascending; exact for polynomials of degree ≤ 2n − 1. */
export function gaussLegendre(n: number): GaussLegendreRule {
  if (!Number.isInteger(n) || n < 1) {
    throw new AttributionError("BAD_OPTION", "gaussLegendre", `n must be a positive integer, got ${n}`);
  }
  if (n === 1) return { nodes: [0], weights: [2] };
  // Golub & Welsch (1969): the Jacobi matrix has zero diagonal and off-diagonal β_k = k / √(4k² − 1)
  const j = new Matrix(n, n);
  for (let k = 1; k < n; k++) {
    const beta = k / Math.sqrt(4 * k * k - 1);
    j.set(k - 1, k, beta);
    j.set(k, k - 1, beta);
  }
  const eig = new EigenvalueDecomposition(j, { assumeSymmetric: true });
  const nodes = [...eig.realEigenvalues].sort((a, b) => a - b);
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    let x = nodes[i]!;
    // two Newton steps on P_n bring the eigenvalue to full float64 precision
    for (let it = 0; it < 2; it++) {
      const [p, dp] = legendre(n, x);
      x -= p / dp;
    }
    const [, dp] = legendre(n, x);
    nodes[i] = x;
    weights.push(2 / ((1 - x * x) * dp * dp));
  }
  // the rule is symmetric; enforce it exactly so x ↦ −x pairs give bit-equal |nodes|
  for (let i = 0; i < n >> 1; i++) {
    const a = (nodes[n - 1 - i]! - nodes[i]!) / 2;
    const w = (weights[i]! + weights[n - 1 - i]!) / 2;
    nodes[i] = -a;
    nodes[n - 1 - i] = a;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[n >> 1] = 0;
  return { nodes, weights };
}

/**
 * Positions α_s in [0, 1] and weights w_s so that ∫₀¹ g(α) dα ≈ Σ w_s g(α_s). Σ w_s = 1 for every rule
 * but Captum's "riemann_trapezoid" (Σ w_s = (n − 1)/n).
 */
export interface PathRule {
  alphas: number[];
  weights: number[];
}

/** Largest nSteps of a path rule (Integrated Gradients, layer conductance …). */
export const MAX_PATH_STEPS = 10_000;

export function pathRule(method: IntegrationMethod, nSteps: number, op = "pathRule"): PathRule {
  if (!Number.isInteger(nSteps) || nSteps < 1) {
    throw new AttributionError("BAD_OPTION", op, `nSteps must be a positive integer, got ${nSteps}`);
  }
  if (nSteps > MAX_PATH_STEPS) {
    throw new AttributionError(
      "TOO_MANY_STEPS",
      op,
      `nSteps ${nSteps} is above the limit of ${MAX_PATH_STEPS} (Captum's default is 50; Gauss–Legendre nodes cost O(nSteps²) to compute)`,
    );
  }
  const n = nSteps;
  const range = (f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));
  switch (method) {
    case "riemann_left":
      return { alphas: range((i) => i / n), weights: range(() => 1 / n) };
    case "riemann_right":
      return { alphas: range((i) => (i + 1) / n), weights: range(() => 1 / n) };
    case "riemann_middle":
      return { alphas: range((i) => (i + 0.5) / n), weights: range(() => 1 / n) };
    case "riemann_trapezoid":
    case "exact_trapezoid": {
      if (n < 2) {
        throw new AttributionError("BAD_OPTION", op, `${method} needs nSteps ≥ 2, got ${n}`);
      }
      // both on torch.linspace(0, 1, n); Captum's step_sizes: [1/n] * n with both ends halved
      const h = method === "riemann_trapezoid" ? 1 / n : 1 / (n - 1);
      return {
        alphas: range((i) => i / (n - 1)),
        weights: range((i) => (i === 0 || i === n - 1 ? h / 2 : h)),
      };
    }
    case "gausslegendre": {
      const { nodes, weights } = gaussLegendre(n);
      // map [-1, 1] → [0, 1]: α = (1 + x) / 2, dα = dx / 2
      return { alphas: nodes.map((x) => (1 + x) / 2), weights: weights.map((w) => w / 2) };
    }
    default:
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `method must be one of ${INTEGRATION_METHODS.join(", ")}, got ${String(method)}`,
      );
  }
}
