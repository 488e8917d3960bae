// The data behind `paramlens scale`: the compute-optimal split of a FLOP budget into parameters and
// tokens, and the predicted loss, under Chinchilla (Hoffmann et al. 2022), its Epoch AI re-fit, Kaplan et
// al. 2020, or constants fitted to the user's runs. The laws themselves are @paramlens/gpt-params'; here
// a budget is found from a given N or D by inverting computeOptimal, which is a power law in C for each law.
import {
  type ChinchillaConstants,
  type ComputeOptimalOptions,
  chinchilla,
  computeOptimal,
  kaplan,
  trainingCompute,
} from "@paramlens/gpt-params";
import { InvalidValueError } from "../errors";

export type LawId = "chinchilla" | "epoch" | "kaplan";

export interface ScaleOptions {
  /** Training FLOP budget C. */
  compute?: number;
  /** Parameters N. */
  parameters?: number;
  /** Training tokens D. */
  tokens?: number;
  /** Published law to use (default chinchilla); ignored when `fitted` is given. */
  law?: LawId;
  /** Chinchilla-form constants fitted to the user's runs; replaces the published law. */
  fitted?: ChinchillaConstants;
}

export interface Allocation {
  flops: number;
  parameters: number;
  tokens: number;
  tokensPerParameter: number;
  /** Predicted final loss in nats per token. */
  loss: number;
}

export interface ScaleReport {
  law: { id: LawId | "fit"; description: string; constants?: ChinchillaConstants };
  given: { compute?: number; parameters?: number; tokens?: number };
  /** The compute-optimal allocation: of the given budget, or of the budget whose optimum has the given N or D. */
  optimal: Allocation;
  /** The run the user described (N and D, or a budget with one of them), when it is not the optimum itself. */
  run?: Allocation;
}

const LAWS: Record<LawId, string> = {
  chinchilla:
    "Chinchilla: Hoffmann et al. 2022, L = E + A/N^α + B/D^β (E 1.69, A 406.4, B 410.7, α 0.34, β 0.28)",
  epoch:
    "Chinchilla form, Epoch AI re-fit: Besiroglu et al. 2024 (E 1.82, A 482.01, B 2085.43, α 0.3478, β 0.3658)",
  kaplan:
    "Kaplan et al. 2020: N_opt = 1.3e9 · C^0.73 (C in PF-days), loss from L(N, D) eq. 4.1 (N non-embedding)",
};

interface Law {
  optimal(flops: number): { parameters: number; tokens: number };
  loss(parameters: number, tokens: number): number;
}

function lawFor(options: ScaleOptions): { law: Law; meta: ScaleReport["law"] } {
  if (options.fitted) {
    const fit = options.fitted;
    const opts: ComputeOptimalOptions = { law: "chinchilla", fit };
    return {
      law: { optimal: (c) => computeOptimal(c, opts), loss: (n, d) => chinchilla(n, d, fit) },
      meta: { id: "fit", description: "Chinchilla form fitted to your runs", constants: fit },
    };
  }
  const id = options.law ?? "chinchilla";
  if (id === "kaplan") {
    return {
      law: {
        optimal: (c) => computeOptimal(c, { law: "kaplan" }),
        loss: (n, d) => kaplan({ parameters: n, tokens: d }),
      },
      meta: { id, description: LAWS.kaplan },
    };
  }
  const fit = id === "epoch" ? "epoch2024" : "hoffmann2022";
  return {
    law: {
      optimal: (c) => computeOptimal(c, { law: "chinchilla", fit }),
      loss: (n, d) => chinchilla(n, d, fit),
    },
    meta: { id, description: LAWS[id] },
  };
}

/**
 * The budget C whose optimum has `target` parameters (or tokens). Every law here makes N_opt and D_opt
 * pure power laws of C, so two evaluations give the exponent and the inversion is exact.
 */
function invert(law: Law, key: "parameters" | "tokens", target: number): number {
  const c1 = 1e20;
  const c2 = 1e24;
  const y1 = law.optimal(c1)[key];
  const y2 = law.optimal(c2)[key];
  const exponent = Math.log(y2 / y1) / Math.log(c2 / c1);
  const flops = c1 * (target / y1) ** (1 / exponent);
  const check = law.optimal(flops)[key];
  if (!Number.isFinite(flops) || Math.abs(check - target) > 1e-6 * target) {
    throw new Error(`scale: could not invert the law for ${key} = ${target} (got ${check})`);
  }
  return flops;
}

function allocation(law: Law, flops: number, parameters: number, tokens: number): Allocation {
  return {
    flops,
    parameters,
    tokens,
    tokensPerParameter: tokens / parameters,
    loss: law.loss(parameters, tokens),
  };
}

/**
 * Compute-optimal allocation and predicted loss.
 * - `compute` alone: the optimal N and D for that budget.
 * - `parameters` or `tokens` alone: the budget for which that N (or D) is optimal, and the other one.
 * - two of them: that run (the third follows from C = 6·N·D) beside the optimum of the same budget.
 * @example scaleReport({ compute: 5.76e23 }).optimal.parameters // ≈ 6.9e10 (Chinchilla's budget)
 */
export function scaleReport(options: ScaleOptions): ScaleReport {
  const { compute, parameters, tokens } = options;
  const givenCount = [compute, parameters, tokens].filter((v) => v !== undefined).length;
  if (givenCount === 0)
    throw new InvalidValueError("scale: give --compute, --params or --tokens (or two of them)");
  if (givenCount === 3) {
    throw new InvalidValueError(
      "scale: --compute, --params and --tokens together over-determine the run (C = 6·N·D); give two",
    );
  }
  const { law, meta } = lawFor(options);
  const given: ScaleReport["given"] = {};
  if (compute !== undefined) given.compute = compute;
  if (parameters !== undefined) given.parameters = parameters;
  if (tokens !== undefined) given.tokens = tokens;

  if (givenCount === 1) {
    const flops =
      compute ??
      (parameters !== undefined ? invert(law, "parameters", parameters) : invert(law, "tokens", tokens ?? 0));
    const o = law.optimal(flops);
    // Report the given quantity exactly rather than its round trip through the inversion.
    return {
      law: meta,
      given,
      optimal: allocation(law, flops, parameters ?? o.parameters, tokens ?? o.tokens),
    };
  }
  let n: number;
  let d: number;
  let flops: number;
  if (parameters !== undefined && tokens !== undefined) {
    n = parameters;
    d = tokens;
    flops = trainingCompute(n, d);
  } else if (parameters !== undefined && compute !== undefined) {
    n = parameters;
    flops = compute;
    d = compute / (6 * parameters);
  } else {
    d = tokens ?? 0;
    flops = compute ?? 0;
    n = flops / (6 * d);
  }
  const o = law.optimal(flops);
  return {
    law: meta,
    given,
    optimal: allocation(law, flops, o.parameters, o.tokens),
    run: allocation(law, flops, n, d),
  };
}
