// A low-rank matrix kept as the product of its two factors, M = A·B with A [m, r] and B [r, n], as
// TransformerLens' FactoredMatrix: a head's OV circuit W_V·W_O and QK circuit W_Q·W_Kᵀ are d_model × d_model
// but have rank ≤ d_head, so everything here (products, norms, SVD, eigenvalues) is computed from the
// factors and r × r cores; the dense m × n matrix is built only by `dense()`. Float64 (ml-matrix).
// Row-vector convention, as TransformerLens: a residual vector x [1, m] maps to x·M [1, n].
// Not here: batched stacks of factored matrices (callers hold arrays of them), complex eigenvectors.
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from "ml-matrix";
import { AttributionError } from "../errors";

export interface FactoredSvd {
  /** [m, k] left singular vectors (columns), k = min(m, r, n) */
  u: Matrix;
  /** [k] singular values, descending */
  s: number[];
  /** [n, k] right singular vectors (columns): M = u·diag(s)·vᵀ */
  v: Matrix;
}

export class FactoredMatrix {
  /** [m, r] */
  readonly a: Matrix;
  /** [r, n] */
  readonly b: Matrix;
  private svdCache: FactoredSvd | null = null;

  constructor(a: Matrix, b: Matrix) {
    if (a.columns !== b.rows) {
      throw new AttributionError(
        "BAD_INPUT",
        "FactoredMatrix",
        `inner dimensions differ: A is [${a.rows}, ${a.columns}], B is [${b.rows}, ${b.columns}]`,
      );
    }
    this.a = a;
    this.b = b;
  }

  /** [m, n] of the product. */
  get shape(): [number, number] {
    return [this.a.rows, this.b.columns];
  }

  /** The inner dimension r (an upper bound on the rank). */
  get innerDim(): number {
    return this.a.columns;
  }

  /** Mᵀ = Bᵀ·Aᵀ, still factored. */
  transpose(): FactoredMatrix {
    return new FactoredMatrix(this.b.transpose(), this.a.transpose());
  }

  /**
   * M·other. (A₁B₁)(A₂B₂) is kept as A₁·(B₁A₂B₂) or (A₁B₁A₂)·B₂, whichever has the smaller inner dim; a dense
   * other [n, p] gives A·(B·other).
   */
  mmul(other: FactoredMatrix | Matrix): FactoredMatrix {
    const [, n] = this.shape;
    const rows = other instanceof FactoredMatrix ? other.shape[0] : other.rows;
    if (rows !== n) {
      throw new AttributionError(
        "BAD_INPUT",
        "FactoredMatrix.mmul",
        `[${this.shape.join(", ")}] times [${rows}, …]: inner dimensions differ`,
      );
    }
    if (!(other instanceof FactoredMatrix)) return new FactoredMatrix(this.a, this.b.mmul(other));
    if (this.innerDim <= other.innerDim)
      return new FactoredMatrix(this.a, this.b.mmul(other.a).mmul(other.b));
    return new FactoredMatrix(this.a.mmul(this.b).mmul(other.a), other.b);
  }

  /** A dense matrix times this: other [p, m] → (other·A)·B. */
  lmul(other: Matrix): FactoredMatrix {
    if (other.columns !== this.a.rows) {
      throw new AttributionError(
        "BAD_INPUT",
        "FactoredMatrix.lmul",
        `[${other.rows}, ${other.columns}] times [${this.shape.join(", ")}]: inner dimensions differ`,
      );
    }
    return new FactoredMatrix(other.mmul(this.a), this.b);
  }

  /** ‖AB‖_F = √tr((AᵀA)(BBᵀ)), from two r × r Gram matrices. */
  frobeniusNorm(): number {
    const ga = this.a.transpose().mmul(this.a); // (r, r)
    const gb = this.b.mmul(this.b.transpose()); // (r, r)
    let tr = 0;
    const r = this.innerDim;
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) tr += ga.get(i, j) * gb.get(j, i);
    return Math.sqrt(Math.max(0, tr));
  }

  /**
   * Thin SVD from the factors (TransformerLens' FactoredMatrix.svd): A = UₐSₐVₐᵀ, B = U_bS_bV_bᵀ, then the
   * small core SₐVₐᵀU_bS_b = U_cSV_cᵀ gives M = (UₐU_c)·S·(V_bV_c)ᵀ. Never forms the m × n product.
   */
  svd(): FactoredSvd {
    if (this.svdCache) return this.svdCache;
    const sa = new SingularValueDecomposition(this.a, { autoTranspose: true });
    const sb = new SingularValueDecomposition(this.b, { autoTranspose: true });
    const core = Matrix.diag(sa.diagonal)
      .mmul(sa.rightSingularVectors.transpose())
      .mmul(sb.leftSingularVectors)
      .mmul(Matrix.diag(sb.diagonal)); // (ka, kb)
    const sc = new SingularValueDecomposition(core, { autoTranspose: true });
    const u = sa.leftSingularVectors.mmul(sc.leftSingularVectors);
    const v = sb.rightSingularVectors.mmul(sc.rightSingularVectors);
    // ml-matrix returns singular values in descending order
    this.svdCache = { u, s: sc.diagonal.slice(), v };
    return this.svdCache;
  }

  /** Singular values, descending (min(m, r, n) of them). */
  singularValues(): number[] {
    return this.svd().s.slice();
  }

  /**
   * Eigenvalues of a square M = AB, from the r × r matrix BA (AB and BA share their non-zero eigenvalues;
   * the other m − r are 0 and not listed). Elhage et al. 2021 read a head's OV eigenvalues as copying:
   * mostly positive ones mean the head copies what it attends to.
   */
  eigenvalues(): { re: number; im: number }[] {
    const [m, n] = this.shape;
    if (m !== n) {
      throw new AttributionError(
        "BAD_INPUT",
        "FactoredMatrix.eigenvalues",
        `eigenvalues need a square matrix, got [${m}, ${n}]`,
      );
    }
    const e = new EigenvalueDecomposition(this.b.mmul(this.a));
    return e.realEigenvalues.map((re, i) => ({ re, im: e.imaginaryEigenvalues[i]! }));
  }

  /** The dense m × n product (allocates m·n numbers: only when asked). */
  dense(): Matrix {
    return this.a.mmul(this.b);
  }
}
