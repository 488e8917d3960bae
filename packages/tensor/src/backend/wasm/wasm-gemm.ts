// The matrix-product wrappers of WasmBackend: matmul and batchedMatmul over the packed GEMM kernel
// (assembly/gemm.ts), with transposed operands, broadcast batches and accumulation.
// Deliberately not here: strided views and thread splits (strided-gemm.ts, sync-threads.ts, threads.ts).

import type { WasmBackend } from "./wasm-backend";
import { type F32Input, run } from "./wasm-call";
import { count, dim, distinct } from "./wasm-checks";

export interface MatmulOptions {
  /** A is stored transposed, [k, m]. */
  transA?: boolean;
  /** B is stored transposed, [n, k]. */
  transB?: boolean;
  /** C += op(A)·op(B) instead of C = op(A)·op(B) (the existing contents of `out` are used). */
  accumulate?: boolean;
}

export interface BatchedMatmulOptions extends MatmulOptions {
  /** One A [m, k] shared by every batch entry. */
  broadcastA?: boolean;
  /** One B [k, n] shared by every batch entry. */
  broadcastB?: boolean;
}

/** C[m, n] = op(A)·op(B) (+ C): A [m, k] (or [k, m] with transA), B [k, n] (or [n, k] with transB). */
export function matmul<O extends F32Input>(
  backend: WasmBackend,
  a: F32Input,
  b: F32Input,
  m: number,
  k: number,
  n: number,
  options: MatmulOptions,
  out: O | undefined,
): NoInfer<O> {
  const op = "matmul";
  dim(op, "m", m);
  dim(op, "k", k);
  dim(op, "n", n);
  distinct(op, out, ["a", a], ["b", b]);
  return run<O>(backend.arena, op, (call) => {
    const pa = call.in("a", a, count(op, "a = m·k", m, k));
    const pb = call.in("b", b, count(op, "b = k·n", k, n));
    const c = call.out("out", out, count(op, "out = m·n", m, n), options.accumulate === true);
    backend.raw.gemm(
      +!!options.transA,
      +!!options.transB,
      m,
      n,
      k,
      pa,
      pb,
      c.ptr,
      +!!options.accumulate,
      backend.workspace,
    );
    return c;
  });
}

/** C[i] = op(A[i])·op(B[i]) (+ C[i]) for i < batch; A [batch, m, k] (or one [m, k] with broadcastA), likewise B. */
export function batchedMatmul<O extends F32Input>(
  backend: WasmBackend,
  a: F32Input,
  b: F32Input,
  batch: number,
  m: number,
  k: number,
  n: number,
  options: BatchedMatmulOptions,
  out: O | undefined,
): NoInfer<O> {
  const op = "batchedMatmul";
  dim(op, "batch", batch);
  dim(op, "m", m);
  dim(op, "k", k);
  dim(op, "n", n);
  distinct(op, out, ["a", a], ["b", b]);
  const aBatch = options.broadcastA ? 1 : batch;
  const bBatch = options.broadcastB ? 1 : batch;
  return run<O>(backend.arena, op, (call) => {
    const pa = call.in("a", a, count(op, "a", aBatch, m, k));
    const pb = call.in("b", b, count(op, "b", bBatch, k, n));
    const c = call.out("out", out, count(op, "out", batch, m, n), options.accumulate === true);
    backend.raw.gemmBatched(
      batch,
      +!!options.transA,
      +!!options.transB,
      m,
      n,
      k,
      pa,
      options.broadcastA ? 0 : m * k,
      pb,
      options.broadcastB ? 0 : k * n,
      c.ptr,
      +!!options.accumulate,
      backend.workspace,
    );
    return c;
  });
}
