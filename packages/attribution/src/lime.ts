// LIME (Ribeiro et al. 2016, arXiv:1602.04938): sample coalitions z (each feature group kept with
// probability 1/2, seeded), weigh each by its similarity to the input, exp(−dist(x, x_z)² / width²), and
// fit a weighted linear surrogate f(x_z) ≈ b + z·β (linear-surrogate.ts). The attribution of a group is its
// coefficient β. Distance and width default to Captum's: cosine distance in input space, width 1.
// Captum's default surrogate is a Lasso; ours is least squares with an optional ridge penalty.
import { Generator, type Tensor } from "@paramlens/tensor";
import { type Coalition, evaluateCoalitions } from "./coalitions";
import { AttributionError } from "./errors";
import { featureGroups, fillCoalition, spreadToElements } from "./feature-mask";
import { fitLinearSurrogate } from "./linear-surrogate";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import {
  internalBatchSize,
  nonNegative,
  positiveInt,
  prepareInput,
  resolveBaselines,
  resolveTargets,
} from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions, ForwardFn } from "./types";

export interface LimeOptions extends CommonAttributeOptions {
  /** Value an absent feature takes; default 0. */
  baselines?: Baselines;
  /** Integer group id per element (broadcast to the input); default: every element alone. */
  featureMask?: Tensor;
  /** Sampled coalitions per example; default 50 (as Captum). */
  nSamples?: number;
  /** Seed for the coalitions; default 0. */
  seed?: number;
  /** Distance between the input and a perturbed copy; default "cosine". */
  distance?: "cosine" | "euclidean";
  /** Width of the exponential kernel; default 1. */
  kernelWidth?: number;
  /** Ridge penalty on the surrogate's coefficients; default 0. */
  alpha?: number;
}

function distanceOf(kind: "cosine" | "euclidean", a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  let sq = 0;
  for (let k = 0; k < a.length; k++) {
    dot += a[k]! * b[k]!;
    na += a[k]! * a[k]!;
    nb += b[k]! * b[k]!;
    sq += (a[k]! - b[k]!) ** 2;
  }
  if (kind === "euclidean") return Math.sqrt(sq);
  const denom = Math.sqrt(na * nb);
  return 1 - (denom === 0 ? 0 : dot / denom); // a zero vector has cosine similarity 0, as torch's eps clamp gives
}

const LIME_KEYS: OptionKeys<LimeOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  featureMask: true,
  nSamples: true,
  seed: true,
  distance: true,
  kernelWidth: true,
  alpha: true,
};

export class Lime implements Attributor<LimeOptions> {
  private readonly model: ForwardFn;
  constructor(model: ModelLike) {
    this.model = toForwardFn("Lime", model);
  }

  attribute(input: Tensor, options: LimeOptions = {}): AttributionResult {
    const op = "Lime.attribute";
    checkOptions(op, options, LIME_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const nSamples = positiveInt(op, "nSamples", options.nSamples, 50);
    const width = nonNegative(op, "kernelWidth", options.kernelWidth, 1);
    if (width === 0) throw new AttributionError("BAD_OPTION", op, "kernelWidth must be > 0, got 0");
    const distance = options.distance ?? "cosine";
    if (distance !== "cosine" && distance !== "euclidean") {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `distance must be "cosine" or "euclidean", got ${String(distance)}`,
      );
    }
    const groups = featureGroups(op, options.featureMask, p);
    const gen = new Generator(options.seed ?? 0);
    const plan: Coalition[] = [];
    groups.forEach((gs, i) => {
      for (let s = 0; s < nSamples; s++) {
        const present = new Uint8Array(gs.length);
        for (let g = 0; g < gs.length; g++) present[g] = gen.nextFloat() < 0.5 ? 1 : 0;
        plan.push({ example: i, present });
      }
    });
    const f = evaluateCoalitions(op, this.model, p, baselines, groups, targets, batch, plan);
    const row = new Float32Array(p.d);
    const values = groups.map((gs, i) => {
      const xi = p.x.subarray(i * p.d, (i + 1) * p.d);
      const mine = plan.slice(i * nSamples, (i + 1) * nSamples);
      const weights = mine.map((c) => {
        fillCoalition(row, 0, p.x, baselines, i, p.d, gs, (g) => c.present[g] === 1);
        const dist = distanceOf(distance, xi, row);
        return Math.exp(-(dist * dist) / (width * width));
      });
      const fit = fitLinearSurrogate(
        mine.map((c) => Array.from(c.present)),
        f.subarray(i * nSamples, (i + 1) * nSamples),
        weights,
        { alpha: options.alpha ?? 0 },
      );
      return Float64Array.from(fit.coefficients);
    });
    return { attributions: tensorFrom(spreadToElements(groups, values, p.d), p.shape) };
  }
}
