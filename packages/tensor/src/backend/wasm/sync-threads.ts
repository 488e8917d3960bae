// Synchronous threads for the Tensor ops: workers instantiated over the backend's shared
// WebAssembly.Memory that each wait (Atomics.wait) on a control slot in that memory. A kernel call
// writes its arguments into a worker's slot, wakes it with Atomics.notify, runs its own part on the
// calling thread, then blocks until every worker has flagged its part done — so ops stay synchronous
// (Tensor ops cannot await) and a job costs one wake-up (tens of µs), not a postMessage round trip.
// Where the calling thread may not block (a browser page's main thread) it spins on Atomics.load instead.
// The async WasmThreadPool (threads.ts) remains for callers that drive WasmF32 buffers themselves.
// Deliberately not here: work stealing, threading elementwise kernels (memory-bound), nested jobs.
import type { WasmF32 } from "./arena";
import { WasmArgumentError, WasmBackendError, WasmUnsupportedError } from "./errors";
import { runStridedGemm, type StridedGemm, splitStridedGemm, stridedGemmArgs } from "./strided-gemm";
import { browserWorkerFactory, type WasmWorkerFactory } from "./threads";
import type { WasmBackend } from "./wasm-backend";

/** Kernels a worker can be asked to run (indices into this list travel through the control slot). */
const JOB_KERNELS = [
  "gemmStridedBatched",
  "conv2dImages",
  "conv2dBackwardInputImages",
  "conv2dBackwardWeightRows",
] as const;
/** The convolution kernels: each part needs its own im2col scratch. */
export type ConvJobKernel = Exclude<(typeof JOB_KERNELS)[number], "gemmStridedBatched">;
type JobKernel = (typeof JOB_KERNELS)[number];

// Control slot layout (Int32 words): [state, kernel index, argument count, arguments...].
const SLOT_WORDS = 32;
const MAX_ARGS = SLOT_WORDS - 3;
const IDLE = 0;
const RUN = 1;
const DONE = 2;
const FAILED = 3;
const STOP = 4;

/** A worker that waited this long for a part (it never takes near this long) is treated as lost. */
const PART_TIMEOUT_MS = 120_000;

/** The script every worker runs: instantiate over the shared memory, then serve its control slot forever. */
export const SYNC_WORKER_SOURCE = `"use strict";
self.onmessage = (event) => {
  const msg = event.data;
  WebAssembly.instantiate(msg.module, { env: { memory: msg.memory } }).then(
    (instance) => {
      const kernels = instance.exports;
      const slot = new Int32Array(msg.memory.buffer, msg.slot, ${SLOT_WORDS});
      const names = msg.names;
      self.postMessage({ type: "ready" });
      for (;;) {
        // Sleep while the state is what we last saw (idle, or our own done/failed flag until the caller
        // resets it): never spin. A caller's RUN comes with a notify; a stale value returns at once.
        const state = Atomics.load(slot, 0);
        if (state === ${STOP}) return;
        if (state !== ${RUN}) {
          Atomics.wait(slot, 0, state);
          continue;
        }
        let result = ${DONE};
        try {
          const args = [];
          for (let i = 0; i < slot[2]; i++) args.push(slot[3 + i]);
          kernels[names[slot[1]]](...args);
        } catch (error) {
          result = ${FAILED};
          self.postMessage({ type: "error", message: String(error) });
        }
        Atomics.store(slot, 0, result);
        Atomics.notify(slot, 0);
      }
    },
    (error) => self.postMessage({ type: "error", message: String(error) }),
  );
};`;

export interface WasmSyncThreadsOptions {
  /** Threads in total, counting the calling thread (default 2: one worker). */
  threads?: number;
  /** Where workers come from; default browserWorkerFactory(). Required in Node (`@paramlens/tensor/node`). */
  workerFactory?: WasmWorkerFactory;
  /** Work below this many floating-point operations stays on the calling thread (default 2²³ ≈ 8.4 M). */
  minFlops?: number;
}

interface Lane {
  terminate(): void;
  /** Int32 view of this worker's control slot (a SharedArrayBuffer never detaches, so it stays valid). */
  slot: Int32Array;
  slotBuffer: WasmF32;
  workspace: WasmF32;
  col: WasmF32 | undefined;
}

/** One part of a job: which kernel, and its arguments given the part's scratch (GEMM workspace, im2col). */
export type PartBuilder = (part: number, scratch: { workspace: number; col: number }) => number[];

/** Calling-thread blocking is allowed in Node and in workers, not on a browser page's main thread. */
function callerMayBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export class WasmSyncThreads {
  readonly backend: WasmBackend;
  readonly threads: number;
  readonly minFlops: number;
  readonly #lanes: Lane[];
  readonly #block: boolean;
  #mainCol: WasmF32 | undefined;
  #closed = false;

  private constructor(backend: WasmBackend, lanes: Lane[], threads: number, minFlops: number) {
    this.backend = backend;
    this.#lanes = lanes;
    this.threads = threads;
    this.minFlops = minFlops;
    this.#block = callerMayBlock();
  }

  /** Starts threads − 1 workers on a backend created with { sharedMemory: true }. */
  static async create(backend: WasmBackend, options: WasmSyncThreadsOptions = {}): Promise<WasmSyncThreads> {
    const threads = options.threads ?? 2;
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new WasmArgumentError(`threads = ${threads} must be an integer in [1, 64]`);
    }
    const minFlops = options.minFlops ?? 2 ** 23;
    if (!(minFlops >= 0)) throw new WasmArgumentError(`minFlops = ${minFlops} must be ≥ 0`);
    if (!backend.sharedMemory || backend.module === undefined) {
      throw new WasmUnsupportedError(
        "threads need a backend in shared memory: createWasmBackend({ sharedMemory: true })",
      );
    }
    const factory = options.workerFactory ?? browserWorkerFactory();
    if (threads > 1 && factory === undefined) {
      throw new WasmUnsupportedError(
        "no Worker in this runtime: pass workerFactory (Node: nodeWorkerFactory from @paramlens/tensor/node)",
      );
    }
    const lanes: Lane[] = [];
    const starting: Promise<void>[] = [];
    for (let i = 1; i < threads; i++) {
      const slotBuffer = backend.arena.alloc(SLOT_WORDS);
      const slot = new Int32Array(backend.memory.buffer, slotBuffer.ptr, SLOT_WORDS);
      slot.fill(IDLE);
      const port = factory!(SYNC_WORKER_SOURCE);
      const lane: Lane = {
        terminate: () => port.terminate(),
        slot,
        slotBuffer,
        workspace: backend.arena.alloc(Math.ceil(backend.raw.gemmWorkspaceBytes() / 4)),
        col: undefined,
      };
      lanes.push(lane);
      starting.push(
        new Promise<void>((resolve, reject) => {
          port.onMessage((data) => {
            const reply = data as { type: string; message?: string };
            if (reply.type === "ready") {
              port.unref?.(); // a worker parked in Atomics.wait must not keep the process alive
              resolve();
            } else reject(new WasmBackendError("WASM_WORKER_FAILED", `wasm worker: ${reply.message}`));
          });
          port.onError((error) =>
            reject(new WasmBackendError("WASM_WORKER_FAILED", `wasm worker crashed: ${String(error)}`)),
          );
        }),
      );
      port.postMessage({
        module: backend.module,
        memory: backend.memory,
        slot: slotBuffer.ptr,
        names: JOB_KERNELS,
      });
    }
    const pool = new WasmSyncThreads(backend, lanes, threads, minFlops);
    try {
      await Promise.all(starting);
    } catch (error) {
      pool.terminate();
      throw error;
    }
    return pool;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Stops the workers and returns their scratch to the arena. */
  terminate(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const lane of this.#lanes) {
      Atomics.store(lane.slot, 0, STOP);
      Atomics.notify(lane.slot, 0);
      lane.terminate();
      lane.workspace.free();
      lane.col?.free();
      lane.slotBuffer.free();
    }
    this.#mainCol?.free();
  }

  /** How many parts work of `flops` floating-point operations should be split into (1: stay on this thread). */
  partsFor(flops: number): number {
    return this.#closed || flops < this.minFlops ? 1 : this.threads;
  }

  /** Runs `g` split over the threads (splitStridedGemm: batch ranges, or row / column bands per entry). */
  gemm(g: StridedGemm): void {
    const parts = this.partsFor(2 * g.batch * g.m * g.n * g.k);
    if (parts === 1) {
      runStridedGemm(this.backend.raw, g, this.backend.workspace);
      return;
    }
    for (const round of splitStridedGemm(g, parts)) {
      this.run("gemmStridedBatched", round.length, (part, s) => stridedGemmArgs(round[part]!, s.workspace));
    }
  }

  /**
   * A convolution kernel in `parts` parts, one per thread; `build` returns a part's arguments given that
   * thread's im2col scratch (`colLength` floats, kept between calls) and GEMM workspace.
   */
  convolution(kernel: ConvJobKernel, parts: number, colLength: number, build: PartBuilder): void {
    if (this.#mainCol === undefined || this.#mainCol.length < colLength) {
      this.#mainCol?.free();
      this.#mainCol = this.backend.arena.alloc(colLength);
    }
    for (const lane of this.#lanes) {
      if (lane.col === undefined || lane.col.length < colLength) {
        lane.col?.free();
        lane.col = this.backend.arena.alloc(colLength);
      }
    }
    this.run(kernel, parts, build);
  }

  /** Part 0 on this thread, parts 1.. on the workers; returns when all are done. */
  private run(kernel: JobKernel, parts: number, build: PartBuilder): void {
    if (this.#closed) throw new WasmBackendError("WASM_POOL_CLOSED", "wasm threads were terminated");
    const index = JOB_KERNELS.indexOf(kernel);
    // Every part's arguments first: a failure here must not leave some workers started and never awaited.
    const jobs: number[][] = [];
    for (let part = 1; part < parts; part++) {
      const lane = this.#lanes[part - 1]!;
      const args = build(part, { workspace: lane.workspace.ptr, col: lane.col?.ptr ?? 0 });
      if (args.length > MAX_ARGS)
        throw new WasmArgumentError(`${kernel}: ${args.length} arguments > ${MAX_ARGS}`);
      jobs.push(args);
    }
    for (let part = 1; part < parts; part++) {
      const lane = this.#lanes[part - 1]!;
      const args = jobs[part - 1]!;
      lane.slot[1] = index;
      lane.slot[2] = args.length;
      for (let i = 0; i < args.length; i++) lane.slot[3 + i] = args[i]!;
      Atomics.store(lane.slot, 0, RUN);
      Atomics.notify(lane.slot, 0);
    }
    let failure: Error | undefined;
    try {
      const args = build(0, { workspace: this.backend.workspace, col: this.#mainCol?.ptr ?? 0 });
      (this.backend.raw[kernel] as (...a: number[]) => void)(...args);
    } catch (error) {
      failure = error as Error;
    }
    for (let part = 1; part < parts; part++) {
      const lane = this.#lanes[part - 1]!;
      const state = this.waitForPart(lane.slot);
      if (state === FAILED)
        failure ??= new WasmBackendError("WASM_WORKER_FAILED", `wasm worker: ${kernel} failed`);
      if (state === RUN) {
        failure ??= new WasmBackendError(
          "WASM_WORKER_FAILED",
          `wasm worker: ${kernel} did not finish within ${PART_TIMEOUT_MS / 1000} s; threads are off from now on`,
        );
        this.terminate();
      } else Atomics.store(lane.slot, 0, IDLE);
    }
    if (failure) throw failure;
  }

  private waitForPart(slot: Int32Array): number {
    const start = Date.now();
    let state = Atomics.load(slot, 0);
    while (state === RUN && Date.now() - start < PART_TIMEOUT_MS) {
      if (this.#block) Atomics.wait(slot, 0, RUN, 1000);
      state = Atomics.load(slot, 0);
    }
    return state;
  }
}
