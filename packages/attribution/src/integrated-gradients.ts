// Integrated Gradients (Sundararajan et al. 2017, arXiv:1703.01365):
//   IG_i(x) = (x_i − x0_i) · ∫₀¹ ∂f(x0 + α(x − x0))/∂x_i dα,
// approximated by a Riemann or Gauss–Legendre rule (quadrature.ts). Completeness — Σ_i IG_i = f(x) − f(x0)
// — holds up to the quadrature error, which `returnConvergenceDelta` reports per example.
import type { Tensor } from "@paramlens/tensor";
import { evaluateGradients, outputsAt } from "./evaluate";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveBaselines, resolveTargets } from "./prepare";
import { type IntegrationMethod, pathRule } from "./quadrature";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions, ForwardFn } from "./types";

export interface IntegratedGradientsOptions extends CommonAttributeOptions {
  /** Reference input x0; default 0. */
  baselines?: Baselines;
  /** Points on the path; default 50. */
  nSteps?: number;
  /** Quadrature rule; default "gausslegendre" (as Captum). */
  method?: IntegrationMethod;
  /**
   * Multiply by (x − x0) (default true). false returns the averaged gradient / multipliers alone, Captum's
   * `multiply_by_inputs=False` ("global" attribution); a convergence delta then compares their sum, as
   * Captum's does.
   */
  multiplyByInputs?: boolean;
  /** Also return Σ attributions − (f(x) − f(x0)) per example. */
  returnConvergenceDelta?: boolean;
}

const INTEGRATED_GRADIENTS_KEYS: OptionKeys<IntegratedGradientsOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  nSteps: true,
  method: true,
  returnConvergenceDelta: true,
  multiplyByInputs: true,
};

export class IntegratedGradients implements Attributor<IntegratedGradientsOptions> {
  private readonly model: ForwardFn;
  constructor(model: ModelLike) {
    this.model = toForwardFn("IntegratedGradients", model);
  }

  attribute(input: Tensor, options: IntegratedGradientsOptions = {}): AttributionResult {
    const op = "IntegratedGradients.attribute";
    checkOptions(op, options, INTEGRATED_GRADIENTS_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const { alphas, weights } = pathRule(options.method ?? "gausslegendre", options.nSteps ?? 50, op);
    const { n, d, x } = p;

    // row r = step ⌊r / N⌋ of example r mod N, so every element sums its steps in the same order
    const integral = new Float64Array(n * d); // Σ_s w_s ∂f/∂x at α_s, [N·D]
    const src = {
      rows: n * alphas.length,
      example: (r: number) => r % n,
      fill: (r: number, dst: Float32Array, o: number) => {
        const a = alphas[Math.floor(r / n)]!;
        const base = (r % n) * d;
        for (let k = 0; k < d; k++)
          dst[o + k] = baselines[base + k]! + a * (x[base + k]! - baselines[base + k]!);
      },
    };
    evaluateGradients(op, this.model, p.featShape, src, targets, batch, (r, _v, g, o) => {
      const w = weights[Math.floor(r / n)]!;
      const base = (r % n) * d;
      for (let k = 0; k < d; k++) integral[base + k]! += w * g[o + k]!;
    });
    const attributions = new Float32Array(n * d);
    const multiply = options.multiplyByInputs ?? true;
    for (let i = 0; i < n * d; i++) attributions[i] = integral[i]! * (multiply ? x[i]! - baselines[i]! : 1);
    const result: AttributionResult = { attributions: tensorFrom(attributions, p.shape) };
    if (options.returnConvergenceDelta) {
      result.delta = completenessDelta(
        op,
        this.model,
        p.featShape,
        x,
        baselines,
        attributions,
        n,
        targets,
        batch,
      );
    }
    return result;
  }
}

/** Σ_i attr_i − (f(x) − f(x0)) per example, in float64. */
export function completenessDelta(
  op: string,
  model: ForwardFn,
  featShape: readonly number[],
  x: Float32Array,
  baselines: Float32Array,
  attributions: Float32Array,
  n: number,
  targets: Int32Array | null,
  batch: number,
): number[] {
  const d = x.length / n;
  const fx = outputsAt(op, model, featShape, x, n, targets, batch);
  const fb = outputsAt(op, model, featShape, baselines, n, targets, batch);
  return Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += attributions[i * d + k]!;
    return s - (fx[i]! - fb[i]!);
  });
}
