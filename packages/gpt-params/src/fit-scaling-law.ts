// Fits a user's own (N, D, loss) runs to the Chinchilla form L = E + A/N^α + B/D^β by least squares with
// ml-levenberg-marquardt, from several starting points, and reports the constants with their residual.
// It does not reproduce Hoffmann et al.'s Huber-on-log-loss L-BFGS fit; plain least squares on the loss.
import { levenbergMarquardt } from "ml-levenberg-marquardt";
import { FitError } from "./errors";
import type { ChinchillaConstants } from "./scaling-laws";

/** One training run: parameters N, tokens D and its final loss. */
export interface ScalingRun {
  parameters: number;
  tokens: number;
  loss: number;
}

/** What {@link fitScalingLaw} returns. */
export interface ScalingFit {
  /** Fitted E, A, B, α, β (usable as the `fit` of `chinchilla` and `computeOptimal`). */
  constants: ChinchillaConstants;
  /** Root-mean-square difference between fitted and observed loss. */
  rmse: number;
  /** Largest absolute difference between fitted and observed loss. */
  maxAbsResidual: number;
  /** observed − fitted, one per run, in input order. */
  residuals: number[];
  /** Levenberg–Marquardt iterations of the winning start. */
  iterations: number;
}

/** Options for {@link fitScalingLaw}. */
export interface FitOptions {
  /** Iteration cap per starting point (default 300). */
  maxIterations?: number;
}

/**
 * Fits L(N, D) = E + A/N^α + B/D^β to at least five runs.
 *
 * Internally the parameters are (E, ln A, ln B, α, β), with an analytic Jacobian, E kept in [0, min loss]
 * and α, β in [0, 3]; eight starting points are tried and the lowest squared error wins.
 * @throws {FitError} `FIT_INPUT` for too few or invalid runs, `FIT_FAILED` if no start gives finite constants.
 * @example fitScalingLaw(runs).constants // { E, A, B, alpha, beta }
 */
export function fitScalingLaw(runs: readonly ScalingRun[], options: FitOptions = {}): ScalingFit {
  if (!Array.isArray(runs) || runs.length < 5) {
    throw new FitError(
      "FIT_INPUT",
      `needs at least 5 runs to fit 5 constants, got ${Array.isArray(runs) ? runs.length : String(runs)}`,
    );
  }
  runs.forEach((r, i) => {
    for (const key of ["parameters", "tokens", "loss"] as const) {
      const v = r?.[key];
      if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
        throw new FitError("FIT_INPUT", `runs[${i}].${key} ${String(v)} must be a finite number > 0`);
      }
    }
  });
  const lnN = runs.map((r) => Math.log(r.parameters));
  const lnD = runs.map((r) => Math.log(r.tokens));
  const y = runs.map((r) => r.loss);
  if (new Set(lnN).size < 2 || new Set(lnD).size < 2) {
    throw new FitError(
      "FIT_INPUT",
      "runs must span at least two distinct parameter counts and two token counts",
    );
  }
  const minLoss = Math.min(...y);
  const meanLoss = y.reduce((s, v) => s + v, 0) / y.length;
  const meanLnN = lnN.reduce((s, v) => s + v, 0) / lnN.length;
  const meanLnD = lnD.reduce((s, v) => s + v, 0) / lnD.length;
  const xs = runs.map((_, i) => i);

  // p = [E, lnA, lnB, α, β]; x is the run index.
  const model = (p: number[]) => (i: number) => {
    const [E = 0, lnA = 0, lnB = 0, alpha = 0, beta = 0] = p;
    return E + Math.exp(lnA - alpha * (lnN[i] ?? 0)) + Math.exp(lnB - beta * (lnD[i] ?? 0));
  };
  // ∂/∂E = 1, ∂/∂lnA = A/N^α, ∂/∂lnB = B/D^β, ∂/∂α = −ln N · A/N^α, ∂/∂β = −ln D · B/D^β.
  const jacobian = (p: number[]) => (i: number) => {
    const [, lnA = 0, lnB = 0, alpha = 0, beta = 0] = p;
    const n = lnN[i] ?? 0;
    const d = lnD[i] ?? 0;
    const termA = Math.exp(lnA - alpha * n);
    const termB = Math.exp(lnB - beta * d);
    return [1, termA, termB, -n * termA, -d * termB];
  };

  let best: { p: number[]; sse: number; iterations: number } | null = null;
  for (const eFrac of [0.5, 0.9]) {
    for (const alpha0 of [0.2, 0.45]) {
      for (const beta0 of [0.2, 0.45]) {
        const E0 = eFrac * minLoss;
        const share = Math.max((meanLoss - E0) / 2, 1e-6);
        // Start each term at half the reducible loss at the runs' geometric-mean N and D.
        const initialValues = [
          E0,
          Math.log(share) + alpha0 * meanLnN,
          Math.log(share) + beta0 * meanLnD,
          alpha0,
          beta0,
        ];
        let result: { parameterValues: number[]; parameterError: number; iterations: number };
        try {
          result = levenbergMarquardt({ x: xs, y }, model, {
            initialValues,
            jacobianFunction: jacobian,
            minValues: [0, -200, -200, 0, 0],
            maxValues: [minLoss, 200, 200, 3, 3],
            maxIterations: options.maxIterations ?? 300,
            errorTolerance: 1e-16,
            improvementThreshold: 1e-6,
            damping: 1e-2,
          });
        } catch {
          continue; // a singular step from a poor start; the other starts still run
        }
        const sse = result.parameterError;
        if (
          Number.isFinite(sse) &&
          result.parameterValues.every(Number.isFinite) &&
          (!best || sse < best.sse)
        ) {
          best = { p: result.parameterValues, sse, iterations: result.iterations };
        }
      }
    }
  }
  if (!best)
    throw new FitError(
      "FIT_FAILED",
      `no starting point converged to finite constants for ${runs.length} runs`,
    );

  const [E = 0, lnA = 0, lnB = 0, alpha = 0, beta = 0] = best.p;
  const f = model(best.p);
  const residuals = y.map((v, i) => v - f(i));
  const rmse = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / residuals.length);
  return {
    constants: { E, A: Math.exp(lnA), B: Math.exp(lnB), alpha, beta },
    rmse,
    maxAbsResidual: Math.max(...residuals.map(Math.abs)),
    residuals,
    iterations: best.iterations,
  };
}
