// The wasm backend as seen by the Tensor ops: the kernels of the backend interface that pay in wasm
// (matmul, batched matmul, conv2d forward/backward, max pooling, elementwise, row max, softmax, fused
// softmax-cross-entropy, bias + activation, optimizer updates), each copying its Float32Array operands
// into pooled wasm buffers and the result back out; an operand that already lives in wasm memory (a
// wasm-resident tensor's storage, see src/backend/resident.ts) is read in place. Below a size threshold (measured: bench/thresholds.mjs)
// the copies cost more than the faster loop saves, so the JS reference kernel runs instead; grouped
// convolutions and views with neither a unit row nor a unit column stride also fall back (strided
// views with one, such as attention heads, run through gemmStrided). Deliberately not here: allocating
// outputs in wasm memory (the ops hand in JS arrays). With `threads` (initThreads), GEMMs
// and conv2d forward above the pool's minFlops are split over workers synchronously (sync-threads.ts).

import type { Conv2dGeometry } from "../../kernels/conv-geometry";
import type { Backend, Kernels, MatrixView } from "../backend";
import { jsKernels } from "../js/js-backend";
import type { WasmF32 } from "./arena";
import { splitRange, splitRows } from "./split-range";
import { runStridedGemm, type StridedGemm } from "./strided-gemm";
import type { WasmSyncThreads } from "./sync-threads";
import type { WasmBackend } from "./wasm-backend";
import type { Conv2dShape } from "./wasm-conv-geometry";

/** Smallest sizes that run in wasm (copy-in/copy-out included, 1 thread; see bench/thresholds.mjs). */
export interface WasmThresholds {
  /** Elements of an elementwise op, reduction, softmax or optimizer update. */
  elements: number;
  /** m·k·n of one matmul (per batch entry for batched). */
  matmulMacs: number;
  /** Multiply-adds of a whole conv2d (n·cOut·outH·outW·cIn·kH·kW). */
  convMacs: number;
}

// bench/thresholds.mjs on the 2-core EPYC (load ~7, medians): wasm/js time for add is 0.84 at 256
// elements and 0.54 at 1024, exp/softmax pay from 256; matmul from 12³ (0.15; 8³ was noisy either
// way); conv2d at 2592 MACs 0.68, 18432 MACs 0.13. Thresholds sit at the crossovers, rounded up.
export const DEFAULT_WASM_THRESHOLDS: WasmThresholds = {
  elements: 1024,
  matmulMacs: 1024,
  convMacs: 4096,
};

/** Every size goes to wasm (what the shared test suite uses, so small cases exercise the wasm kernels). */
export const NO_WASM_THRESHOLDS: WasmThresholds = { elements: 0, matmulMacs: 0, convMacs: 0 };

/** Fewest output channels per thread when conv2d's weight gradient is split into bands. */
const MIN_DW_BAND = 16;

/** How a strided operand maps onto the GEMM: 0 row-major, 1 stored transposed, -1 neither. */
function layout(v: MatrixView, rows: number, cols: number): 0 | 1 | -1 {
  const cs = cols === 1 ? 1 : v.cs;
  const rs = rows === 1 ? cols : v.rs;
  if (cs === 1 && rs === cols) return 0;
  const rs2 = rows === 1 ? 1 : v.rs;
  const cs2 = cols === 1 ? rows : v.cs;
  if (rs2 === 1 && cs2 === rows) return 1;
  return -1;
}

/**
 * How a strided operand maps onto gemmStrided when it is not dense: row-major rows `ld` apart (cs 1) or
 * stored transposed with columns `ld` apart (rs 1). Views such as attention heads sliced out of a fused
 * QKV projection ([H, T, hd] permuted from [T, 3·d]) fit; anything else (negative or two non-unit
 * strides) returns undefined.
 */
export function stridedLayout(
  v: MatrixView,
  rows: number,
  cols: number,
): { trans: 0 | 1; ld: number } | undefined {
  if (v.rs < 0 || v.cs < 0 || v.bs < 0) return undefined;
  if (cols === 1 || v.cs === 1) {
    const ld = rows === 1 ? cols : v.rs;
    if (ld >= cols) return { trans: 0, ld };
  }
  if (rows === 1 || v.rs === 1) {
    const ld = cols === 1 ? rows : v.cs;
    if (ld >= rows) return { trans: 1, ld };
  }
  return undefined;
}

/** Elements from v.off to the last element of `batch` entries of a [rows, cols] view (strides ≥ 0). */
function viewSpan(v: MatrixView, batch: number, rows: number, cols: number): number {
  return (batch - 1) * v.bs + (rows - 1) * v.rs + (cols - 1) * v.cs + 1;
}

/** channels, height, width, outChannels, kh, kw, strides, paddings, dilations: the conv kernels' shape arguments. */
function geometryArgs(g: Conv2dGeometry): number[] {
  return [g.cIn, g.h, g.w, g.cOut, g.kH, g.kW, g.strideH, g.strideW, g.padH, g.padW, g.dilH, g.dilW];
}

function convShape(g: Conv2dGeometry): Conv2dShape {
  return {
    batch: g.n,
    outChannels: g.cOut,
    channels: g.cIn,
    height: g.h,
    width: g.w,
    kernelH: g.kH,
    kernelW: g.kW,
    strideH: g.strideH,
    strideW: g.strideW,
    padH: g.padH,
    padW: g.padW,
    dilationH: g.dilH,
    dilationW: g.dilW,
  };
}

const convMacs = (g: Conv2dGeometry) => g.n * g.cOut * g.outH * g.outW * (g.cIn / g.groups) * g.kH * g.kW;

/** The wasm kernels of the backend interface over `wasm`; `limits` is read on every call. */
export function createWasmKernels(
  wasm: WasmBackend,
  limits: { current: WasmThresholds },
  threads?: WasmSyncThreads,
): Backend {
  const raw = wasm.raw;
  /** One strided GEMM, on the threads when they are on and the work is large enough. */
  function gemm(g: StridedGemm): void {
    if (threads !== undefined && !threads.closed) threads.gemm(g);
    else runStridedGemm(raw, g, wasm.workspace);
  }

  const small = (n: number) => n < limits.current.elements;
  /**
   * Runs body with pooled wasm buffers, freeing them afterwards. `input(x)` is x's place in wasm memory:
   * x itself when it already lives there (a wasm-resident tensor's storage: no copy), else a pooled copy.
   */
  function withBuffers<T>(
    body: (take: (b: WasmF32) => WasmF32, input: (x: Float32Array) => { ptr: number }) => T,
  ): T {
    const held: WasmF32[] = [];
    const take = (b: WasmF32) => {
      held.push(b);
      return b;
    };
    const input = (x: Float32Array) => {
      const at = wasm.arena.placeOf(x);
      return at >= 0 ? { ptr: at } : take(wasm.upload(x));
    };
    try {
      return body(take, input);
    } finally {
      for (const b of held) b.free();
    }
  }
  /**
   * matmul over strided views the dense path cannot take: copies the span each operand covers into
   * wasm memory once and runs one gemmStrided per batch entry with the views' own leading dimensions.
   * Returns false (nothing written) when a view has no GEMM layout.
   */
  function stridedMatmul(
    a: MatrixView,
    b: MatrixView,
    batch: number,
    m: number,
    k: number,
    n: number,
    out: Float32Array,
    cOff: number,
  ): boolean {
    const la = stridedLayout(a, m, k);
    const lb = stridedLayout(b, k, n);
    if (!la || !lb) return false;
    const aSpan = viewSpan(a, batch, m, k);
    const bSpan = viewSpan(b, batch, k, n);
    if (a.off + aSpan > a.data.length || b.off + bSpan > b.data.length) return false;
    withBuffers((take, input) => {
      const A = input(a.data.subarray(a.off, a.off + aSpan));
      const B = input(b.data.subarray(b.off, b.off + bSpan));
      const C = take(wasm.alloc(batch * m * n));
      gemm({
        batch,
        transA: la.trans,
        transB: lb.trans,
        m,
        n,
        k,
        a: A.ptr,
        lda: la.ld,
        strideA: a.bs,
        b: B.ptr,
        ldb: lb.ld,
        strideB: b.bs,
        c: C.ptr,
        ldc: n,
        strideC: m * n,
        accumulate: 0,
      });
      out.set(C.array, cOff);
    });
    return true;
  }
  /** conv2d forward with whole images split over `parts` threads (each with its own im2col scratch). */
  function threadedConv2d(
    x: Float32Array,
    w: Float32Array,
    bias: Float32Array | null,
    g: Conv2dGeometry,
    parts: number,
  ): Float32Array {
    const imageIn = g.cIn * g.h * g.w;
    const imageOut = g.cOut * g.outH * g.outW;
    const ranges = splitRange(g.n, parts, 1);
    return withBuffers((take, input) => {
      const X = input(x);
      const W = input(w);
      const B = bias === null ? undefined : input(bias);
      const Y = take(wasm.alloc(g.n * imageOut));
      const colLength = isDirect(g) ? 0 : g.cIn * g.kH * g.kW * g.outH * g.outW;
      threads!.convolution("conv2dImages", ranges.length, colLength, (part, scratch) => {
        const [i0, i1] = ranges[part]!;
        return [
          X.ptr + i0 * imageIn * 4,
          W.ptr,
          B?.ptr ?? 0,
          i1 - i0,
          ...geometryArgs(g),
          colLength === 0 ? 0 : scratch.col,
          Y.ptr + i0 * imageOut * 4,
          scratch.workspace,
        ];
      });
      return Y.toFloat32Array();
    });
  }
  const isDirect = (g: Conv2dGeometry) =>
    g.kH === 1 && g.kW === 1 && g.strideH === 1 && g.strideW === 1 && g.padH === 0 && g.padW === 0;

  const kernels: Partial<Kernels> = {
    unary: (op, x, out) => {
      if (small(x.length)) jsKernels.unary(op, x, out);
      else wasm.unary(op, x, out);
    },
    binary: (op, a, b, out) => {
      if (small(a.length)) jsKernels.binary(op, a, b, out);
      else wasm.binary(op, a, b, out);
    },
    binaryScalar: (op, a, s, reversed, out) => {
      if (small(a.length)) jsKernels.binaryScalar(op, a, s, reversed, out);
      else wasm.binaryScalar(op, a, s, reversed, out);
    },
    binaryRow: (op, a, row, rows, cols, reversed, out) => {
      if (small(a.length)) jsKernels.binaryRow(op, a, row, rows, cols, reversed, out);
      else wasm.binaryRow(op, a, row, rows, cols, reversed, out);
    },
    // No sumLastAxis: the wasm row sum accumulates in f32, and sums promise float64 accumulation
    // (1e6 × 0.1 gives 100060 in f32); the JS reference keeps them.
    maxLastAxis: (x, rows, cols, out) => {
      if (small(x.length) || rows === 0) jsKernels.maxLastAxis(x, rows, cols, out);
      else wasm.maxLastAxis(x, rows, cols, out);
    },
    matmul: (a, b, m, k, n, out, cOff) => {
      const la = layout(a, m, k);
      const lb = layout(b, k, n);
      if (m * k * n < limits.current.matmulMacs || m * n === 0) {
        jsKernels.matmul(a, b, m, k, n, out, cOff);
        return;
      }
      if (la < 0 || lb < 0 || threads !== undefined) {
        if (!stridedMatmul(a, b, 1, m, k, n, out, cOff)) jsKernels.matmul(a, b, m, k, n, out, cOff);
        return;
      }
      wasm.matmul(
        a.data.subarray(a.off, a.off + m * k),
        b.data.subarray(b.off, b.off + k * n),
        m,
        k,
        n,
        { transA: la === 1, transB: lb === 1 },
        out.subarray(cOff, cOff + m * n),
      );
    },
    batchedMatmul: (a, b, batch, m, k, n, out) => {
      const la = layout(a, m, k);
      const lb = layout(b, k, n);
      const denseA = a.bs === 0 || a.bs === m * k || batch === 1;
      const denseB = b.bs === 0 || b.bs === k * n || batch === 1;
      if (m * k * n < limits.current.matmulMacs || batch * m * n === 0) {
        jsKernels.batchedMatmul(a, b, batch, m, k, n, out);
        return;
      }
      if (la < 0 || lb < 0 || !denseA || !denseB || threads !== undefined) {
        if (!stridedMatmul(a, b, batch, m, k, n, out, 0)) jsKernels.batchedMatmul(a, b, batch, m, k, n, out);
        return;
      }
      const broadcastA = a.bs === 0 && batch > 1;
      const broadcastB = b.bs === 0 && batch > 1;
      const aLen = (broadcastA ? 1 : batch) * m * k;
      const bLen = (broadcastB ? 1 : batch) * k * n;
      wasm.batchedMatmul(
        a.data.subarray(a.off, a.off + aLen),
        b.data.subarray(b.off, b.off + bLen),
        batch,
        m,
        k,
        n,
        { transA: la === 1, transB: lb === 1, broadcastA, broadcastB },
        out.subarray(0, batch * m * n),
      );
    },
    conv2dForward: (x, w, bias, g) => {
      if (g.groups !== 1 || convMacs(g) < limits.current.convMacs || g.n === 0)
        return jsKernels.conv2dForward(x, w, bias, g);
      const parts = threads === undefined ? 1 : Math.min(threads.partsFor(2 * convMacs(g)), g.n);
      if (parts < 2) return wasm.conv2d(x, w, bias ?? undefined, convShape(g));
      return threadedConv2d(x, w, bias, g, parts);
    },
    conv2dBackwardInput: (dy, w, g) => {
      if (g.groups !== 1 || convMacs(g) < limits.current.convMacs || g.n === 0)
        return jsKernels.conv2dBackwardInput(dy, w, g);
      const imageIn = g.cIn * g.h * g.w;
      const imageOut = g.cOut * g.outH * g.outW;
      const colLength = isDirect(g) ? 0 : g.cIn * g.kH * g.kW * g.outH * g.outW;
      return withBuffers((take, input) => {
        const W = input(w);
        const DY = input(dy);
        const DX = take(wasm.alloc(g.n * imageIn));
        // Whole images per thread: each image's dx is written by one thread only.
        const args = (i0: number, i1: number, dcol: number, work: number) => [
          DY.ptr + i0 * imageOut * 4,
          W.ptr,
          i1 - i0,
          ...geometryArgs(g),
          dcol,
          DX.ptr + i0 * imageIn * 4,
          work,
        ];
        const parts = threads === undefined ? 1 : Math.min(threads.partsFor(2 * convMacs(g)), g.n);
        if (parts < 2) {
          const DCOL = colLength === 0 ? undefined : take(wasm.alloc(colLength));
          (raw.conv2dBackwardInputImages as (...a: number[]) => void)(
            ...args(0, g.n, DCOL?.ptr ?? 0, wasm.workspace),
          );
        } else {
          const ranges = splitRange(g.n, parts, 1);
          threads!.convolution("conv2dBackwardInputImages", ranges.length, colLength, (part, s) =>
            args(ranges[part]![0], ranges[part]![1], colLength === 0 ? 0 : s.col, s.workspace),
          );
        }
        return DX.toFloat32Array();
      });
    },
    conv2dBackwardWeight: (dy, x, g) => {
      if (g.groups !== 1 || convMacs(g) < limits.current.convMacs || g.n === 0)
        return jsKernels.conv2dBackwardWeight(dy, x, g);
      const patch = g.cIn * g.kH * g.kW;
      const colLength = isDirect(g) ? 0 : patch * g.outH * g.outW;
      return withBuffers((take, input) => {
        const X = input(x);
        const DY = input(dy);
        const DW = take(wasm.alloc(g.cOut * patch));
        // Bands of output channels per thread, each over every image in order: the same sums as one call.
        const args = (r0: number, r1: number, col: number, work: number) => [
          X.ptr,
          DY.ptr,
          g.n,
          ...geometryArgs(g),
          r0,
          r1 - r0,
          col,
          DW.ptr,
          work,
        ];
        // Every band re-runs im2col over the whole batch, which costs about 1/band-rows of its GEMM: bands
        // under 16 output channels lost more to that than the second core gained (small CNN step: 0.85×).
        const parts =
          threads === undefined
            ? 1
            : Math.min(threads.partsFor(2 * convMacs(g)), Math.floor(g.cOut / MIN_DW_BAND));
        const ranges = splitRows(g.cOut, Math.max(1, parts));
        if (ranges.length < 2) {
          const COL = colLength === 0 ? undefined : take(wasm.alloc(colLength));
          (raw.conv2dBackwardWeightRows as (...a: number[]) => void)(
            ...args(0, g.cOut, COL?.ptr ?? 0, wasm.workspace),
          );
        } else {
          threads!.convolution("conv2dBackwardWeightRows", ranges.length, colLength, (part, s) =>
            args(ranges[part]![0], ranges[part]![1], colLength === 0 ? 0 : s.col, s.workspace),
          );
        }
        return DW.toFloat32Array();
      });
    },
    // Pooling moves x, y and the indices through wasm memory; indices live in f32-sized slots read as i32.
    maxPool2dForward: (x, g) => {
      const planes = g.n * g.c;
      const outLen = planes * g.outH * g.outW;
      if (small(x.length) || outLen === 0) return jsKernels.maxPool2dForward(x, g);
      return withBuffers((take, input) => {
        const X = input(x);
        const Y = take(wasm.alloc(outLen));
        const I = take(wasm.alloc(outLen));
        raw.maxPool2dForward(
          X.ptr,
          Y.ptr,
          I.ptr,
          planes,
          g.h,
          g.w,
          g.kH,
          g.kW,
          g.strideH,
          g.strideW,
          g.padH,
          g.padW,
          g.outH,
          g.outW,
        );
        const y = Y.toFloat32Array();
        const indices = new Int32Array(outLen);
        indices.set(new Int32Array(wasm.memory.buffer, I.ptr, outLen));
        return { y, indices };
      });
    },
    maxPool2dBackward: (dy, indices, g) => {
      const planes = g.n * g.c;
      const inLen = planes * g.h * g.w;
      if (small(inLen) || dy.length === 0) return jsKernels.maxPool2dBackward(dy, indices, g);
      return withBuffers((take, input) => {
        const DY = input(dy);
        const I = take(wasm.alloc(indices.length));
        new Int32Array(wasm.memory.buffer, I.ptr, indices.length).set(indices);
        const DX = take(wasm.alloc(inLen));
        raw.maxPool2dBackward(DY.ptr, I.ptr, DX.ptr, planes, g.h * g.w, g.outH * g.outW);
        return DX.toFloat32Array();
      });
    },
    softmax: (x, rows, cols, log, out) => {
      if (small(x.length) || rows * cols === 0) jsKernels.softmax(x, rows, cols, log, out);
      else if (log) wasm.logSoftmax(x, rows, cols, out);
      else wasm.softmax(x, rows, cols, out);
    },
    softmaxCrossEntropy: (x, targets, rows, cols, gradScale, ignoreIndex, losses, dlogits) => {
      if (small(x.length) || rows * cols === 0) {
        jsKernels.softmaxCrossEntropy(x, targets, rows, cols, gradScale, ignoreIndex, losses, dlogits);
        return;
      }
      const r = wasm.softmaxCrossEntropy(x, targets, rows, cols, {
        gradScale,
        ignoreIndex,
        grad: dlogits !== null,
        ...(dlogits ? { dlogits } : {}),
      });
      losses.set(r.losses);
    },
    biasActivation: (x, bias, rows, cols, act, out) => {
      if (small(x.length)) jsKernels.biasActivation(x, bias, rows, cols, act, out);
      else wasm.biasActivation(x, bias, rows, cols, act, out);
    },
    sgdUpdate: (p, g, velocity, o) => {
      if (small(p.length)) jsKernels.sgdUpdate(p, g, velocity, o);
      else wasm.sgdUpdate(p, g, velocity ?? undefined, o);
    },
    adamUpdate: (p, g, m, v, o) => {
      if (small(p.length)) jsKernels.adamUpdate(p, g, m, v, o);
      else wasm.adamUpdate(p, g, m, v, o);
    },
  };
  return { name: "wasm", ...kernels };
}
