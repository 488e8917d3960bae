// LRP rules as plain, validated values, the per-layer assignment type, and two named composites.
// Formulas: Montavon et al. 2019, "Layer-Wise Relevance Propagation: An Overview", in Explainable AI,
// LNCS 11700; αβ from Bach et al. 2015, PLoS ONE 10(7): e0130140. For a layer z_k = Σ_j a_j w_jk + b_k,
// Σ_{0,j} counts the bias as a_0 = 1, w_0k = b_k:
//   LRP-ε:  R_j = Σ_k a_j w_jk / (ε + Σ_{0,j} a_j w_jk) · R_k   (ε takes the sign of z, as zennit)
//   LRP-γ:  R_j = Σ_k a_j (w_jk + γ w⁺_jk) / Σ_{0,j} a_j (w_jk + γ w⁺_jk) · R_k
//   z⁺:     R_j = Σ_k a_j w⁺_jk / Σ_j a_j w⁺_jk · R_k   (no bias; = αβ with α=1, β=0 for a ≥ 0)
//   LRP-αβ: R_j = Σ_k (α (a_j w_jk)⁺ / Σ_{0,j} (a_j w_jk)⁺ − β (a_j w_jk)⁻ / Σ_{0,j} (a_j w_jk)⁻) · R_k,
//           α − β = 1
//   z^B:    R_i = Σ_j (x_i w_ij − l_i w⁺_ij − h_i w⁻_ij) / Σ_i (x_i w_ij − l_i w⁺_ij − h_i w⁻_ij) · R_j
//           (first layer, input bounds l ≤ x ≤ h)
//   identity: R_in = R_out, for layers whose input and output have the same number of elements.
// This file only describes rules; lrp.ts applies them. It does not implement zennit's "flat" / "w²" rules.
import type { AnyModule } from "@paramlens/nn";
import { formatShape, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import type { LayerRef } from "./layer";

/** An LRP rule for one layer. Build them with the functions below (they validate their parameters). */
export type LrpRule =
  | { readonly kind: "epsilon"; readonly epsilon: number }
  | { readonly kind: "zplus" }
  | { readonly kind: "gamma"; readonly gamma: number }
  | { readonly kind: "alphabeta"; readonly alpha: number; readonly beta: number }
  | { readonly kind: "box"; readonly low: number | Tensor; readonly high: number | Tensor }
  | { readonly kind: "identity" };

/** What a rule function is told about a layer besides the module itself. */
export interface LrpLayerInfo {
  /** The dotted path of the layer in the model ("features.0"). */
  name: string;
  /** Position among the Linear / Conv2d layers in definition order (0 = the first); −1 for other layers. */
  weightedIndex: number;
}

/**
 * Picks a rule per layer (undefined keeps the default);
 * `index`: position among all leaf layers, in definition order.
 */
export type LrpRuleFn = (module: AnyModule, index: number, info: LrpLayerInfo) => LrpRule | undefined;

/**
 * Per-layer rules: a Map from layer (module instance or dotted path) to rule, a record from dotted path to
 * rule, or a function of the layer. Layers it leaves out keep the default (`rule` / `epsilon` options).
 */
export type LrpLayerRules = ReadonlyMap<LayerRef, LrpRule> | Readonly<Record<string, LrpRule>> | LrpRuleFn;

/** A rule with parameters that cannot give a correct LRP map (γ < 0, α − β ≠ 1, low > high, …). */
export class LrpRuleError extends AttributionError {
  constructor(op: string, detail: string) {
    super("BAD_OPTION", op, detail);
    this.name = "LrpRuleError";
  }
}

function finiteAtLeast(op: string, name: string, v: unknown, min: number): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min) {
    throw new LrpRuleError(op, `${name} must be a finite number ≥ ${min}, got ${String(v)}`);
  }
  return v;
}

/** LRP-ε; ε = 1e-9 by default (Captum's EpsilonRule). ε → 0 is LRP-0 (= Input × Gradient on ReLU nets). */
export function epsilonRule(epsilon = 1e-9): LrpRule {
  return { kind: "epsilon", epsilon: finiteAtLeast("epsilonRule", "epsilon", epsilon, 0) };
}

/** z⁺: relevance flows back through the positive weights only, bias ignored (Captum's Alpha1_Beta0_Rule). */
export function zPlusRule(): LrpRule {
  return { kind: "zplus" };
}

/** LRP-γ: weights w + γ·w⁺ (bias b + γ·b⁺). γ = 0.25 by default (zennit's Gamma and EpsilonGammaBox). */
export function gammaRule(gamma = 0.25): LrpRule {
  return { kind: "gamma", gamma: finiteAtLeast("gammaRule", "gamma", gamma, 0) };
}

/** LRP-αβ with α − β = 1 and β ≥ 0 (Bach et al. 2015); α = 1, β = 0 is z⁺ on non-negative inputs. */
export function alphaBetaRule(alpha: number, beta: number): LrpRule {
  const op = "alphaBetaRule";
  const b = finiteAtLeast(op, "beta", beta, 0);
  const a = finiteAtLeast(op, "alpha", alpha, 1);
  if (Math.abs(a - b - 1) > 1e-9) {
    throw new LrpRuleError(op, `alpha − beta must be 1 (conservation), got alpha ${a}, beta ${b}`);
  }
  return { kind: "alphabeta", alpha: a, beta: b };
}

/**
 * The z^B ("box", zennit's ZBox) rule for the first layer, whose input lies in [low, high] (e.g. the
 * normalised pixel range). low / high: numbers or tensors shaped like one input example (or [1, ...]).
 */
export function boxRule(low: number | Tensor, high: number | Tensor): LrpRule {
  checkBounds("boxRule", low, high);
  return { kind: "box", low, high };
}

/** Identity: the layer passes its output relevance to its input unchanged (Captum's IdentityRule). */
export function identityRule(): LrpRule {
  return { kind: "identity" };
}

function boundValues(op: string, name: string, v: unknown): { values: ArrayLike<number>; shape: number[] } {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new LrpRuleError(op, `${name} must be finite, got ${v}`);
    return { values: [v], shape: [] };
  }
  const t = v as Tensor;
  if (t === null || typeof t !== "object" || typeof t.toTypedArray !== "function") {
    throw new LrpRuleError(op, `${name} must be a number or a Tensor, got ${String(v)}`);
  }
  if (t.dtype !== "float32") throw new LrpRuleError(op, `${name} must be float32, got ${t.dtype}`);
  const values = t.toTypedArray();
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new LrpRuleError(op, `${name} must be finite, got ${values[i]} at flat index ${i}`);
    }
  }
  return { values, shape: [...t.shape] };
}

function checkBounds(op: string, low: unknown, high: unknown): void {
  const l = boundValues(op, "low", low);
  const h = boundValues(op, "high", high);
  if (l.values.length > 1 && h.values.length > 1 && l.values.length !== h.values.length) {
    throw new LrpRuleError(
      op,
      `low ${formatShape(l.shape)} and high ${formatShape(h.shape)} must have the same shape`,
    );
  }
  const n = Math.max(l.values.length, h.values.length);
  for (let i = 0; i < n; i++) {
    const lo = l.values.length === 1 ? l.values[0]! : l.values[i]!;
    const hi = h.values.length === 1 ? h.values[0]! : h.values[i]!;
    if (lo > hi)
      throw new LrpRuleError(op, `low must be ≤ high, got low ${lo} > high ${hi} at flat index ${i}`);
  }
}

/** Re-checks a rule that may have been written as a plain object (so bad values fail, not mislead). */
export function validateRule(op: string, where: string, rule: unknown): LrpRule {
  const r = rule as LrpRule;
  const at = `${op} (${where})`;
  if (r === null || typeof r !== "object" || typeof r.kind !== "string") {
    throw new LrpRuleError(
      at,
      `expected an LRP rule object (epsilonRule(), gammaRule(), …), got ${String(rule)}`,
    );
  }
  switch (r.kind) {
    case "epsilon":
      finiteAtLeast(at, "epsilon", r.epsilon, 0);
      return r;
    case "gamma":
      finiteAtLeast(at, "gamma", r.gamma, 0);
      return r;
    case "alphabeta":
      alphaBetaRule(r.alpha, r.beta);
      return r;
    case "box":
      checkBounds(at, r.low, r.high);
      return r;
    case "zplus":
    case "identity":
      return r;
    default:
      throw new LrpRuleError(
        at,
        `unknown rule kind ${JSON.stringify((r as { kind: string }).kind)}; ` +
          `expected epsilon, zplus, gamma, alphabeta, box or identity`,
      );
  }
}

/**
 * zennit's EpsilonPlus composite: z⁺ on every Conv2d, ε on every Linear (ε = 1e-6, zennit's default).
 * Source: zennit composites.py (Anders et al. 2021, arXiv:2106.13200).
 */
export function epsilonPlusComposite(options: { epsilon?: number } = {}): LrpRuleFn {
  const eps = epsilonRule(options.epsilon ?? 1e-6);
  const zp = zPlusRule();
  return (m) => (m.typeName === "Conv2d" ? zp : m.typeName === "Linear" ? eps : undefined);
}

/**
 * zennit's EpsilonGammaBox composite, after the overview's recipe (γ low, ε high, z^B on pixels): z^B on
 * the first Linear / Conv2d, γ on the other Conv2d layers, ε on Linear layers (γ = 0.25, ε = 1e-6:
 * zennit's defaults).
 */
export function epsilonGammaBoxComposite(options: {
  low: number | Tensor;
  high: number | Tensor;
  gamma?: number;
  epsilon?: number;
}): LrpRuleFn {
  const box = boxRule(options.low, options.high);
  const gam = gammaRule(options.gamma ?? 0.25);
  const eps = epsilonRule(options.epsilon ?? 1e-6);
  return (m, _i, info) => {
    if (info.weightedIndex === 0) return box;
    if (m.typeName === "Conv2d") return gam;
    if (m.typeName === "Linear") return eps;
    return undefined;
  };
}
