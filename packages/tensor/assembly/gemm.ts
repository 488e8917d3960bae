// GEMM on f32: C[m,n] = op(A)[m,k] · op(B)[k,n] (+ C), op = identity or transpose, all matrices dense
// row-major. BLIS loop order (jc → pc → ic → jr → ir): a KC×NC block of B and an MC×KC block of A are
// packed into micro-panels, then a 4×8 f32x4 register-blocked micro-kernel runs over them.
// Deliberately not here: threading (see src/backend/wasm/threads.ts), alpha/beta scaling.

import { hsum } from "./lanes";

// Micro-tile 4 rows × 8 columns: 8 f32x4 accumulators + 2 B vectors + 1 splat = 11 of x64's 16 xmm
// registers, the shape of XNNPACK's f32-gemm 4x8 wasmsimd "loadsplat" kernels. A 6×8 tile (12
// accumulators) was tried on 2026-11-29: 25.8 GFLOP/s instead of 38 on 128×768·768×2304 under Node 20's
// V8 (it spills accumulators), so 4×8 stays.
const MR: i32 = 4;
const NR: i32 = 8;
// KC×NR panel of B (8 KiB) stays in L1; MC×KC block of A (128 KiB) in L2; KC×NC block of B (1 MiB) in L3.
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;

const PACK_A_BYTES: usize = <usize>(MC * KC) << 2;
const PACK_B_BYTES: usize = <usize>(KC * NC) << 2;
const TILE_BYTES: usize = <usize>(MR * NR) << 2;

/** Bytes of scratch the caller must pass as `work` to gemm / gemmBatched. */
export function gemmWorkspaceBytes(): i32 {
  return <i32>(PACK_A_BYTES + PACK_B_BYTES + TILE_BYTES);
}

// Loads a 4×4 block whose rows start at r0..r3 and returns it transposed through four stores at dst,
// dst + step, dst + 2·step, dst + 3·step (bytes).
@inline
function transpose4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, step: usize): void {
  const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + step, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * step, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * step, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

// Packs op(A)[ic:ic+mc, pc:pc+kc] as micro-panels of MR rows: panel q holds, for each p, the MR values
// op(A)[ic+q·MR+r, pc+p] side by side. Rows past m are zero so the micro-kernel never branches.
function packA(transA: i32, a: usize, lda: i32, ic: i32, pc: i32, mc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const panel = dst + (<usize>(ir * kc) << 2);
    const i0 = ic + ir;
    if (transA == 0) {
      // A stored [m, k]: each row is contiguous in p; transpose 4×4 blocks.
      let p = 0;
      if (mr == MR) {
        const row0 = a + (<usize>(i0 * lda + pc) << 2);
        const rowStep = <usize>lda << 2;
        for (; p + 4 <= kc; p += 4) {
          const src = row0 + (<usize>p << 2);
          transpose4(
            v128.load(src),
            v128.load(src + rowStep),
            v128.load(src + 2 * rowStep),
            v128.load(src + 3 * rowStep),
            panel + (<usize>(p * MR) << 2),
            16,
          );
        }
      }
      for (; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          const v: f32 = r < mr ? load<f32>(a + (<usize>((i0 + r) * lda + pc + p) << 2)) : 0;
          store<f32>(panel + (<usize>(p * MR + r) << 2), v);
        }
      }
    } else {
      // A stored [k, m]: the MR values for one p are contiguous.
      for (let p = 0; p < kc; p++) {
        const src = a + (<usize>((pc + p) * lda + i0) << 2);
        const out = panel + (<usize>(p * MR) << 2);
        if (mr == MR) {
          v128.store(out, v128.load(src));
        } else {
          for (let r = 0; r < MR; r++) store<f32>(out + (<usize>r << 2), r < mr ? load<f32>(src + (<usize>r << 2)) : 0);
        }
      }
    }
  }
}

// Packs op(B)[pc:pc+kc, jc:jc+nc] as micro-panels of NR columns: panel q holds, for each p, the NR values
// op(B)[pc+p, jc+q·NR+j] side by side. Columns past n are zero.
function packB(transB: i32, b: usize, ldb: i32, pc: i32, jc: i32, kc: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const panel = dst + (<usize>(jr * kc) << 2);
    const j0 = jc + jr;
    if (transB == 0) {
      // B stored [k, n]: the NR values for one p are contiguous.
      for (let p = 0; p < kc; p++) {
        const src = b + (<usize>((pc + p) * ldb + j0) << 2);
        const out = panel + (<usize>(p * NR) << 2);
        if (nr == NR) {
          v128.store(out, v128.load(src));
          v128.store(out, v128.load(src, 16), 16);
        } else {
          for (let j = 0; j < NR; j++) store<f32>(out + (<usize>j << 2), j < nr ? load<f32>(src + (<usize>j << 2)) : 0);
        }
      }
    } else {
      // B stored [n, k]: each of the NR columns of op(B) is a contiguous row; transpose 4×4 blocks.
      let p = 0;
      if (nr == NR) {
        const row0 = b + (<usize>(j0 * ldb + pc) << 2);
        const rowStep = <usize>ldb << 2;
        for (; p + 4 <= kc; p += 4) {
          const src = row0 + (<usize>p << 2);
          const out = panel + (<usize>(p * NR) << 2);
          transpose4(
            v128.load(src),
            v128.load(src + rowStep),
            v128.load(src + 2 * rowStep),
            v128.load(src + 3 * rowStep),
            out,
            32,
          );
          const src4 = src + 4 * rowStep;
          transpose4(
            v128.load(src4),
            v128.load(src4 + rowStep),
            v128.load(src4 + 2 * rowStep),
            v128.load(src4 + 3 * rowStep),
            out + 16,
            32,
          );
        }
      }
      for (; p < kc; p++) {
        for (let j = 0; j < NR; j++) {
          const v: f32 = j < nr ? load<f32>(b + (<usize>((j0 + j) * ldb + pc + p) << 2)) : 0;
          store<f32>(panel + (<usize>(p * NR + j) << 2), v);
        }
      }
    }
  }
}

// The 4×8 micro-kernel: C[0:4, 0:8] (+)= Σ_p pa[p, 0:4]ᵀ · pb[p, 0:8]. ldc in elements.
function micro(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, accumulate: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  const end = pa + (<usize>(kc * MR) << 2);
  while (pa < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += 16;
    pb += 32;
  }
  const step = <usize>ldc << 2;
  const c1 = c + step;
  const c2 = c1 + step;
  const c3 = c2 + step;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c1));
    c11 = f32x4.add(c11, v128.load(c1, 16));
    c20 = f32x4.add(c20, v128.load(c2));
    c21 = f32x4.add(c21, v128.load(c2, 16));
    c30 = f32x4.add(c30, v128.load(c3));
    c31 = f32x4.add(c31, v128.load(c3, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c1, c10);
  v128.store(c1, c11, 16);
  v128.store(c2, c20);
  v128.store(c2, c21, 16);
  v128.store(c3, c30);
  v128.store(c3, c31, 16);
}

// Copies (or adds) the valid mr×nr corner of a full MR×NR tile into C.
function storeEdge(tile: usize, c: usize, ldc: i32, mr: i32, nr: i32, accumulate: bool): void {
  for (let r = 0; r < mr; r++) {
    const src = tile + (<usize>(r * NR) << 2);
    const dst = c + (<usize>(r * ldc) << 2);
    for (let j = 0; j < nr; j++) {
      const off = <usize>j << 2;
      const v = load<f32>(src + off);
      store<f32>(dst + off, accumulate ? load<f32>(dst + off) + v : v);
    }
  }
}

@inline
function ceilDiv(a: i32, b: i32): i32 {
  return (a + b - 1) / b;
}

@inline
function roundUp(a: i32, multiple: i32): i32 {
  return ceilDiv(a, multiple) * multiple;
}

// C (+)= op(A)·op(B) for m < MR, one row of C at a time and without packing: for GEMV-like shapes
// (one sample, one token) packing B would cost more than the product itself, which reads B only once.
function gemmSmallM(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  c: usize,
  ldc: i32,
  accumulate: i32,
): void {
  for (let i = 0; i < m; i++) {
    const crow = c + (<usize>(i * ldc) << 2);
    if (transB == 0) {
      // c[i, :] (+)= Σ_p a[i, p] · B[p, :], B rows streamed once.
      if (accumulate == 0) memory.fill(crow, 0, <usize>n << 2);
      for (let p = 0; p < k; p++) {
        const av = load<f32>(a + (<usize>(transA ? p * lda + i : i * lda + p) << 2));
        const avv = f32x4.splat(av);
        const brow = b + (<usize>(p * ldb) << 2);
        let j = 0;
        for (; j + 4 <= n; j += 4) {
          const o = <usize>j << 2;
          v128.store(crow + o, f32x4.add(v128.load(crow + o), f32x4.mul(avv, v128.load(brow + o))));
        }
        for (; j < n; j++) {
          const o = <usize>j << 2;
          store<f32>(crow + o, load<f32>(crow + o) + av * load<f32>(brow + o));
        }
      }
    } else {
      // c[i, j] (+)= a[i, :] · B[j, :] (B stored [n, k]: each row of it is contiguous in p).
      for (let j = 0; j < n; j++) {
        const brow = b + (<usize>(j * ldb) << 2);
        let s: f32 = 0;
        let p = 0;
        if (transA == 0) {
          const arow = a + (<usize>(i * lda) << 2);
          let acc = f32x4.splat(0);
          for (; p + 4 <= k; p += 4) {
            const o = <usize>p << 2;
            acc = f32x4.add(acc, f32x4.mul(v128.load(arow + o), v128.load(brow + o)));
          }
          s = hsum(acc);
        }
        for (; p < k; p++) {
          s += load<f32>(a + (<usize>(transA ? p * lda + i : i * lda + p) << 2)) * load<f32>(brow + (<usize>p << 2));
        }
        const cp = crow + (<usize>j << 2);
        store<f32>(cp, accumulate != 0 ? load<f32>(cp) + s : s);
      }
    }
  }
}

/**
 * C (+)= op(A)·op(B) on sub-matrices with leading dimensions (row strides, in elements): C is m×n with row
 * stride ldc; A is m×k with stride lda (transA: stored k×m, stride lda); B is k×n with stride ldb
 * (transB: stored n×k, stride ldb). work: gemmWorkspaceBytes() bytes of scratch, 16-byte aligned.
 */
export function gemmStrided(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  c: usize,
  ldc: i32,
  accumulate: i32,
  work: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (accumulate == 0) {
      for (let i = 0; i < m; i++) memory.fill(c + (<usize>(i * ldc) << 2), 0, <usize>n << 2);
    }
    return;
  }
  if (m < MR) {
    gemmSmallM(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    return;
  }
  const pa0 = work;
  const pb0 = work + PACK_A_BYTES;
  const tile = pb0 + PACK_B_BYTES;
  // Equal-sized blocks (k = 288 → 144 + 144, not 256 + 32): no thin remainder block whose C tiles cost
  // a full load/store pass for little work. M and N blocks stay multiples of the micro-tile.
  const ncb = roundUp(ceilDiv(n, ceilDiv(n, NC)), NR);
  const kcb = ceilDiv(k, ceilDiv(k, KC));
  const mcb = roundUp(ceilDiv(m, ceilDiv(m, MC)), MR);
  for (let jc = 0; jc < n; jc += ncb) {
    const nc = min(ncb, n - jc);
    for (let pc = 0; pc < k; pc += kcb) {
      const kc = min(kcb, k - pc);
      const acc = accumulate != 0 || pc > 0;
      packB(transB, b, ldb, pc, jc, kc, nc, pb0);
      for (let ic = 0; ic < m; ic += mcb) {
        const mc = min(mcb, m - ic);
        packA(transA, a, lda, ic, pc, mc, kc, pa0);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const pb = pb0 + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const pa = pa0 + (<usize>(ir * kc) << 2);
            const cp = c + (<usize>((ic + ir) * ldc + jc + jr) << 2);
            if (mr == MR && nr == NR) {
              micro(kc, pa, pb, cp, ldc, acc);
            } else {
              micro(kc, pa, pb, tile, NR, false);
              storeEdge(tile, cp, ldc, mr, nr, acc);
            }
          }
        }
      }
    }
  }
}

/**
 * C[m,n] = op(A)·op(B), or C += op(A)·op(B) when accumulate ≠ 0, all dense.
 * transA: A is stored [k, m] (use Aᵀ). transB: B is stored [n, k] (use Bᵀ).
 */
export function gemm(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  b: usize,
  c: usize,
  accumulate: i32,
  work: usize,
): void {
  gemmStrided(transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, c, n, accumulate, work);
}

/**
 * batch independent GEMMs: C[i] (+)= op(A[i])·op(B[i]) with A[i] = a + i·strideA floats (likewise B);
 * a stride of 0 broadcasts one matrix over the batch. C[i] = c + i·m·n floats.
 */
export function gemmBatched(
  batch: i32,
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  strideA: i32,
  b: usize,
  strideB: i32,
  c: usize,
  accumulate: i32,
  work: usize,
): void {
  const lda = transA ? m : k;
  const ldb = transB ? k : n;
  gemmStridedBatched(batch, transA, transB, m, n, k, a, lda, strideA, b, ldb, strideB, c, n, m * n, accumulate, work);
}

/**
 * batch gemmStrided calls: entry i reads A at a + i·strideA floats and B at b + i·strideB (0 broadcasts
 * one matrix), writes C at c + i·strideC, all with the same leading dimensions. One export so a worker
 * thread runs a whole range of batch entries (e.g. attention heads) from one job.
 */
export function gemmStridedBatched(
  batch: i32,
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  lda: i32,
  strideA: i32,
  b: usize,
  ldb: i32,
  strideB: i32,
  c: usize,
  ldc: i32,
  strideC: i32,
  accumulate: i32,
  work: usize,
): void {
  for (let i = 0; i < batch; i++) {
    gemmStrided(
      transA,
      transB,
      m,
      n,
      k,
      a + (<usize>(i * strideA) << 2),
      lda,
      b + (<usize>(i * strideB) << 2),
      ldb,
      c + (<usize>(i * strideC) << 2),
      ldc,
      accumulate,
      work,
    );
  }
}
