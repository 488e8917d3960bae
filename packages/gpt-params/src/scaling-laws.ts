// Published neural scaling laws: Kaplan et al. 2020 L(N), L(D), L(N, D), L(C); Chinchilla (Hoffmann et al.
// 2022) L(N, D) = E + A/N^α + B/D^β with its compute-optimal N and D; the Epoch AI 2024 re-fit as an option.
// Constants are the papers' and are cited where defined. Fitting your own runs lives in fit-scaling-law.ts.
import { positive } from "./check-args";
import { ArgumentError } from "./errors";

/** Constants of the Chinchilla form L(N, D) = E + A/N^α + B/D^β (loss in nats per token). */
export interface ChinchillaConstants {
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
}

/**
 * Published Chinchilla-form fits.
 * - `hoffmann2022`: Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", §3.3 (Approach 3)
 *   and Appendix D.2: E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = 0.28.
 * - `epoch2024`: Besiroglu et al. 2024 (Epoch AI), "Chinchilla Scaling: A replication attempt", re-fit on
 *   data reconstructed from the paper's Figure 4: E = 1.82, A = 482.01, B = 2085.43, α = 0.3478, β = 0.3658.
 */
export const CHINCHILLA_FITS: Readonly<Record<"hoffmann2022" | "epoch2024", ChinchillaConstants>> =
  Object.freeze({
    hoffmann2022: { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 },
    epoch2024: { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 },
  });

/** Which Chinchilla constants to use: a published fit's name or your own (e.g. from `fitScalingLaw`). */
export type ChinchillaFit = keyof typeof CHINCHILLA_FITS | ChinchillaConstants;

function constantsOf(fit: ChinchillaFit): ChinchillaConstants {
  if (typeof fit === "string") {
    const c = CHINCHILLA_FITS[fit];
    if (!c) throw new ArgumentError("chinchilla", "fit", `"${fit}" must be hoffmann2022 or epoch2024`);
    return c;
  }
  return fit;
}

/**
 * Chinchilla loss prediction L(N, D) = E + A/N^α + B/D^β for N parameters trained on D tokens.
 * @example chinchilla(70e9, 1.4e12) // ≈ 1.94 with Hoffmann et al.'s constants
 */
export function chinchilla(parameters: number, tokens: number, fit: ChinchillaFit = "hoffmann2022"): number {
  const n = positive("chinchilla", "parameters", parameters);
  const d = positive("chinchilla", "tokens", tokens);
  const c = constantsOf(fit);
  return c.E + c.A / n ** c.alpha + c.B / d ** c.beta;
}

/** A compute-optimal allocation of a FLOP budget. */
export interface ComputeOptimal {
  /** Budget C in FLOPs (C = 6·N·D). */
  flops: number;
  /** Optimal parameters N_opt. */
  parameters: number;
  /** Optimal training tokens D_opt. */
  tokens: number;
  /** D_opt / N_opt. */
  tokensPerParameter: number;
  /** Predicted loss at (N_opt, D_opt), for the Chinchilla-form laws. */
  loss?: number;
  /** Which law produced the allocation. */
  law: string;
}

/** Options for {@link computeOptimal}. */
export interface ComputeOptimalOptions {
  /**
   * `chinchilla` (default): minimise the Chinchilla form under C = 6ND (Hoffmann et al. 2022, eq. 4);
   * `tokens-per-parameter`: the D = r·N rule of thumb (r = 20, Chinchilla's 70B on 1.4T tokens);
   * `kaplan`: N_opt = 1.3e9 · (C in PF-days)^0.73 (Kaplan et al. 2020, §6.1 and Figure 14), D = C/(6N).
   */
  law?: "chinchilla" | "tokens-per-parameter" | "kaplan";
  /** Constants for `law: "chinchilla"` (default hoffmann2022). */
  fit?: ChinchillaFit;
  /** Ratio for `law: "tokens-per-parameter"` (default 20). */
  tokensPerParameter?: number;
}

/** One petaflop/s-day in FLOPs: 1e15 · 86400 (Kaplan et al. 2020 §1.3; Brown et al. 2020 Table D.1). */
export const PF_DAY = 1e15 * 86400;

/**
 * The parameter count and token count that spend a FLOP budget best under a scaling law.
 *
 * For the Chinchilla form, minimising L(N, C/(6N)) gives N_opt = G·(C/6)^a and D_opt = G⁻¹·(C/6)^b with
 * a = β/(α+β), b = α/(α+β), G = (αA / (βB))^(1/(α+β)) (Hoffmann et al. 2022, eq. 4 and Appendix D.2).
 * @example computeOptimal(5.76e23, { fit: "epoch2024" }) // ≈ 70B parameters on ≈ 1.4T tokens
 */
export function computeOptimal(flops: number, options: ComputeOptimalOptions = {}): ComputeOptimal {
  const c = positive("computeOptimal", "flops", flops);
  const law = options.law ?? "chinchilla";
  if (law === "tokens-per-parameter") {
    const r = positive("computeOptimal", "tokensPerParameter", options.tokensPerParameter ?? 20);
    // C = 6·N·(r·N) → N = sqrt(C / (6r)).
    const parameters = Math.sqrt(c / (6 * r));
    return { flops: c, parameters, tokens: r * parameters, tokensPerParameter: r, law };
  }
  if (law === "kaplan") {
    // Kaplan et al. 2020, §6.1 / Figure 14: N_opt(C_min) ≈ 1.3e9 · C_min^0.73, C_min in PF-days.
    const parameters = 1.3e9 * (c / PF_DAY) ** 0.73;
    const tokens = c / (6 * parameters);
    return { flops: c, parameters, tokens, tokensPerParameter: tokens / parameters, law };
  }
  if (law !== "chinchilla") {
    throw new ArgumentError(
      "computeOptimal",
      "law",
      `"${String(law)}" must be chinchilla, tokens-per-parameter or kaplan`,
    );
  }
  const k = constantsOf(options.fit ?? "hoffmann2022");
  const a = k.beta / (k.alpha + k.beta);
  const b = k.alpha / (k.alpha + k.beta);
  const G = ((k.alpha * k.A) / (k.beta * k.B)) ** (1 / (k.alpha + k.beta));
  const parameters = G * (c / 6) ** a;
  const tokens = (c / 6) ** b / G;
  return {
    flops: c,
    parameters,
    tokens,
    tokensPerParameter: tokens / parameters,
    loss: chinchilla(parameters, tokens, k),
    law,
  };
}

/**
 * Kaplan et al. 2020 constants (loss in nats on WebText2, N = non-embedding parameters, D = tokens).
 * Single-variable laws from §1.2 eqs. 1.1–1.3: α_N = 0.076, N_c = 8.8e13; α_D = 0.095, D_c = 5.4e13;
 * α_C^min = 0.050, C_c^min = 3.1e8 PF-days. Joint law L(N, D) from §4, eq. 4.1 and Table 2:
 * α_N = 0.076, α_D = 0.103, N_c = 6.4e13, D_c = 1.8e13.
 */
export const KAPLAN = Object.freeze({
  alphaN: 0.076,
  Nc: 8.8e13,
  alphaD: 0.095,
  Dc: 5.4e13,
  alphaCmin: 0.05,
  CcMinPFDays: 3.1e8,
  joint: Object.freeze({ alphaN: 0.076, alphaD: 0.103, Nc: 6.4e13, Dc: 1.8e13 }),
});

/**
 * Kaplan et al. 2020 loss predictions. Give `parameters` (non-embedding N), `tokens` (D), both, or `flops`
 * (compute-efficient C_min in FLOPs); the matching law is used:
 * L(N) = (N_c/N)^α_N, L(D) = (D_c/D)^α_D, L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D, L(C) = (C_c/C)^α_C.
 * @example kaplan({ parameters: 1.5e9 }) // ≈ 2.30 nats
 */
export function kaplan(args: { parameters?: number; tokens?: number; flops?: number }): number {
  const fn = "kaplan";
  const { parameters, tokens, flops } = args;
  if (flops !== undefined) {
    if (parameters !== undefined || tokens !== undefined) {
      throw new ArgumentError(fn, "flops", "cannot be combined with parameters or tokens");
    }
    const cPFDays = positive(fn, "flops", flops) / PF_DAY;
    return (KAPLAN.CcMinPFDays / cPFDays) ** KAPLAN.alphaCmin;
  }
  if (parameters !== undefined && tokens !== undefined) {
    const n = positive(fn, "parameters", parameters);
    const d = positive(fn, "tokens", tokens);
    const j = KAPLAN.joint;
    return ((j.Nc / n) ** (j.alphaN / j.alphaD) + j.Dc / d) ** j.alphaD;
  }
  if (parameters !== undefined) return (KAPLAN.Nc / positive(fn, "parameters", parameters)) ** KAPLAN.alphaN;
  if (tokens !== undefined) return (KAPLAN.Dc / positive(fn, "tokens", tokens)) ** KAPLAN.alphaD;
  throw new ArgumentError(fn, "args", "needs parameters, tokens, both, or flops");
}

/** D / N for a planned run: Chinchilla-optimal training sits near 20. */
export function tokensPerParameter(parameters: number, tokens: number): number {
  return (
    positive("tokensPerParameter", "tokens", tokens) /
    positive("tokensPerParameter", "parameters", parameters)
  );
}
