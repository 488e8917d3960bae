// Eigendecompositions through ml-matrix's EigenvalueDecomposition: eigh for symmetric matrices (reads the
// lower triangle, as PyTorch's default UPLO="L"), eig for general real matrices. Not differentiable.

import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import type { Tensor } from "../tensor";
import { checkMatrixTensor, fromMatrix, toMatrix, vectorTensor } from "./matrix-interop";

export interface EighResult {
  /** [n] real eigenvalues, ascending */
  eigenvalues: Tensor;
  /** [n, n] orthonormal eigenvectors as columns, column i for eigenvalue i */
  eigenvectors: Tensor;
}

/** Symmetric eigendecomposition A = V · diag(λ) · Vᵀ, using only the lower triangle of A. */
export function eigh(a: Tensor): EighResult {
  checkMatrixTensor(a, "eigh", { square: true, finite: true });
  const m = toMatrix(a, "eigh");
  const n = m.rows;
  // mirror the lower triangle so the upper one is ignored, whatever it holds
  const sym = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      sym.set(i, j, m.get(i, j));
      sym.set(j, i, m.get(i, j));
    }
  }
  const d = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  // ascending order, columns permuted to match (ml-matrix already sorts; this makes it a guarantee)
  const order = d.realEigenvalues.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0]);
  const vectors = new Matrix(n, n);
  order.forEach(([, src], dst) => {
    for (let r = 0; r < n; r++) vectors.set(r, dst, d.eigenvectorMatrix.get(r, src));
  });
  return { eigenvalues: vectorTensor(order.map(([v]) => v)), eigenvectors: fromMatrix(vectors) };
}

export interface EigResult {
  /** [n] real parts of the eigenvalues */
  real: Tensor;
  /** [n] imaginary parts; complex eigenvalues come in conjugate pairs (+b at i, −b at i + 1) */
  imag: Tensor;
  /**
   * [n, n] real eigenvector matrix in block form: for a real eigenvalue, column i is its eigenvector; for a
   * pair a ± bi at (i, i + 1), the eigenvectors are column i ± i·column (i + 1).
   */
  vectors: Tensor;
}

/** General real eigendecomposition A·V = V·D (D block-diagonal for complex pairs). */
export function eig(a: Tensor): EigResult {
  checkMatrixTensor(a, "eig", { square: true, finite: true });
  const d = new EigenvalueDecomposition(toMatrix(a, "eig"));
  return {
    real: vectorTensor(d.realEigenvalues),
    imag: vectorTensor(d.imaginaryEigenvalues),
    vectors: fromMatrix(d.eigenvectorMatrix),
  };
}
