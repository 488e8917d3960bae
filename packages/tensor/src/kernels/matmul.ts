// Dense float32 matrix multiply kernels, C += A·B into a contiguous row-major C (zeroed by the caller).
// Two loop orders so neither operand of a transposed view has to be copied first:
// - matmulKernel, cache-blocked i-k-j: the innermost loop streams a contiguous row of B and of C;
//   A may have any strides (it is read once per (i, k)).
// - matmulDotKernel, for B stored transposed (B[k][j] at j·ldb + k, e.g. Wᵀ of a row-major W):
//   each C[i][j] is a dot product of two contiguous rows.
// No allocation; 0 · Infinity still gives NaN (no skipping of zeros), as in BLAS.

const BLOCK_I = 64;
const BLOCK_K = 128;
const BLOCK_J = 512;

/**
 * A is M×K read at aOff + i·ars + p·acs; B is K×N with contiguous rows, B[p][j] at bOff + p·ldb + j;
 * C is M×N contiguous at cOff.
 */
export function matmulKernel(
  a: Float32Array,
  aOff: number,
  ars: number,
  acs: number,
  b: Float32Array,
  bOff: number,
  ldb: number,
  c: Float32Array,
  cOff: number,
  m: number,
  k: number,
  n: number,
): void {
  for (let i0 = 0; i0 < m; i0 += BLOCK_I) {
    const i1 = Math.min(i0 + BLOCK_I, m);
    for (let k0 = 0; k0 < k; k0 += BLOCK_K) {
      const k1 = Math.min(k0 + BLOCK_K, k);
      for (let j0 = 0; j0 < n; j0 += BLOCK_J) {
        const j1 = Math.min(j0 + BLOCK_J, n);
        for (let i = i0; i < i1; i++) {
          const aRow = aOff + i * ars;
          const cRow = cOff + i * n;
          for (let p = k0; p < k1; p++) {
            const aip = a[aRow + p * acs]!;
            const bRow = bOff + p * ldb;
            for (let j = j0; j < j1; j++) c[cRow + j] = c[cRow + j]! + aip * b[bRow + j]!;
          }
        }
      }
    }
  }
}

/**
 * A is M×K with contiguous rows (A[i][p] at aOff + i·lda + p); B is K×N stored transposed
 * (B[p][j] at bOff + j·ldb + p); C is M×N contiguous at cOff. Sums in float64.
 */
export function matmulDotKernel(
  a: Float32Array,
  aOff: number,
  lda: number,
  b: Float32Array,
  bOff: number,
  ldb: number,
  c: Float32Array,
  cOff: number,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * lda;
    const cRow = cOff + i * n;
    for (let j = 0; j < n; j++) {
      const bRow = bOff + j * ldb;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p]! * b[bRow + p]!;
      c[cRow + j] = c[cRow + j]! + s;
    }
  }
}
