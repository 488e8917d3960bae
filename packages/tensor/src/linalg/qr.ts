// qr(A) = Q · R, the reduced QR decomposition by ml-matrix's Householder QrDecomposition. ml-matrix needs
// rows ≥ columns; for a wide matrix we factor its leading square block and set R = Qᵀ·A. Not
// differentiable.

import { QrDecomposition } from "ml-matrix";
import { zeros } from "../creation";
import type { Tensor } from "../tensor";
import { checkMatrixTensor, fromMatrix, toMatrix } from "./matrix-interop";

export interface QrResult {
  /** [m, k] orthonormal columns, k = min(m, n) */
  Q: Tensor;
  /** [k, n] upper triangular (upper trapezoidal when wide) */
  R: Tensor;
}

/** Reduced QR decomposition of an m×n matrix. */
export function qr(a: Tensor): QrResult {
  checkMatrixTensor(a, "qr", { finite: true });
  const [m, n] = a.shape as [number, number];
  const k = Math.min(m, n);
  if (k === 0) return { Q: zeros([m, 0]), R: zeros([0, n]) };
  const A = toMatrix(a, "qr");
  if (m >= n) {
    const d = new QrDecomposition(A);
    return { Q: fromMatrix(d.orthogonalMatrix), R: fromMatrix(d.upperTriangularMatrix) };
  }
  // wide: A = [A₁ A₂] with A₁ m×m; A₁ = Q·R₁, and R = Qᵀ·A = [R₁  Qᵀ·A₂]
  const Q = new QrDecomposition(A.subMatrix(0, m - 1, 0, m - 1)).orthogonalMatrix;
  const R = Q.transpose().mmul(A);
  // below the diagonal Qᵀ·A₁ is zero up to rounding: make it exact, as an upper-trapezoidal R should be
  for (let i = 1; i < m; i++) for (let j = 0; j < i; j++) R.set(i, j, 0);
  return { Q: fromMatrix(Q), R: fromMatrix(R) };
}
