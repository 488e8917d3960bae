// KernelSHAP (Lundberg & Lee 2017, arXiv:1705.07874, Theorem 2): Shapley values as the solution of a
// weighted linear regression over coalitions z, with the Shapley kernel
//   π(z) = (M − 1) / (C(M, |z|) · |z| · (M − |z|)),
// and the two ends enforced exactly: φ₀ = f(baseline), Σ φ = f(x) − f(baseline) (we eliminate the last
// feature instead of Captum's large-weight approximation). If nSamples ≥ 2^M − 2 every coalition is
// enumerated with its kernel weight, which gives the exact Shapley values; otherwise coalition sizes are
// drawn with probability ∝ π·C(M, k) and members uniformly (weight 1 each), seeded.
import { Generator, type Tensor } from "@paramlens/tensor";
import { allOrNone, type Coalition, evaluateCoalitions } from "./coalitions";
import { featureGroups, spreadToElements } from "./feature-mask";
import { fitLinearSurrogate } from "./linear-surrogate";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, positiveInt, prepareInput, resolveBaselines, resolveTargets } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions, ForwardFn } from "./types";

export interface KernelShapOptions extends CommonAttributeOptions {
  /** Value an absent feature takes; default 0. */
  baselines?: Baselines;
  /** Integer group id per element (broadcast to the input); default: every element alone. */
  featureMask?: Tensor;
  /** Coalitions per example (besides the empty and full ones); default 2M + 2048 (as the shap package). */
  nSamples?: number;
  /** Seed for sampled coalitions; default 0. */
  seed?: number;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

interface Sampled {
  coalitions: Uint8Array[];
  weights: number[];
}

function coalitionsFor(m: number, nSamples: number, gen: Generator): Sampled {
  const coalitions: Uint8Array[] = [];
  const weights: number[] = [];
  if (m < 31 && nSamples >= 2 ** m - 2) {
    for (let s = 1; s < 2 ** m - 1; s++) {
      const z = new Uint8Array(m);
      let k = 0;
      for (let j = 0; j < m; j++) {
        z[j] = (s >> j) & 1;
        k += z[j]!;
      }
      coalitions.push(z);
      weights.push((m - 1) / (binomial(m, k) * k * (m - k)));
    }
    return { coalitions, weights };
  }
  // P(size k) ∝ π(k)·C(M, k) = (M − 1) / (k (M − k))
  const cdf: number[] = [];
  let total = 0;
  for (let k = 1; k < m; k++) {
    total += (m - 1) / (k * (m - k));
    cdf.push(total);
  }
  for (let s = 0; s < nSamples; s++) {
    const u = gen.nextFloat() * total;
    let k = 1;
    while (k < m - 1 && cdf[k - 1]! <= u) k++;
    const order = Array.from({ length: m }, (_, j) => j);
    const z = new Uint8Array(m);
    for (let j = 0; j < k; j++) {
      const pick = gen.nextInt(j, m); // partial Fisher–Yates: k distinct members
      [order[j], order[pick]] = [order[pick]!, order[j]!];
      z[order[j]!] = 1;
    }
    coalitions.push(z);
    weights.push(1);
  }
  return { coalitions, weights };
}

const KERNEL_SHAP_KEYS: OptionKeys<KernelShapOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  featureMask: true,
  nSamples: true,
  seed: true,
};

export class KernelShap implements Attributor<KernelShapOptions> {
  private readonly model: ForwardFn;
  constructor(model: ModelLike) {
    this.model = toForwardFn("KernelShap", model);
  }

  attribute(input: Tensor, options: KernelShapOptions = {}): AttributionResult {
    const op = "KernelShap.attribute";
    checkOptions(op, options, KERNEL_SHAP_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const groups = featureGroups(op, options.featureMask, p);
    const gen = new Generator(options.seed ?? 0);
    const plan: Coalition[] = [];
    const sampled: Sampled[] = [];
    groups.forEach((gs, i) => {
      const m = gs.length;
      const nSamples = positiveInt(op, "nSamples", options.nSamples, 2 * m + 2048);
      plan.push(allOrNone(i, m, false), allOrNone(i, m, true));
      const s = m > 1 ? coalitionsFor(m, nSamples, gen) : { coalitions: [], weights: [] };
      for (const z of s.coalitions) plan.push({ example: i, present: z });
      sampled.push(s);
    });
    const f = evaluateCoalitions(op, this.model, p, baselines, groups, targets, batch, plan);
    let at = 0;
    const values = groups.map((gs, i) => {
      const m = gs.length;
      const fBase = f[at++]!;
      const total = f[at++]! - fBase; // Σ φ
      const { coalitions, weights } = sampled[i]!;
      const ys = coalitions.map(() => f[at++]!);
      if (m === 1) return Float64Array.of(total);
      // y − f(b) = Σ_j φ_j z_j with φ_M = total − Σ_{j<M} φ_j  ⇒  y − f(b) − z_M·total = Σ_{j<M} φ_j (z_j − z_M)
      const rows = coalitions.map((z) => Array.from({ length: m - 1 }, (_, j) => z[j]! - z[m - 1]!));
      const targetsY = coalitions.map((z, k) => ys[k]! - fBase - z[m - 1]! * total);
      const { coefficients } = fitLinearSurrogate(rows, targetsY, weights, { intercept: false });
      const phi = new Float64Array(m);
      let rest = total;
      for (let j = 0; j < m - 1; j++) {
        phi[j] = coefficients[j]!;
        rest -= phi[j]!;
      }
      phi[m - 1] = rest;
      return phi;
    });
    return { attributions: tensorFrom(spreadToElements(groups, values, p.d), p.shape) };
  }
}
