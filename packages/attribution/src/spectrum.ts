// Weight spectra: singular values of a weight matrix (ml-matrix SVD, float64) and the ranks they imply.
//   effective rank (Roy & Vetterli 2007, "The effective rank: a measure of effective dimensionality",
//     EUSIPCO): exp(H(p)), p_k = σ_k / Σ σ, H = −Σ p_k ln p_k;
//   stable rank (Rudelson & Vershynin 2007): ‖W‖_F² / ‖W‖_2² = Σ σ² / σ_max².
// Tensors with more than two dims (conv kernels [out, in, kH, kW]) are read as [out, in·kH·kW].
import { formatShape, type Tensor } from "@paramlens/tensor";
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { ParameterAnalysisError } from "./errors";

export interface WeightSpectrum {
  shape: number[];
  /** The matrix the spectrum is of: [rows, cols]. */
  matrixShape: [number, number];
  /** min(rows, cols) singular values, descending. */
  singularValues: number[];
  /** σ_max */
  spectralNorm: number;
  /** √(Σ σ²) */
  frobeniusNorm: number;
  /** exp(entropy of σ / Σσ); 0 for an all-zero matrix. */
  effectiveRank: number;
  /** Σσ² / σ_max²; 0 for an all-zero matrix. */
  stableRank: number;
}

/** Effective rank of a list of singular values (Roy & Vetterli 2007). */
export function effectiveRank(singularValues: readonly number[]): number {
  const total = singularValues.reduce((s, v) => s + v, 0);
  if (total === 0) return 0;
  let h = 0;
  for (const s of singularValues) {
    const p = s / total;
    if (p > 0) h -= p * Math.log(p); // 0 · ln 0 = 0
  }
  return Math.exp(h);
}

/** Stable rank Σσ² / σ_max². */
export function stableRank(singularValues: readonly number[]): number {
  const top = Math.max(0, ...singularValues);
  if (top === 0) return 0;
  return singularValues.reduce((s, v) => s + v * v, 0) / (top * top);
}

export function weightSpectrum(t: Tensor, name = "tensor"): WeightSpectrum {
  const op = "weightSpectrum";
  if (t.dtype !== "float32")
    throw new ParameterAnalysisError("BAD_TENSOR", op, `${name} is ${t.dtype}; weights must be float32`);
  if (t.ndim < 2 || t.size === 0) {
    throw new ParameterAnalysisError(
      "BAD_TENSOR",
      op,
      `${name} ${formatShape(t.shape)} has no spectrum: need a non-empty tensor with ≥ 2 dims (biases and norms have none)`,
    );
  }
  const rows = t.shape[0]!;
  const cols = t.size / rows;
  const v = t.toTypedArray();
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const x = v[i * cols + j]!;
      if (!Number.isFinite(x)) {
        throw new ParameterAnalysisError(
          "BAD_TENSOR",
          op,
          `${name} holds ${x} at flat index ${i * cols + j}; the SVD needs finite values`,
        );
      }
      m.set(i, j, x);
    }
  }
  const svd = new SingularValueDecomposition(m, {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  });
  const sv = [...svd.diagonal].slice(0, Math.min(rows, cols)).sort((a, b) => b - a);
  return {
    shape: [...t.shape],
    matrixShape: [rows, cols],
    singularValues: sv,
    spectralNorm: sv[0] ?? 0,
    frobeniusNorm: Math.sqrt(sv.reduce((s, x) => s + x * x, 0)),
    effectiveRank: effectiveRank(sv),
    stableRank: stableRank(sv),
  };
}

export interface SpectraReport {
  entries: (WeightSpectrum & { name: string })[];
  /** Tensors with fewer than two dims (biases, norm scales), which have no spectrum. */
  skipped: string[];
}

/** Spectra of every tensor with ≥ 2 dims in a state dict, in insertion order. */
export function parameterSpectra(params: Readonly<Record<string, Tensor>>): SpectraReport {
  const entries: SpectraReport["entries"] = [];
  const skipped: string[] = [];
  for (const [name, t] of Object.entries(params)) {
    if (t.ndim < 2) skipped.push(name);
    else entries.push({ name, ...weightSpectrum(t, name) });
  }
  return { entries, skipped };
}
