// Dense float32 matrix multiply C += A·B on contiguous row-major blocks, cache-blocked in i-k-j order:
// the innermost loop streams a row of B and a row of C, so both are read sequentially.
// A is M×K at aOff, B is K×N at bOff, C is M×N at cOff (C must be zeroed by the caller for a plain product).

const BLOCK_I = 64;
const BLOCK_K = 128;
const BLOCK_J = 512;

export function matmulKernel(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
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
          const aRow = aOff + i * k;
          const cRow = cOff + i * n;
          for (let p = k0; p < k1; p++) {
            // No skip for aip === 0: 0 · Infinity must still give NaN, as in BLAS.
            const aip = a[aRow + p]!;
            const bRow = bOff + p * n;
            for (let j = j0; j < j1; j++) c[cRow + j] = c[cRow + j]! + aip * b[bRow + j]!;
          }
        }
      }
    }
  }
}
