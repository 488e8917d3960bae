// One call of the kernel module's gemmStridedBatched, with named fields instead of seventeen positional
// numbers: what the Tensor adapter builds, and how the thread pools split it into bands or batch ranges.
import type { WasmKernelExports } from "./exports";
import { splitRange, splitRows } from "./split-range";

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

/**
 * `g` cut into rounds of per-thread parts for up to `parts` threads: one round of batch ranges when there
 * are at least as many entries as parts, else one round per entry of row bands (splitRows) or column bands
 * (multiples of the 8-column micro-tile), whichever side of C is longer. Every part sums each element of C
 * in the order the whole call would, so split results equal one thread's bit for bit.
 */
export function splitStridedGemm(g: StridedGemm, parts: number): StridedGemm[][] {
  const entry = (e: number, count: number): StridedGemm => ({
    ...g,
    batch: count,
    a: g.a + e * g.strideA * 4,
    b: g.b + e * g.strideB * 4,
    c: g.c + e * g.strideC * 4,
  });
  if (g.batch >= parts) return [splitRange(g.batch, parts, 1).map(([e0, e1]) => entry(e0, e1 - e0))];
  const byRows = g.m >= g.n;
  const ranges = byRows ? splitRows(g.m, parts) : splitRange(g.n, parts, 8);
  const rounds: StridedGemm[][] = [];
  for (let e = 0; e < g.batch; e++) {
    const one = entry(e, 1);
    rounds.push(
      ranges.map(([r0, r1]) =>
        byRows
          ? { ...one, m: r1 - r0, a: one.a + (g.transA ? r0 : r0 * g.lda) * 4, c: one.c + r0 * g.ldc * 4 }
          : { ...one, n: r1 - r0, b: one.b + (g.transB ? r0 * g.ldb : r0) * 4, c: one.c + r0 * 4 },
      ),
    );
  }
  return rounds;
}
