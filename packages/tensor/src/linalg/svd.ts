// svd(A) = U · diag(S) · Vᵀ, the thin singular value decomposition, computed by ml-matrix's
// SingularValueDecomposition (never reimplemented here). Not differentiable.

import { SingularValueDecomposition } from "ml-matrix";
import { zeros } from "../creation";
import type { Tensor } from "../tensor";
import { checkMatrixTensor, fromMatrix, toMatrix, vectorTensor } from "./matrix-interop";

export interface SvdResult {
  /** [m, k] orthonormal columns, k = min(m, n) */
  U: Tensor;
  /** [k] singular values, non-negative, descending */
  S: Tensor;
  /** [n, k] orthonormal columns (V, not Vᵀ) */
  V: Tensor;
}

/** Thin SVD of an m×n matrix: A ≈ U · diag(S) · Vᵀ. */
export function svd(a: Tensor): SvdResult {
  checkMatrixTensor(a, "svd", { finite: true });
  const [m, n] = a.shape as [number, number];
  const k = Math.min(m, n);
  if (k === 0) return { U: zeros([m, 0]), S: zeros([0]), V: zeros([n, 0]) };
  // autoTranspose: the underlying (JAMA) algorithm needs rows ≥ columns
  const d = new SingularValueDecomposition(toMatrix(a, "svd"), { autoTranspose: true });
  return {
    U: fromMatrix(d.leftSingularVectors.subMatrix(0, m - 1, 0, k - 1)),
    S: vectorTensor(d.diagonal.slice(0, k)),
    V: fromMatrix(d.rightSingularVectors.subMatrix(0, n - 1, 0, k - 1)),
  };
}
