// pinv (Moore–Penrose pseudo-inverse, by ml-matrix's pseudoInverse) and matrixRank (count of singular
// values above a tolerance, by ml-matrix's SVD). Default tolerances follow torch.linalg for float32:
// rtol = max(m, n) · ε₃₂ relative to the largest singular value. Not differentiable.

import { pseudoInverse, SingularValueDecomposition } from "ml-matrix";
import type { Tensor } from "../tensor";
import { checkMatrixTensor, fromMatrix, toMatrix } from "./matrix-interop";

/** Machine epsilon of float32, 2⁻²³ (IEEE 754 binary32: 23 fraction bits). */
const EPS_F32 = 2 ** -23;

export interface RankTolerance {
  /** singular values ≤ rtol · σ_max count as zero (default max(m, n) · 2⁻²³) */
  rtol?: number;
  /** singular values ≤ atol count as zero (default 0); the larger of the two cut-offs applies */
  atol?: number;
}

/** Moore–Penrose pseudo-inverse [n, m] of an m×n matrix. */
export function pinv(a: Tensor, options: RankTolerance = {}): Tensor {
  checkMatrixTensor(a, "pinv", { finite: true });
  const [m, n] = a.shape as [number, number];
  const { rtol, atol } = tolerances("pinv", m, n, options);
  if (atol > 0) {
    // ml-matrix takes one relative threshold; fold the absolute one in through σ_max
    const smax = largestSingularValue(a);
    const cutoff = Math.max(atol, rtol * smax);
    return fromMatrix(pseudoInverse(toMatrix(a, "pinv"), smax > 0 ? cutoff / (smax * Math.max(m, n)) : 0));
  }
  // ml-matrix's cut-off is threshold · max(m, n) · σ_max
  return fromMatrix(pseudoInverse(toMatrix(a, "pinv"), rtol / Math.max(m, n, 1)));
}

/** Number of singular values above max(atol, rtol · σ_max). */
export function matrixRank(a: Tensor, options: RankTolerance = {}): number {
  checkMatrixTensor(a, "matrixRank", { finite: true });
  const [m, n] = a.shape as [number, number];
  if (m === 0 || n === 0) return 0;
  const { rtol, atol } = tolerances("matrixRank", m, n, options);
  const s = new SingularValueDecomposition(toMatrix(a, "matrixRank"), {
    autoTranspose: true,
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
  }).diagonal;
  const cutoff = Math.max(atol, rtol * (s[0] ?? 0));
  return s.filter((v) => v > cutoff).length;
}

function tolerances(op: string, m: number, n: number, o: RankTolerance): { rtol: number; atol: number } {
  const rtol = o.rtol ?? Math.max(m, n) * EPS_F32;
  const atol = o.atol ?? 0;
  if (!(rtol >= 0) || !(atol >= 0))
    throw new RangeError(`${op}: rtol and atol must be ≥ 0, got rtol ${rtol}, atol ${atol}`);
  return { rtol, atol };
}

function largestSingularValue(a: Tensor): number {
  const [m, n] = a.shape as [number, number];
  if (m === 0 || n === 0) return 0;
  return (
    new SingularValueDecomposition(toMatrix(a), {
      autoTranspose: true,
      computeLeftSingularVectors: false,
      computeRightSingularVectors: false,
    }).diagonal[0] ?? 0
  );
}
