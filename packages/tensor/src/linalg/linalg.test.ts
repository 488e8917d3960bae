// Property tests for the ml-matrix-backed linear algebra: reconstruction, orthogonality, ordering,
// Moore–Penrose conditions and rank, on tall, wide, square and rank-deficient matrices; plus the
// tensor ↔ Matrix bridge and argument errors.

import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { noGrad } from "../autograd/grad-mode";
import { randn, zeros } from "../creation";
import { ShapeError } from "../errors";
import { manualSeed } from "../random";
import { Tensor } from "../tensor";
import { eig, eigh } from "./eig";
import { fromMatrix, toMatrix } from "./matrix-interop";
import { matrixRank, pinv } from "./pinv";
import { qr } from "./qr";
import { svd } from "./svd";

/** float64 Matrix of a tensor's values, for checking in higher precision than the float32 results. */
const M = (t: Tensor) => toMatrix(t);
const I = (n: number) => Matrix.eye(n, n);

function expectClose(a: Matrix, b: Matrix, tol = 1e-5): void {
  expect([a.rows, a.columns]).toEqual([b.rows, b.columns]);
  const scale = Math.max(1, b.max(), -b.min());
  const err = Math.max(0, ...Matrix.sub(a, b).abs().to1DArray());
  expect(err, `max abs error ${err}`).toBeLessThanOrEqual(tol * scale);
}

/** A rank-r m×n float32 matrix (product of random factors). */
function lowRank(m: number, n: number, r: number): Tensor {
  return fromMatrix(M(randn([m, r])).mmul(M(randn([r, n]))));
}

manualSeed(3);
const shapes: [string, Tensor][] = [
  ["tall 6×3", randn([6, 3])],
  ["wide 3×5", randn([3, 5])],
  ["square 4×4", randn([4, 4])],
  ["rank-2 5×4", lowRank(5, 4, 2)],
  ["1×1", randn([1, 1])],
];

describe("svd", () => {
  for (const [name, a] of shapes) {
    it(`${name}: U·diag(S)·Vᵀ = A, UᵀU = VᵀV = I, S ≥ 0 descending`, () => {
      const { U, S, V } = svd(a);
      const [m, n] = a.shape as [number, number];
      const k = Math.min(m, n);
      expect(U.shape).toEqual([m, k]);
      expect(S.shape).toEqual([k]);
      expect(V.shape).toEqual([n, k]);
      const s = S.toArray();
      expectClose(M(U).mmul(Matrix.diag(s)).mmul(M(V).transpose()), M(a));
      expectClose(M(U).transpose().mmul(M(U)), I(k));
      expectClose(M(V).transpose().mmul(M(V)), I(k));
      for (let i = 0; i < k; i++) expect(s[i]).toBeGreaterThanOrEqual(0);
      for (let i = 1; i < k; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]!);
    });
  }
  it("on a non-contiguous (transposed) view", () => {
    const a = randn([3, 5]).transpose(0, 1);
    const { U, S, V } = svd(a);
    expectClose(M(U).mmul(Matrix.diag(S.toArray())).mmul(M(V).transpose()), M(a));
  });
  it("known singular values of a diagonal matrix", () => {
    const a = new Tensor(Float32Array.of(0, 0, 0, -3, 0, 0, 0, 0, 2, 0, 0, 0), [3, 4]);
    expect(svd(a).S.toArray()).toEqual([3, 2, 0]);
  });
});

describe("eigh", () => {
  it("A·V = V·diag(λ), VᵀV = I, λ ascending, upper triangle ignored", () => {
    const b = randn([5, 5]);
    const sym = fromMatrix(M(b).add(M(b).transpose()));
    const { eigenvalues, eigenvectors } = eigh(sym);
    const lam = eigenvalues.toArray();
    const V = M(eigenvectors);
    expectClose(M(sym).mmul(V), V.mmul(Matrix.diag(lam)));
    expectClose(V.transpose().mmul(V), I(5));
    for (let i = 1; i < 5; i++) expect(lam[i]).toBeGreaterThanOrEqual(lam[i - 1]!);
    // garbage above the diagonal changes nothing (PyTorch's UPLO="L")
    const lower = M(sym);
    for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) lower.set(i, j, 100 * (i + j));
    expect(eigh(fromMatrix(lower)).eigenvalues.toArray()).toEqual(lam);
  });
  it("eigenvalues of [[2,1],[1,2]] are 1 and 3", () => {
    const { eigenvalues } = eigh(new Tensor(Float32Array.of(2, 1, 1, 2), [2, 2]));
    expect(eigenvalues.toArray().map((v) => Math.round(v * 1e5) / 1e5)).toEqual([1, 3]);
  });
});

describe("eig", () => {
  it("a 90° rotation has eigenvalues ±i, in block form A·[vr vi] = [vr vi]·[[a, b], [−b, a]]", () => {
    const a = new Tensor(Float32Array.of(0, -1, 1, 0), [2, 2]);
    const { real, imag, vectors } = eig(a);
    expect(real.toArray().map(Math.abs)).toEqual([0, 0]);
    expect(imag.toArray().map(Math.abs)).toEqual([1, 1]);
    const [re, im] = [real.toArray()[0]!, imag.toArray()[0]!];
    const V = M(vectors);
    expectClose(
      M(a).mmul(V),
      V.mmul(
        new Matrix([
          [re, im],
          [-im, re],
        ]),
      ),
    );
  });
  it("a general real matrix: A·V = V·D with D block-diagonal", () => {
    const a = randn([5, 5]);
    const { real, imag, vectors } = eig(a);
    const re = real.toArray();
    const im = imag.toArray();
    const D = Matrix.zeros(5, 5);
    for (let i = 0; i < 5; i++) {
      D.set(i, i, re[i]!);
      if (im[i]! > 0) D.set(i, i + 1, im[i]!);
      if (im[i]! < 0) D.set(i, i - 1, im[i]!);
    }
    const V = M(vectors);
    expectClose(M(a).mmul(V), V.mmul(D), 1e-4);
  });
});

describe("qr", () => {
  for (const [name, a] of shapes) {
    it(`${name}: Q·R = A, QᵀQ = I, R upper triangular`, () => {
      const { Q, R } = qr(a);
      const [m, n] = a.shape as [number, number];
      const k = Math.min(m, n);
      expect(Q.shape).toEqual([m, k]);
      expect(R.shape).toEqual([k, n]);
      expectClose(M(Q).mmul(M(R)), M(a));
      expectClose(M(Q).transpose().mmul(M(Q)), I(k));
      const r = M(R);
      for (let i = 0; i < k; i++) for (let j = 0; j < Math.min(i, n); j++) expect(r.get(i, j)).toBe(0);
    });
  }
});

describe("pinv", () => {
  for (const [name, a] of shapes) {
    it(`${name}: the four Moore–Penrose conditions`, () => {
      const A = M(a);
      const P = M(pinv(a));
      expect([P.rows, P.columns]).toEqual([A.columns, A.rows]);
      expectClose(A.mmul(P).mmul(A), A, 1e-4);
      expectClose(P.mmul(A).mmul(P), P, 1e-4);
      expectClose(A.mmul(P).transpose(), A.mmul(P), 1e-4);
      expectClose(P.mmul(A).transpose(), P.mmul(A), 1e-4);
    });
  }
  it("an absolute tolerance drops small singular values", () => {
    const a = new Tensor(Float32Array.of(4, 0, 0, 1e-3), [2, 2]);
    // 1e-3 is not exact in float32: the inverse is 1 / fround(1e-3), rounded to float32
    expect(pinv(a).toArray()).toEqual([0.25, 0, 0, Math.fround(1 / Math.fround(1e-3))]);
    expect(pinv(a, { atol: 1e-2 }).toArray()).toEqual([0.25, 0, 0, 0]);
  });
});

describe("matrixRank", () => {
  it("counts singular values above the float32 tolerance", () => {
    expect(matrixRank(randn([6, 3]))).toBe(3);
    expect(matrixRank(randn([3, 6]))).toBe(3);
    expect(matrixRank(lowRank(6, 5, 2))).toBe(2);
    expect(matrixRank(lowRank(4, 7, 1))).toBe(1);
    expect(matrixRank(zeros([3, 3]))).toBe(0);
    expect(matrixRank(zeros([0, 3]))).toBe(0);
  });
  it("honours rtol and atol", () => {
    const a = new Tensor(Float32Array.of(1, 0, 0, 0, 1e-3, 0, 0, 0, 1e-6), [3, 3]);
    expect(matrixRank(a)).toBe(3);
    expect(matrixRank(a, { rtol: 1e-4 })).toBe(2);
    expect(matrixRank(a, { atol: 1e-2 })).toBe(1);
    expect(() => matrixRank(a, { rtol: -1 })).toThrow("matrixRank: rtol and atol must be ≥ 0");
  });
});

describe("tensor ↔ Matrix", () => {
  it("round-trips values and reads strided views in logical order", () => {
    const t = new Tensor(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3]);
    expect(toMatrix(t).to2DArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(toMatrix(t.transpose(0, 1)).to2DArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    const back = fromMatrix(toMatrix(t));
    expect(back.shape).toEqual([2, 3]);
    expect(back.dtype).toBe("float32");
    expect(back.toArray()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(toMatrix(new Tensor(Int32Array.of(7, 8), [1, 2])).to2DArray()).toEqual([[7, 8]]);
  });
});

describe("errors", () => {
  it("shape errors name the op and the shape", () => {
    expect(() => svd(zeros([2, 3, 4]))).toThrow("svd: [2,3,4]: expected a 2-d matrix, got 3-d");
    expect(() => eigh(zeros([2, 3]))).toThrow(ShapeError);
    expect(() => eig(zeros([2, 3]))).toThrow("eig: [2,3]: expected a square matrix, got 2×3");
    expect(() => toMatrix(zeros([4]))).toThrow("toMatrix: [4]: expected a 2-d matrix, got 1-d");
    expect(() => fromMatrix([[1]] as unknown as Matrix)).toThrow("fromMatrix: expected an ml-matrix Matrix");
  });
  it("refuse non-finite input instead of iterating forever", () => {
    const a = new Tensor(Float32Array.of(1, Number.NaN, 0, 1), [2, 2]);
    for (const f of [svd, qr, pinv, matrixRank, eig, eigh] as ((t: Tensor) => unknown)[]) {
      expect(() => f(a)).toThrow("non-finite entry (NaN) at flat index 1");
    }
  });
  it("refuse tensors that require grad while recording, and accept them under noGrad", () => {
    const a = randn([3, 3]).requiresGrad_();
    expect(() => svd(a)).toThrow("svd: the result is not differentiable");
    expect(noGrad(() => matrixRank(a))).toBe(3);
    expect(matrixRank(a.detach())).toBe(3);
  });
});
