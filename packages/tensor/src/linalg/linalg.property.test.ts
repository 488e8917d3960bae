// fast-check properties over random shapes and entries: svd reconstructs with orthonormal factors, qr
// reconstructs with orthonormal Q and triangular R, pinv satisfies the Moore–Penrose conditions, and
// matrixRank never exceeds min(m, n).

import fc from "fast-check";
import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { Tensor } from "../tensor";
import { toMatrix } from "./matrix-interop";
import { matrixRank, pinv } from "./pinv";
import { qr } from "./qr";
import { svd } from "./svd";

const matrix = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })).chain(([m, n]) =>
  fc
    // entries on a 1/1000 grid in [-4, 4]: no subnormals, whose inverses overflow float32
    .array(fc.integer({ min: -4000, max: 4000 }), { minLength: m * n, maxLength: m * n })
    .map(
      (v) =>
        new Tensor(
          Float32Array.from(v, (x) => x / 1000),
          [m, n],
        ),
    ),
);

// Fixed seed: tolerances are numerical, so a rare ill-conditioned draw must not make CI flaky (3 × 3000
// random-seed runs of these properties passed when they were written).
const params = { numRuns: 60, seed: 20261129 };

function maxAbsDiff(a: Matrix, b: Matrix): number {
  return Math.max(0, ...Matrix.sub(a, b).abs().to1DArray());
}

describe("linalg properties over random matrices", () => {
  it("svd: U·diag(S)·Vᵀ = A with orthonormal U, V", () => {
    fc.assert(
      fc.property(matrix, (a) => {
        const { U, S, V } = svd(a);
        const k = S.size;
        const u = toMatrix(U);
        const v = toMatrix(V);
        expect(maxAbsDiff(u.mmul(Matrix.diag(S.toArray())).mmul(v.transpose()), toMatrix(a))).toBeLessThan(
          1e-4,
        );
        expect(maxAbsDiff(u.transpose().mmul(u), Matrix.eye(k, k))).toBeLessThan(1e-4);
        expect(maxAbsDiff(v.transpose().mmul(v), Matrix.eye(k, k))).toBeLessThan(1e-4);
      }),
      params,
    );
  });
  it("qr: Q·R = A, QᵀQ = I", () => {
    fc.assert(
      fc.property(matrix, (a) => {
        const { Q, R } = qr(a);
        const q = toMatrix(Q);
        const k = q.columns;
        expect(maxAbsDiff(q.mmul(toMatrix(R)), toMatrix(a))).toBeLessThan(1e-4);
        expect(maxAbsDiff(q.transpose().mmul(q), Matrix.eye(k, k))).toBeLessThan(1e-4);
      }),
      params,
    );
  });
  it("pinv: A·A⁺·A = A and A⁺·A·A⁺ = A⁺ (relative to their size); rank ≤ min(m, n)", () => {
    fc.assert(
      fc.property(matrix, (a) => {
        const A = toMatrix(a);
        const P = toMatrix(pinv(a));
        const scaleA = Math.max(1, ...A.clone().abs().to1DArray());
        const scaleP = Math.max(1, ...P.clone().abs().to1DArray());
        expect(maxAbsDiff(A.mmul(P).mmul(A), A) / scaleA).toBeLessThan(1e-3);
        expect(maxAbsDiff(P.mmul(A).mmul(P), P) / scaleP).toBeLessThan(1e-3);
        expect(matrixRank(a)).toBeLessThanOrEqual(Math.min(A.rows, A.columns));
      }),
      params,
    );
  });
});
