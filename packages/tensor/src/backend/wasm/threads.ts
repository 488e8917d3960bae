// A worker pool that runs the wasm kernels on several threads over one shared WebAssembly.Memory.
// Large matmuls are split into row (or column) bands of C, conv2d into groups of images; the calling
// thread computes one part itself while the workers compute the others, so `threads: 2` means one worker.
// Below `minFlops` everything stays on the calling thread. Workers come from a factory: in browsers the
// default makes Web Workers from a Blob URL (needs a cross-origin isolated page for shared memory); Node
// callers pass a factory built on worker_threads (the library itself imports no Node built-ins).
// Deliberately not here: work stealing, elementwise kernels (memory-bound: a second core barely helps).
import { WasmF32 } from "./arena";
import { WasmArgumentError, WasmBackendError, WasmSizeError, WasmUnsupportedError } from "./errors";
import type { WasmKernelExports } from "./exports";
import { splitRange } from "./split-range";
import { runStridedGemm, type StridedGemm, splitStridedGemm, stridedGemmArgs } from "./strided-gemm";
import type { WasmBackend } from "./wasm-backend";
import { type Conv2dShape, convOutputSize } from "./wasm-conv-geometry";
import type { MatmulOptions } from "./wasm-gemm";

/** The part of a Worker the pool uses (a browser Worker or a Node worker_threads Worker fits behind it). */
export interface WasmWorkerPort {
  postMessage(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  onError(listener: (error: unknown) => void): void;
  terminate(): void;
  /** Node: let the process exit while the worker is alive (workers parked in Atomics.wait never finish). */
  unref?(): void;
}

/** Starts a worker running `source` (classic script using `self.onmessage` / `self.postMessage`). */
export type WasmWorkerFactory = (source: string) => WasmWorkerPort;

/** The script every worker runs: instantiate the module over the shared memory, then call exports by name. */
export const WASM_WORKER_SOURCE = `"use strict";
let kernels;
self.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === "init") {
    WebAssembly.instantiate(msg.module, { env: { memory: msg.memory } }).then(
      (instance) => { kernels = instance.exports; self.postMessage({ type: "ready" }); },
      (error) => self.postMessage({ type: "error", id: -1, message: String(error) }),
    );
    return;
  }
  try {
    for (const [fn, args] of msg.calls) kernels[fn](...args);
    self.postMessage({ type: "done", id: msg.id });
  } catch (error) {
    self.postMessage({ type: "error", id: msg.id, message: String(error) });
  }
};`;

/** Web Workers from a Blob URL, or undefined where the runtime has no Worker (e.g. Node). */
export function browserWorkerFactory(): WasmWorkerFactory | undefined {
  if (
    typeof Worker === "undefined" ||
    typeof Blob === "undefined" ||
    typeof URL?.createObjectURL !== "function"
  ) {
    return undefined;
  }
  return (source) => {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    const worker = new Worker(url);
    return {
      postMessage: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.addEventListener("message", (event) => listener(event.data)),
      onError: (listener) => worker.addEventListener("error", (event) => listener(event)),
      terminate: () => {
        worker.terminate();
        URL.revokeObjectURL(url);
      },
    };
  };
}

export interface WasmThreadPoolOptions {
  /** Threads in total, counting the calling thread (default 2: one worker). */
  threads?: number;
  /** Where workers come from; default browserWorkerFactory(). Required in Node. */
  workerFactory?: WasmWorkerFactory;
  /** Work below this many floating-point operations runs on the calling thread only (default 2²³ ≈ 8.4 M). */
  minFlops?: number;
}

type Call = [fn: string, args: number[]];

interface Reply {
  type: "ready" | "done" | "error";
  id?: number;
  message?: string;
}

interface Lane {
  port: WasmWorkerPort;
  /** This worker's own GEMM packing workspace. */
  workspace: WasmF32;
  /** This worker's im2col scratch, grown on demand. */
  col: WasmF32 | undefined;
}

export { splitRange, splitRows } from "./split-range";

export class WasmThreadPool {
  readonly backend: WasmBackend;
  readonly threads: number;
  readonly minFlops: number;
  #lanes: Lane[];
  #pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #closed = false;
  #broken: Error | undefined;
  // Calls run one after another: a call's workers use per-worker scratch (workspace, im2col buffer).
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(backend: WasmBackend, lanes: Lane[], threads: number, minFlops: number) {
    this.backend = backend;
    this.#lanes = lanes;
    this.threads = threads;
    this.minFlops = minFlops;
  }

  /** Starts threads − 1 workers on a backend created with { sharedMemory: true }. */
  static async create(backend: WasmBackend, options: WasmThreadPoolOptions = {}): Promise<WasmThreadPool> {
    const threads = options.threads ?? 2;
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new WasmArgumentError(`WasmThreadPool: threads = ${threads} must be an integer in [1, 64]`);
    }
    const minFlops = options.minFlops ?? 2 ** 23;
    if (!(minFlops >= 0)) throw new WasmArgumentError(`WasmThreadPool: minFlops = ${minFlops} must be ≥ 0`);
    if (!backend.sharedMemory || backend.module === undefined) {
      throw new WasmUnsupportedError(
        "WasmThreadPool needs a backend in shared memory: createWasmBackend({ sharedMemory: true })",
      );
    }
    const factory = options.workerFactory ?? browserWorkerFactory();
    if (threads > 1 && factory === undefined) {
      throw new WasmUnsupportedError("WasmThreadPool: no Worker in this runtime; pass options.workerFactory");
    }
    const lanes: Lane[] = [];
    const pool = new WasmThreadPool(backend, lanes, threads, minFlops);
    const ready: Promise<void>[] = [];
    for (let i = 1; i < threads; i++) {
      const port = factory!(WASM_WORKER_SOURCE);
      const lane: Lane = {
        port,
        workspace: backend.arena.alloc(Math.ceil(backend.raw.gemmWorkspaceBytes() / 4)),
        col: undefined,
      };
      lanes.push(lane);
      ready.push(
        new Promise<void>((resolve, reject) => {
          port.onMessage((data) => {
            const reply = data as Reply;
            if (reply.type === "ready") resolve();
            else if (reply.id === -1)
              reject(new WasmBackendError("WASM_WORKER_FAILED", `wasm worker: ${reply.message}`));
            else pool.settle(reply);
          });
          port.onError((error) => {
            const e = new WasmBackendError("WASM_WORKER_FAILED", `wasm worker crashed: ${String(error)}`);
            pool.#broken ??= e;
            reject(e);
            pool.failAll(e);
          });
        }),
      );
      port.postMessage({ type: "init", module: backend.module, memory: backend.memory });
    }
    try {
      await Promise.all(ready);
    } catch (error) {
      pool.terminate();
      throw error;
    }
    return pool;
  }

  /** Stops the workers and returns their scratch buffers to the arena. */
  terminate(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const lane of this.#lanes) {
      lane.port.terminate();
      lane.workspace.free();
      lane.col?.free();
    }
    this.failAll(new WasmBackendError("WASM_POOL_CLOSED", "WasmThreadPool was terminated"));
  }

  /**
   * C[m, n] = op(A)·op(B) (+ C) like WasmBackend.matmul, on WasmF32 operands of this pool's backend, split
   * over the threads when 2·m·n·k ≥ minFlops. Resolves to `out` once every part is done.
   */
  matmul(
    a: WasmF32,
    b: WasmF32,
    m: number,
    k: number,
    n: number,
    options: MatmulOptions,
    out: WasmF32,
  ): Promise<WasmF32> {
    return this.serial(() => this.matmulNow(a, b, m, k, n, options, out));
  }

  /** conv2d like WasmBackend.conv2d (WasmF32 operands), whole images split over the threads. */
  conv2d(
    x: WasmF32,
    w: WasmF32,
    bias: WasmF32 | undefined,
    shape: Conv2dShape,
    out: WasmF32,
  ): Promise<WasmF32> {
    return this.serial(() => this.conv2dNow(x, w, bias, shape, out));
  }

  private async matmulNow(
    a: WasmF32,
    b: WasmF32,
    m: number,
    k: number,
    n: number,
    options: MatmulOptions,
    out: WasmF32,
  ): Promise<WasmF32> {
    const op = "WasmThreadPool.matmul";
    this.assertOpen(op);
    for (const [name, v] of [
      ["m", m],
      ["k", k],
      ["n", n],
    ] as const) {
      if (!Number.isInteger(v) || v < 0)
        throw new WasmSizeError(`${op}: ${name} = ${v} must be a non-negative integer`);
    }
    this.buffer(op, "a", a, m * k);
    this.buffer(op, "b", b, k * n);
    this.buffer(op, "out", out, m * n);
    if (out === a || out === b)
      throw new WasmArgumentError(`${op}: out must not be the same buffer as a or b`);
    const g: StridedGemm = {
      batch: 1,
      transA: options.transA ? 1 : 0,
      transB: options.transB ? 1 : 0,
      m,
      n,
      k,
      a: a.ptr,
      lda: options.transA ? m : k,
      strideA: 0,
      b: b.ptr,
      ldb: options.transB ? k : n,
      strideB: 0,
      c: out.ptr,
      ldc: n,
      strideC: 0,
      accumulate: options.accumulate ? 1 : 0,
    };
    const parts = 2 * m * n * k < this.minFlops ? 1 : this.threads;
    const [round] = splitStridedGemm(g, parts);
    if (round === undefined || round.length === 0) {
      runStridedGemm(this.backend.raw, g, this.backend.workspace);
      return out;
    }
    await this.dispatch(round.length, (part, work) => [
      "gemmStridedBatched",
      stridedGemmArgs(round[part]!, work.workspace),
    ]);
    return out;
  }

  private async conv2dNow(
    x: WasmF32,
    w: WasmF32,
    bias: WasmF32 | undefined,
    shape: Conv2dShape,
    out: WasmF32,
  ): Promise<WasmF32> {
    const op = "WasmThreadPool.conv2d";
    this.assertOpen(op);
    const { batch, channels: c, height: h, width, outChannels: cout, kernelH: kh, kernelW: kw } = shape;
    const [sh, sw, ph, pw, dh, dw] = [
      shape.strideH ?? 1,
      shape.strideW ?? 1,
      shape.padH ?? 0,
      shape.padW ?? 0,
      shape.dilationH ?? 1,
      shape.dilationW ?? 1,
    ];
    // The single-threaded path validates geometry, sizes and aliasing; run it on zero images as a check.
    const empty = this.backend.alloc(0);
    const emptyOut = this.backend.alloc(0);
    try {
      this.backend.conv2d(empty, w, bias, { ...shape, batch: 0 }, emptyOut);
    } finally {
      empty.free();
      emptyOut.free();
    }
    const outH = convOutputSize(h, kh, sh, ph, dh);
    const outW = convOutputSize(width, kw, sw, pw, dw);
    this.buffer(op, "x", x, batch * c * h * width);
    this.buffer(op, "out", out, batch * cout * outH * outW);
    if (out === x || out === w || out === bias)
      throw new WasmArgumentError(`${op}: out must not alias an input`);
    const flops = 2 * batch * cout * outH * outW * c * kh * kw;
    if (flops < this.minFlops || batch < 2 || this.threads === 1) {
      this.backend.conv2d(x, w, bias, shape, out);
      return out;
    }
    const colLength = c * kh * kw * outH * outW;
    const mainCol = this.backend.alloc(colLength);
    for (const lane of this.#lanes) {
      if (lane.col === undefined || lane.col.length < colLength) {
        lane.col?.free();
        lane.col = this.backend.alloc(colLength);
      }
    }
    const imageIn = c * h * width * 4;
    const imageOut = cout * outH * outW * 4;
    const ranges = splitRange(batch, this.threads, 1);
    try {
      await this.dispatch(ranges.length, (part, work) => {
        const [s, e] = ranges[part]!;
        const col = work.col ?? mainCol;
        return [
          "conv2dImages",
          [
            x.ptr + s * imageIn,
            w.ptr,
            bias?.ptr ?? 0,
            e - s,
            c,
            h,
            width,
            cout,
            kh,
            kw,
            sh,
            sw,
            ph,
            pw,
            dh,
            dw,
          ].concat([col.ptr, out.ptr + s * imageOut, work.workspace]),
        ];
      });
    } finally {
      mainCol.free();
    }
    return out;
  }

  // Runs part 0 on this thread and parts 1.. on the workers; resolves when all are done.
  private dispatch(
    parts: number,
    build: (part: number, scratch: { workspace: number; col: WasmF32 | undefined }) => Call,
  ): Promise<void> {
    const finished: Promise<void>[] = [];
    for (let part = 1; part < parts; part++) {
      const lane = this.#lanes[part - 1]!;
      const id = this.#nextId++;
      finished.push(new Promise<void>((resolve, reject) => this.#pending.set(id, { resolve, reject })));
      lane.port.postMessage({
        type: "call",
        id,
        calls: [build(part, { workspace: lane.workspace.ptr, col: lane.col })],
      });
    }
    const [fn, args] = build(0, { workspace: this.backend.workspace, col: undefined });
    (this.backend.raw[fn as keyof WasmKernelExports] as (...a: number[]) => void)(...args);
    return Promise.all(finished).then(() => undefined);
  }

  private buffer(op: string, name: string, x: WasmF32, expected: number): void {
    if (!(x instanceof WasmF32) || x.arena !== this.backend.arena) {
      throw new WasmArgumentError(`${op}: ${name} must be a WasmF32 of the pool's backend`);
    }
    x.assertLive(`${op}: ${name}`);
    if (x.length !== expected)
      throw new WasmSizeError(`${op}: ${name} has ${x.length} elements, expected ${expected}`);
  }

  private settle(reply: Reply): void {
    const entry = reply.id === undefined ? undefined : this.#pending.get(reply.id);
    if (entry === undefined) return;
    this.#pending.delete(reply.id!);
    if (reply.type === "done") entry.resolve();
    else entry.reject(new WasmBackendError("WASM_WORKER_FAILED", `wasm worker: ${reply.message}`));
  }

  private failAll(error: Error): void {
    for (const entry of this.#pending.values()) entry.reject(error);
    this.#pending.clear();
  }

  private assertOpen(op: string): void {
    if (this.#broken) throw this.#broken;
    if (this.#closed) throw new WasmBackendError("WASM_POOL_CLOSED", `${op}: the pool was terminated`);
  }

  // Runs body after every earlier call of this pool has finished.
  private serial<T>(body: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(body);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
