// Layer-wise relevance propagation (Bach et al. 2015, PLoS ONE 10(7): e0130140) for networks of Linear,
// Conv2d, ReLU, MaxPool2d, AvgPool2d and Flatten modules, as "input ⊙ modified gradient" (Ancona et al.
// 2018, arXiv:1711.06104): the backward signal is relevance per unit of each quantity, so at the input
// R = x ⊙ signal, and a rule on a layer is a hook that turns the signal at its output (relevance
// R_k = z_k·g_k) into the signal at its input (R_j / a_j). The rules and their formulas (Montavon et al. 2019) are in
// lrp-rules.ts; rules are set per layer (`layerRules`), else `rule` on every Linear / Conv2d.
//   ε:  the layer's output gradient is scaled by z/(z + ε sign z), then the true backward runs;
//   z⁺, γ, αβ: the signal is ∂(z'·v)/∂a of the modified layer z' with v = R / z' (per sign for αβ);
//   z^B (box): on the first layer only; its input relevance is computed directly and becomes the result
//     (x ⊙ signal would lose the relevance of inputs equal to 0, which z^B gives a share through l and h);
//   identity: R_in = R_out (same element count in and out).
// ReLU and max-pool pass relevance as their gradient does; avg-pool takes the ε rule unless told identity.
// The output relevance is the target output itself. With ε → 0 this is Input × Gradient; on bias-free ReLU
// networks Σ R = f(x) under ε → 0, z⁺, γ, αβ (where both signs occur) and z^B.
import type { AnyModule, RemovableHandle } from "@paramlens/nn";
import { conv2d, enableGrad, formatShape, grad, Tensor, where } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { evaluateGradients, rowsOf } from "./evaluate";
import { resolveLayer, withHooks } from "./layer";
import { type LrpLayerRules, type LrpRule, LrpRuleError, validateRule } from "./lrp-rules";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, nonNegative, prepareInput, resolveTargets } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, CommonAttributeOptions, ForwardFn } from "./types";

const WEIGHTED = new Set(["Linear", "Conv2d"]);
const PASS = new Set(["ReLU", "MaxPool2d", "Flatten", "Identity", "Dropout"]);

export interface LrpOptions extends CommonAttributeOptions {
  /** "epsilon" (default), "zplus", or any rule object (lrp-rules.ts), applied to every Linear / Conv2d. */
  rule?: "epsilon" | "zplus" | LrpRule;
  /** ε of the default epsilon rule (and of avg-pool layers); default 1e-9 (Captum's EpsilonRule). */
  epsilon?: number;
  /**
   * Rules per layer (module instance or dotted path → rule, or a function of the layer, e.g.
   * epsilonGammaBoxComposite(...)); layers it leaves out keep the `rule` above.
   */
  layerRules?: LrpLayerRules;
}

interface Conv2dLike {
  weight: Tensor;
  bias: Tensor | null;
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

interface Saved {
  a: Tensor;
  z: Tensor;
}

/** Relevance the box layer computed for the current chunk, and the input it saw (to check it is x). */
interface BoxState {
  name: string;
  low: Float32Array;
  high: Float32Array;
  r: Float32Array | null;
  a: Float32Array | null;
}

const LRP_KEYS: OptionKeys<LrpOptions> = {
  target: true,
  internalBatchSize: true,
  rule: true,
  epsilon: true,
  layerRules: true,
};

export class LRP implements Attributor<LrpOptions> {
  private readonly model: ForwardFn;
  private readonly root: AnyModule;
  private readonly leaves: [string, AnyModule][];
  constructor(model: ModelLike) {
    const op = "LRP";
    const m = model as unknown as AnyModule;
    if (m === null || typeof m !== "object" || typeof m.namedModules !== "function") {
      throw new AttributionError("BAD_OPTION", op, "the model must be an nn Module (its layers are hooked)");
    }
    const leaves = m.namedModules().filter(([, mod]) => mod.children().length === 0);
    for (const [name, mod] of leaves) {
      if (!WEIGHTED.has(mod.typeName) && !PASS.has(mod.typeName) && mod.typeName !== "AvgPool2d") {
        throw new AttributionError(
          "BAD_OPTION",
          op,
          `no LRP rule for ${mod.typeName} ("${name}"); supported: Linear, Conv2d, ReLU, MaxPool2d, AvgPool2d, Flatten`,
        );
      }
    }
    this.root = m;
    this.leaves = leaves;
    this.model = toForwardFn(op, model);
  }

  attribute(input: Tensor, options: LrpOptions = {}): AttributionResult {
    const op = "LRP.attribute";
    checkOptions(op, options, LRP_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const eps = nonNegative(op, "epsilon", options.epsilon, 1e-9);
    const epsRule: LrpRule = { kind: "epsilon", epsilon: eps };
    const rule = options.rule ?? "epsilon";
    let weightedDefault: LrpRule;
    if (rule === "epsilon") weightedDefault = epsRule;
    else if (rule === "zplus") weightedDefault = { kind: "zplus" };
    else if (rule !== null && typeof rule === "object") weightedDefault = validateRule(op, "rule", rule);
    else {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `rule must be "epsilon" or "zplus" or an LRP rule object, got ${String(rule)}`,
      );
    }
    const assigned = this.assignments(op, options.layerRules);

    const saved = new Map<AnyModule, Saved>();
    const handles: RemovableHandle[] = [];
    let box: BoxState | null = null;
    for (const [name, mod] of this.leaves) {
      const weighted = WEIGHTED.has(mod.typeName);
      const r =
        assigned.get(mod) ?? (weighted ? weightedDefault : mod.typeName === "AvgPool2d" ? epsRule : null);
      if (r === null) continue; // ReLU, max-pool, flatten: relevance flows as the gradient
      checkApplicable(op, name, mod, r);
      if (r.kind === "box") {
        if (box !== null) {
          throw new LrpRuleError(
            op,
            `the box rule is for the first layer only; got it on "${box.name}" and "${name}"`,
          );
        }
        box = {
          name,
          low: boundArray(op, "low", r.low, p.featShape, p.d),
          high: boundArray(op, "high", r.high, p.featShape, p.d),
          r: null,
          a: null,
        };
      }
      handles.push(
        mod.registerForwardHook((_m, inputs, z) => {
          saved.set(mod, { a: ((inputs as unknown[])[0] as Tensor).detach(), z: (z as Tensor).detach() });
        }),
      );
      if (r.kind === "epsilon") {
        const e = r.epsilon;
        handles.push(
          mod.registerFullBackwardPreHook((_m, gradOutput) => {
            const s = saved.get(mod);
            const g = gradOutput[0];
            if (!s || !g) return undefined;
            const z = s.z;
            const denom = z.add(where(z.ge(0), e, -e)); // z + ε·sign z, sign 0 = +1
            return [safeDiv(g.mul(z), denom)];
          }),
        );
        continue;
      }
      const boxState = box;
      handles.push(
        mod.registerFullBackwardHook((_m, gradInput, gradOutput) => {
          const s = saved.get(mod);
          const g = gradOutput[0];
          if (!s || !g || !gradInput[0]) return undefined;
          const rel = g.mul(s.z); // relevance at the layer's output
          switch (r.kind) {
            case "zplus":
              return [zPlusSignal(mod, s.a, rel)];
            case "gamma":
              return [gammaSignal(mod, s.a, rel, r.gamma)];
            case "alphabeta":
              return [alphaBetaSignal(mod, s.a, rel, r.alpha, r.beta)];
            case "identity":
              return [identitySignal(op, name, s.a, rel)];
            case "box":
              boxRelevance(op, mod, s.a, rel, boxState!, p.d);
              return undefined; // the result is taken from boxState, not from the signal
          }
        }),
      );
    }
    const out = new Float32Array(p.n * p.d);
    withHooks(handles, () =>
      evaluateGradients(op, this.model, p.featShape, rowsOf(p.x, p.n, p.d), targets, batch, (r, _v, g, o) => {
        if (box === null) {
          for (let k = 0; k < p.d; k++) out[r * p.d + k] = p.x[r * p.d + k]! * g[o + k]!;
          return;
        }
        const br = box.r;
        const ba = box.a;
        if (br === null || ba === null) {
          throw new LrpRuleError(
            op,
            `the box-rule layer "${box.name}" did not take part in the backward pass`,
          );
        }
        for (let k = 0; k < p.d; k++) {
          if (ba[o + k] !== p.x[r * p.d + k]) {
            throw new LrpRuleError(
              op,
              `the box rule is for the first layer: "${box.name}" must receive the model input, but its input ` +
                `differs at row ${r}, element ${k} (${ba[o + k]} vs ${p.x[r * p.d + k]})`,
            );
          }
          out[r * p.d + k] = br[o + k]!;
        }
        if (o + p.d === br.length) box.r = box.a = null; // last row of the chunk: the next chunk recomputes
      }),
    );
    return { attributions: tensorFrom(out, p.shape) };
  }

  /** The per-layer rules, resolved to leaf modules and validated. */
  private assignments(op: string, rules: LrpLayerRules | undefined): Map<AnyModule, LrpRule> {
    const out = new Map<AnyModule, LrpRule>();
    if (rules === undefined) return out;
    const names = new Map<AnyModule, string>(this.leaves.map(([n, m]) => [m, n]));
    if (typeof rules === "function") {
      let w = 0;
      this.leaves.forEach(([name, mod], i) => {
        const weightedIndex = WEIGHTED.has(mod.typeName) ? w++ : -1;
        const r = rules(mod, i, { name, weightedIndex });
        if (r !== undefined) out.set(mod, validateRule(op, `layerRules for "${name}"`, r));
      });
      return out;
    }
    if (rules === null || typeof rules !== "object") {
      throw new AttributionError("BAD_OPTION", op, `layerRules must be a Map, an object or a function`);
    }
    const entries: [unknown, LrpRule][] =
      rules instanceof Map ? [...rules.entries()] : Object.entries(rules as Record<string, LrpRule>);
    for (const [key, r] of entries) {
      const label = typeof key === "string" ? `"${key}"` : ((key as AnyModule)?.typeName ?? String(key));
      const mod = resolveLayer(op, this.root, key as string | AnyModule);
      const name = names.get(mod);
      if (name === undefined) {
        throw new AttributionError(
          "BAD_OPTION",
          op,
          `layerRules: ${label} is not a leaf layer of this model (rules go on Linear, Conv2d, … not containers)`,
        );
      }
      if (out.has(mod)) throw new AttributionError("BAD_OPTION", op, `layerRules: "${name}" is given twice`);
      out.set(mod, validateRule(op, `layerRules for "${name}"`, r));
    }
    return out;
  }
}

function checkApplicable(op: string, name: string, mod: AnyModule, r: LrpRule): void {
  const t = mod.typeName;
  if (WEIGHTED.has(t)) return;
  if (t === "AvgPool2d" && (r.kind === "epsilon" || r.kind === "identity")) return;
  if (PASS.has(t) && r.kind === "identity") return;
  const allowed =
    t === "AvgPool2d" ? "epsilon or identity" : "only identity (its gradient already passes relevance)";
  throw new LrpRuleError(
    op,
    `rule ${r.kind} needs a Linear or Conv2d layer; ${t} ("${name}") takes ${allowed}`,
  );
}

/** num / den, 0 where den = 0 (a unit with no contributions passes no relevance). */
function safeDiv(num: Tensor, den: Tensor): Tensor {
  const nz = den.ne(0);
  return where(nz, num.div(where(nz, den, 1)), 0);
}

function weightOf(mod: AnyModule): Tensor {
  return (mod as unknown as { weight: Tensor }).weight.detach();
}

function biasOf(mod: AnyModule): Tensor | null {
  const b = (mod as unknown as { bias: Tensor | null | undefined }).bias;
  return b ? b.detach() : null;
}

/** The layer's own operation with weight w and bias b: a ⋆ w + b. */
function layerForward(mod: AnyModule, a: Tensor, w: Tensor, b: Tensor | null): Tensor {
  if (mod.typeName === "Linear") {
    const y = a.matmul(w.transpose(0, 1)); // [..., in] @ [in, out]
    return b ? y.add(b) : y;
  }
  const c = mod as unknown as Conv2dLike;
  return conv2d(a, w, b, { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups });
}

/** Σ over outputs of v · ∂z'/∂a for the modified layer z' = a ⋆ w (bias does not change the gradient). */
function backThrough(mod: AnyModule, a: Tensor, w: Tensor, v: Tensor): Tensor {
  return enableGrad(() => {
    const ag = a.detach().requiresGrad_();
    return grad(layerForward(mod, ag, w, null), ag, { gradOutputs: [v] })[0]!;
  });
}

/** z⁺: signal = W⁺ᵀ (R / z⁺), z⁺ = a ⋆ w⁺ without bias. */
function zPlusSignal(mod: AnyModule, a: Tensor, rel: Tensor): Tensor {
  const wp = weightOf(mod).relu();
  return backThrough(mod, a, wp, safeDiv(rel, layerForward(mod, a, wp, null)));
}

/** γ: signal = (W + γW⁺)ᵀ (R / z_γ), z_γ = a ⋆ (w + γw⁺) + b + γb⁺ (Montavon et al. 2019, Eq. LRP-γ). */
function gammaSignal(mod: AnyModule, a: Tensor, rel: Tensor, gamma: number): Tensor {
  const w = weightOf(mod);
  const wg = w.add(w.relu().mul(gamma));
  const b = biasOf(mod);
  const bg = b ? b.add(b.relu().mul(gamma)) : null;
  return backThrough(mod, a, wg, safeDiv(rel, layerForward(mod, a, wg, bg)));
}

/**
 * αβ: splits each contribution a_j w_jk by sign, (a w)⁺ = a⁺w⁺ + a⁻w⁻, (a w)⁻ = a⁺w⁻ + a⁻w⁺, bias split
 * likewise. For a_j > 0 the signal is W⁺ᵀv⁺ − W⁻ᵀv⁻, for a_j < 0 it is W⁻ᵀv⁺ − W⁺ᵀv⁻, with
 * v⁺ = α R / z⁺ and v⁻ = β R / z⁻ (a sum that is 0 passes nothing).
 */
function alphaBetaSignal(mod: AnyModule, a: Tensor, rel: Tensor, alpha: number, beta: number): Tensor {
  const w = weightOf(mod);
  const wp = w.relu();
  const wn = w.clamp(undefined, 0);
  const b = biasOf(mod);
  const ap = a.relu();
  const an = a.clamp(undefined, 0);
  let zp = layerForward(mod, ap, wp, null).add(layerForward(mod, an, wn, null));
  let zn = layerForward(mod, ap, wn, null).add(layerForward(mod, an, wp, null));
  if (b) {
    zp = zp.add(b.relu());
    zn = zn.add(b.clamp(undefined, 0));
  }
  const vp = safeDiv(rel, zp).mul(alpha);
  const vn = safeDiv(rel, zn).mul(beta);
  const forPositive = backThrough(mod, a, wp, vp).sub(backThrough(mod, a, wn, vn));
  const forNegative = backThrough(mod, a, wn, vp).sub(backThrough(mod, a, wp, vn));
  return where(a.gt(0), forPositive, forNegative);
}

/** Identity: R_in = R_out, so the signal is R_out / a; relevance on an input equal to 0 cannot be carried. */
function identitySignal(op: string, name: string, a: Tensor, rel: Tensor): Tensor {
  if (rel.size !== a.size) {
    throw new LrpRuleError(
      op,
      `identity rule on "${name}": input ${formatShape(a.shape)} and output ${formatShape(rel.shape)} differ in size`,
    );
  }
  const r = rel.reshape([...a.shape]);
  const rv = r.toTypedArray();
  const av = a.toTypedArray();
  for (let i = 0; i < rv.length; i++) {
    if (av[i] === 0 && rv[i] !== 0) {
      throw new LrpRuleError(
        op,
        `identity rule on "${name}": relevance ${rv[i]} reaches an input equal to 0 (flat index ${i}) and would be lost`,
      );
    }
  }
  return safeDiv(r, a);
}

/** z^B: R_i = x_i (Wᵀv)_i − l_i (W⁺ᵀv)_i − h_i (W⁻ᵀv)_i with v = R / (x⋆W − l⋆W⁺ − h⋆W⁻), no bias. */
function boxRelevance(op: string, mod: AnyModule, x: Tensor, rel: Tensor, box: BoxState, d: number): void {
  const rows = x.shape[0] ?? 0;
  if (x.ndim < 2 || x.size !== rows * d) {
    throw new LrpRuleError(
      op,
      `the box rule is for the first layer: "${box.name}" receives ${formatShape(x.shape)}, not one row per input example`,
    );
  }
  const tile = (v: Float32Array): Tensor => {
    const data = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) data.set(v, r * d);
    return new Tensor(data, [...x.shape]);
  };
  const lo = tile(box.low);
  const hi = tile(box.high);
  const w = weightOf(mod);
  const wp = w.relu();
  const wn = w.clamp(undefined, 0);
  const den = layerForward(mod, x, w, null)
    .sub(layerForward(mod, lo, wp, null))
    .sub(layerForward(mod, hi, wn, null));
  const v = safeDiv(rel, den);
  const rIn = x
    .mul(backThrough(mod, x, w, v))
    .sub(lo.mul(backThrough(mod, lo, wp, v)))
    .sub(hi.mul(backThrough(mod, hi, wn, v)));
  box.r = rIn.toTypedArray() as Float32Array;
  box.a = x.toTypedArray() as Float32Array;
}

/** A box bound as d values: a number, or a tensor shaped like one example ([...F] or [1, ...F]). */
function boundArray(
  op: string,
  name: string,
  v: number | Tensor,
  featShape: readonly number[],
  d: number,
): Float32Array {
  if (typeof v === "number") return new Float32Array(d).fill(v);
  const s = v.shape;
  const same = (t: readonly number[]) =>
    t.length === featShape.length && t.every((x, i) => x === featShape[i]);
  if (!same(s) && !(s[0] === 1 && same(s.slice(1)))) {
    throw new LrpRuleError(
      op,
      `box rule ${name} ${formatShape(s)} must be a number or shaped like one input example ${formatShape(featShape)}`,
    );
  }
  return Float32Array.from(v.toTypedArray());
}
