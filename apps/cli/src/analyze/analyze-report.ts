// The data behind `paramlens analyze`: for a trained model and a batch of its data, per-tensor weight and
// bias statistics, singular-value spectra (effective and stable rank), the fraction of each ReLU layer's
// units that never fire on the data (dead units), and the units whose removal would change the loss most
// by the first-order Taylor estimate (Molchanov et al. 2017). No file I/O here.
import { parameterSpectra, parameterStats, taylorImportance, unitActivity } from "@paramlens/attribution";
import { Conv2d, crossEntropy, Linear, languageModelLoss, type Module, ReLU } from "@paramlens/nn";
import { contiguous, noGrad, slice, type Tensor } from "@paramlens/tensor";

export interface AnalyzeData {
  x: Tensor;
  y: Tensor;
  source: string;
  kind: "images" | "text";
}

export interface TensorRow {
  name: string;
  shape: number[];
  role: "weight" | "bias" | "other";
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  l2: number;
  /** Fraction of elements with |w| ≤ 1e-8. */
  sparsity: number;
}

export interface SpectrumRow {
  name: string;
  /** The tensor read as a matrix (conv kernels [out, in·kH·kW]). */
  matrixShape: [number, number];
  spectralNorm: number;
  frobeniusNorm: number;
  effectiveRank: number;
  stableRank: number;
}

export interface DeadUnitsRow {
  /** The ReLU module's path. */
  layer: string;
  /** The Linear/Conv2d it follows, e.g. "1 Linear". */
  after: string;
  units: number;
  dead: number;
  deadFraction: number;
  /** Mean over units of the fraction of inputs on which the unit was off. */
  meanInactive: number;
  /** Indices of the dead units (first 20). */
  deadUnits: number[];
}

export interface ImportantUnit {
  tensor: string;
  /** Index along dim 0: an output unit, a conv channel, or a token row of an embedding. */
  unit: number;
  importance: number;
}

export interface TensorImportanceRow {
  tensor: string;
  /** |Σ over the tensor of w·∂L/∂w|: the estimated loss change if the whole tensor were zeroed. */
  total: number;
  /** Its most important units, highest first. */
  top: { unit: number; importance: number }[];
}

export interface AnalyzeResult {
  data: { source: string; samples: number; loss: number };
  parameters: { total: number; globalL2: number; tensors: TensorRow[] };
  spectra: SpectrumRow[];
  deadUnits: DeadUnitsRow[];
  importance: {
    method: string;
    samples: number;
    /** The most important units over all tensors (estimates are largest near the output). */
    top: ImportantUnit[];
    /** The most important units of each weight tensor. */
    perTensor: TensorImportanceRow[];
  };
}

/** Samples the Taylor estimate's loss is computed on (one forward and backward). */
const IMPORTANCE_SAMPLES = 256;
const TOP_UNITS = 10;
const TOP_PER_TENSOR = 3;

function describeModule(m: Module): string {
  if (m instanceof Linear) return `Linear ${m.inFeatures}→${m.outFeatures}`;
  if (m instanceof Conv2d) return `Conv2d ${m.inChannels}→${m.outChannels}`;
  return m.constructor.name;
}

export function analyzeModel(model: Module, data: AnalyzeData): AnalyzeResult {
  model.eval();
  const lossOf = (x: Tensor, y: Tensor) =>
    data.kind === "text" ? languageModelLoss(model.call(x), y) : crossEntropy(model.call(x), y);
  const loss = noGrad(() => lossOf(data.x, data.y)).item();

  const state = Object.fromEntries(model.namedParameters());
  const stats = parameterStats(state, { zeroTolerance: 1e-8 });
  const tensors: TensorRow[] = stats.entries.map((e) => ({
    name: e.name,
    shape: e.shape,
    role: e.role,
    count: e.count,
    mean: e.mean,
    std: e.std,
    min: e.min,
    max: e.max,
    l2: e.l2,
    sparsity: e.sparsity,
  }));
  const spectra: SpectrumRow[] = parameterSpectra(state).entries.map((e) => ({
    name: e.name,
    matrixShape: e.matrixShape,
    spectralNorm: e.spectralNorm,
    frobeniusNorm: e.frobeniusNorm,
    effectiveRank: e.effectiveRank,
    stableRank: e.stableRank,
  }));

  // Dead ReLUs: each ReLU module's output over the data, units along dim 1 (hidden units or channels).
  const relus: { path: string; after: string }[] = [];
  let previous = "input";
  for (const [path, m] of model.namedModules()) {
    if (m instanceof Linear || m instanceof Conv2d) previous = `${path} ${describeModule(m)}`;
    if (m instanceof ReLU) relus.push({ path, after: previous });
  }
  const activity =
    relus.length === 0
      ? []
      : unitActivity(
          model,
          relus.map((r) => r.path),
          data.x,
        );
  const deadUnits: DeadUnitsRow[] = activity.map((a, i) => ({
    layer: a.layer,
    after: relus[i]?.after ?? "",
    units: a.fractionInactive.length,
    dead: a.dead.length,
    deadFraction: a.dead.length / a.fractionInactive.length,
    meanInactive: a.fractionInactive.reduce((s, v) => s + v, 0) / a.fractionInactive.length,
    deadUnits: a.dead.slice(0, 20),
  }));

  // Taylor importance of every unit of every weight matrix / kernel / embedding on one batch.
  const n = Math.min(IMPORTANCE_SAMPLES, data.x.shape[0]!);
  const xb = contiguous(slice(data.x, 0, 0, n));
  const yb = contiguous(slice(data.y, 0, 0, n));
  const names = stats.entries.filter((e) => e.shape.length >= 2).map((e) => e.name);
  const importances = taylorImportance(() => lossOf(xb, yb), state, { names });
  const all: ImportantUnit[] = importances.flatMap((t) =>
    t.perUnit.map((importance, unit) => ({ tensor: t.name, unit, importance })),
  );
  all.sort((a, b) => b.importance - a.importance);
  return {
    data: { source: data.source, samples: data.x.shape[0]!, loss },
    parameters: { total: stats.totalCount, globalL2: stats.globalL2, tensors },
    spectra,
    deadUnits,
    importance: {
      method: "first-order Taylor |Σ w·∂L/∂w| per unit (Molchanov et al. 2017)",
      samples: n,
      top: all.slice(0, TOP_UNITS),
      perTensor: importances.map((t) => ({
        tensor: t.name,
        total: t.total,
        top: t.perUnit
          .map((importance, unit) => ({ unit, importance }))
          .sort((a, b) => b.importance - a.importance)
          .slice(0, TOP_PER_TENSOR),
      })),
    },
  };
}
