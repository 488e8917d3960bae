// One call of the kernel module's gemmStridedBatched, with named fields instead of seventeen positional
// numbers: what the Tensor adapter builds and what WasmSyncThreads splits into bands or batch ranges.
import type { WasmKernelExports } from "./exports";

/** C[i] (+)= op(A[i])·op(B[i]) for i < batch; pointers in bytes, leading dimensions and strides in elements. */
export interface StridedGemm {
  batch: number;
  /** 1: A stored [k, m] (use Aᵀ). */
  transA: 0 | 1;
  /** 1: B stored [n, k] (use Bᵀ). */
  transB: 0 | 1;
  m: number;
  n: number;
  k: number;
  a: number;
  lda: number;
  /** Elements between batch entries of A (0: one A for every entry). */
  strideA: number;
  b: number;
  ldb: number;
  strideB: number;
  c: number;
  ldc: number;
  strideC: number;
  /** 1: add into C instead of overwriting it. */
  accumulate: 0 | 1;
}

/** gemmStridedBatched's argument list for `g`, with `work` bytes of packing workspace. */
export function stridedGemmArgs(g: StridedGemm, work: number): number[] {
  return [
    g.batch,
    g.transA,
    g.transB,
    g.m,
    g.n,
    g.k,
    g.a,
    g.lda,
    g.strideA,
    g.b,
    g.ldb,
    g.strideB,
    g.c,
    g.ldc,
    g.strideC,
    g.accumulate,
    work,
  ];
}

/** Runs `g` on the calling thread. */
export function runStridedGemm(raw: WasmKernelExports, g: StridedGemm, work: number): void {
  (raw.gemmStridedBatched as (...args: number[]) => void)(...stridedGemmArgs(g, work));
}
