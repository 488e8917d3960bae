// Deletion and insertion curves (Petsiuk et al. 2018, RISE, arXiv:1806.07421): rank the features by their
// attribution (highest first); deletion replaces the top k by the baseline and records the model's score,
// insertion starts from the baseline and puts the top k back. A faithful map makes the deletion curve
// fall fast (low AUC) and the insertion curve rise fast (high AUC). AUC by the trapezoid rule over the
// fraction of features, in [0, 1]. The score is whatever the model returns for the target (pass a
// softmax'd model for probabilities, as RISE does).
import { formatShape, type Tensor } from "@paramlens/tensor";
import { type Coalition, evaluateCoalitions } from "./coalitions";
import { AttributionError } from "./errors";
import { featureGroups } from "./feature-mask";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, positiveInt, prepareInput, resolveBaselines, resolveTargets } from "./prepare";
import type { Baselines, CommonAttributeOptions } from "./types";

export interface PerturbationCurveOptions extends CommonAttributeOptions {
  /** Value of a deleted (or not yet inserted) feature; default 0. */
  baselines?: Baselines;
  /** Integer group id per element; a group is ranked by the sum of its attributions. Default: elements. */
  featureMask?: Tensor;
  /** Points after the start (k = round(j·M / nSteps), j = 0 … nSteps); default M (every feature). */
  nSteps?: number;
}

export interface PerturbationCurve {
  /** [nSteps + 1] fraction of features deleted (or inserted), from 0 to 1, per example */
  fractions: number[][];
  /** [N][nSteps + 1] model score at each point */
  scores: number[][];
  /** [N] area under each curve (trapezoid rule over fractions) */
  auc: number[];
}

/** Area under y(x) by the trapezoid rule; x ascending. */
export function trapezoidAuc(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) {
    throw new AttributionError(
      "BAD_OPTION",
      "trapezoidAuc",
      `got ${xs.length} x values and ${ys.length} y values`,
    );
  }
  let area = 0;
  for (let i = 1; i < xs.length; i++) area += ((xs[i]! - xs[i - 1]!) * (ys[i]! + ys[i - 1]!)) / 2;
  return area;
}

const PERTURBATION_CURVE_KEYS: OptionKeys<PerturbationCurveOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  featureMask: true,
  nSteps: true,
};

function curve(
  kind: "deletion" | "insertion",
  model: ModelLike,
  input: Tensor,
  attributions: Tensor,
  options: PerturbationCurveOptions,
): PerturbationCurve {
  const op = `${kind}Curve`;
  checkOptions(op, options, PERTURBATION_CURVE_KEYS);
  const f = toForwardFn(op, model);
  const p = prepareInput(op, input);
  if (attributions.shape.length !== p.shape.length || attributions.shape.some((s, i) => s !== p.shape[i])) {
    throw new AttributionError(
      "BAD_ATTRIBUTION",
      op,
      `attributions ${formatShape(attributions.shape)} must have the input's shape ${formatShape(p.shape)}`,
    );
  }
  const attr = attributions.float().toTypedArray();
  const targets = resolveTargets(op, options.target, p.n);
  const baselines = resolveBaselines(op, options.baselines, p);
  const batch = internalBatchSize(op, options.internalBatchSize);
  const groups = featureGroups(op, options.featureMask, p);
  const plan: Coalition[] = [];
  const fractions: number[][] = [];
  groups.forEach((gs, i) => {
    const m = gs.length;
    const nSteps = positiveInt(op, "nSteps", options.nSteps, m);
    if (nSteps > m) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `nSteps ${nSteps} exceeds the ${m} features of example ${i}`,
      );
    }
    const score = gs.map((g) => g.reduce((s, k) => s + attr[i * p.d + k]!, 0));
    for (const s of score) {
      if (!Number.isFinite(s))
        throw new AttributionError("BAD_ATTRIBUTION", op, `attributions must be finite, got ${s}`);
    }
    // highest first; ties keep the lower group index first, so the order is reproducible
    const order = gs.map((_, g) => g).sort((a, b) => score[b]! - score[a]! || a - b);
    const fr: number[] = [];
    for (let j = 0; j <= nSteps; j++) {
      const k = Math.round((j * m) / nSteps);
      fr.push(k / m);
      const present = new Uint8Array(m).fill(kind === "deletion" ? 1 : 0);
      for (let r = 0; r < k; r++) present[order[r]!] = kind === "deletion" ? 0 : 1;
      plan.push({ example: i, present });
    }
    fractions.push(fr);
  });
  const values = evaluateCoalitions(op, f, p, baselines, groups, targets, batch, plan);
  let at = 0;
  const scores = fractions.map((fr) => fr.map(() => values[at++]!));
  return { fractions, scores, auc: scores.map((s, i) => trapezoidAuc(fractions[i]!, s)) };
}

/** Deletion curve: remove the most-attributed features first. Lower AUC = more faithful. */
export function deletionCurve(
  model: ModelLike,
  input: Tensor,
  attributions: Tensor,
  options: PerturbationCurveOptions = {},
): PerturbationCurve {
  return curve("deletion", model, input, attributions, options);
}

/** Insertion curve: add the most-attributed features first, starting from the baseline. Higher AUC = more faithful. */
export function insertionCurve(
  model: ModelLike,
  input: Tensor,
  attributions: Tensor,
  options: PerturbationCurveOptions = {},
): PerturbationCurve {
  return curve("insertion", model, input, attributions, options);
}
