// Shapley values of the feature groups (Shapley 1953), with v(S) = f(x on S, baseline elsewhere):
//   φ_j = Σ_{S ⊆ M∖{j}} |S|! (M − |S| − 1)! / M! · (v(S ∪ {j}) − v(S)).
// ShapleyValues enumerates all 2^M coalitions (exact, for few features); ShapleyValueSampling averages the
// marginal contributions along nSamples random feature orders (Castro et al. 2009), seeded.
import { Generator, type Tensor } from "@paramlens/tensor";
import { allOrNone, type Coalition, evaluateCoalitions } from "./coalitions";
import { AttributionError } from "./errors";
import { featureGroups, spreadToElements } from "./feature-mask";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, positiveInt, prepareInput, resolveBaselines, resolveTargets } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions, ForwardFn } from "./types";

export interface ShapleyValuesOptions extends CommonAttributeOptions {
  /** Value an absent feature takes; default 0. */
  baselines?: Baselines;
  /** Integer group id per element (broadcast to the input); default: every element alone. */
  featureMask?: Tensor;
  /** Refuse more groups than this (2^M model rows per example); default 16. */
  maxFeatures?: number;
}

/**
 * Exact Shapley values of a set function given as v(mask) for every bitmask of m players (bit j = player j
 * present): v has 2^m entries. The reference the sampling methods are tested against.
 */
export function shapleyFromCoalitionValues(v: ArrayLike<number>, m: number): Float64Array {
  if (v.length !== 2 ** m) {
    throw new AttributionError(
      "BAD_OPTION",
      "shapleyFromCoalitionValues",
      `need 2^${m} = ${2 ** m} values, got ${v.length}`,
    );
  }
  const fact = [1];
  for (let k = 1; k <= m; k++) fact.push(fact[k - 1]! * k);
  const phi = new Float64Array(m);
  for (let s = 0; s < v.length; s++) {
    let size = 0;
    for (let b = s; b > 0; b >>= 1) size += b & 1;
    for (let j = 0; j < m; j++) {
      if (s & (1 << j)) continue;
      const weight = (fact[size]! * fact[m - size - 1]!) / fact[m]!;
      phi[j]! += weight * (v[s | (1 << j)]! - v[s]!);
    }
  }
  return phi;
}

function bits(mask: number, m: number): Uint8Array {
  const present = new Uint8Array(m);
  for (let j = 0; j < m; j++) present[j] = (mask >> j) & 1;
  return present;
}

const SHAPLEY_VALUES_KEYS: OptionKeys<ShapleyValuesOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  featureMask: true,
  maxFeatures: true,
};

export class ShapleyValues implements Attributor<ShapleyValuesOptions> {
  private readonly model: ForwardFn;
  constructor(model: ModelLike) {
    this.model = toForwardFn("ShapleyValues", model);
  }

  attribute(input: Tensor, options: ShapleyValuesOptions = {}): AttributionResult {
    const op = "ShapleyValues.attribute";
    checkOptions(op, options, SHAPLEY_VALUES_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const maxFeatures = positiveInt(op, "maxFeatures", options.maxFeatures, 16);
    const groups = featureGroups(op, options.featureMask, p);
    const plan: Coalition[] = [];
    groups.forEach((gs, i) => {
      const m = gs.length;
      if (m > maxFeatures) {
        throw new AttributionError(
          "TOO_MANY_FEATURES",
          op,
          `example ${i} has ${m} features: exact Shapley values need 2^${m} model rows; group features ` +
            `with featureMask, raise maxFeatures (${maxFeatures}), or use ShapleyValueSampling / KernelShap`,
        );
      }
      for (let s = 0; s < 2 ** m; s++) plan.push({ example: i, present: bits(s, m) });
    });
    const f = evaluateCoalitions(op, this.model, p, baselines, groups, targets, batch, plan);
    let at = 0;
    const values = groups.map((gs) => {
      const m = gs.length;
      const phi = shapleyFromCoalitionValues(f.subarray(at, at + 2 ** m), m);
      at += 2 ** m;
      return phi;
    });
    return { attributions: tensorFrom(spreadToElements(groups, values, p.d), p.shape) };
  }
}

export interface ShapleyValueSamplingOptions extends ShapleyValuesOptions {
  /** Random feature orders per example; default 25 (as Captum). */
  nSamples?: number;
  /** Seed for the orders; default 0. */
  seed?: number;
}

const SHAPLEY_VALUE_SAMPLING_KEYS: OptionKeys<ShapleyValueSamplingOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  featureMask: true,
  maxFeatures: true,
  nSamples: true,
  seed: true,
};

export class ShapleyValueSampling implements Attributor<ShapleyValueSamplingOptions> {
  private readonly model: ForwardFn;
  constructor(model: ModelLike) {
    this.model = toForwardFn("ShapleyValueSampling", model);
  }

  attribute(input: Tensor, options: ShapleyValueSamplingOptions = {}): AttributionResult {
    const op = "ShapleyValueSampling.attribute";
    checkOptions(op, options, SHAPLEY_VALUE_SAMPLING_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const nSamples = positiveInt(op, "nSamples", options.nSamples, 25);
    const groups = featureGroups(op, options.featureMask, p);
    const gen = new Generator(options.seed ?? 0);
    // per example: the baseline row, then for each order its M growing coalitions
    const plan: Coalition[] = [];
    const orders: number[][][] = [];
    groups.forEach((gs, i) => {
      const m = gs.length;
      plan.push(allOrNone(i, m, false));
      const mine: number[][] = [];
      for (let s = 0; s < nSamples; s++) {
        const order = Array.from({ length: m }, (_, j) => j);
        for (let j = m - 1; j > 0; j--) {
          const k = gen.nextInt(0, j + 1); // Fisher–Yates
          [order[j], order[k]] = [order[k]!, order[j]!];
        }
        mine.push(order);
        const present = new Uint8Array(m);
        for (const g of order) {
          present[g] = 1;
          plan.push({ example: i, present: present.slice() });
        }
      }
      orders.push(mine);
    });
    const f = evaluateCoalitions(op, this.model, p, baselines, groups, targets, batch, plan);
    let at = 0;
    const values = groups.map((gs, i) => {
      const phi = new Float64Array(gs.length);
      const fBase = f[at++]!;
      for (const order of orders[i]!) {
        let prev = fBase;
        for (const g of order) {
          const cur = f[at++]!;
          phi[g]! += cur - prev;
          prev = cur;
        }
      }
      for (let g = 0; g < phi.length; g++) phi[g]! /= nSamples;
      return phi;
    });
    return { attributions: tensorFrom(spreadToElements(groups, values, p.d), p.shape) };
  }
}
