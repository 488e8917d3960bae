// Which backend the Tensor ops dispatch to. Starts on the JS reference backend (synchronous, always
// there); `await initBackend()` instantiates the wasm module and, where SIMD is supported, makes wasm the
// default unless the user chose a backend explicitly. Where wasm is unsupported initBackend resolves to
// "js" (automatic fallback). Ops call `backend().kernel(...)`; nothing is cached per op.
import { BackendError } from "../errors";
import { type BackendName, type ResolvedBackend, resolveBackend } from "./backend";
import { jsBackend, jsKernels } from "./js/js-backend";
import {
  createWasmKernels,
  DEFAULT_WASM_THRESHOLDS,
  NO_WASM_THRESHOLDS,
  type WasmThresholds,
} from "./wasm/backend-adapter";
import { WasmUnsupportedError } from "./wasm/errors";
import { createWasmBackend, getWasmBackend, initWasmBackend } from "./wasm/init";
import { WasmSyncThreads } from "./wasm/sync-threads";
import type { WasmWorkerFactory } from "./wasm/threads";
import type { WasmBackend } from "./wasm/wasm-backend";

let active: ResolvedBackend = jsBackend;
let chosenExplicitly = false;
let wasm: ResolvedBackend | undefined;
/** The single-threaded wasm kernels (initBackend's), kept to switch back when threads go off. */
let wasmSingle: ResolvedBackend | undefined;
let threadPool: WasmSyncThreads | undefined;
let wasmUnsupported: string | undefined;
let pending: Promise<BackendName> | undefined;
const wasmLimits = { current: DEFAULT_WASM_THRESHOLDS };

/** The active backend's kernels (the ops' single dispatch point). */
export function backend(): ResolvedBackend {
  return active;
}

/** The name of the backend the ops use now. */
export function getBackend(): BackendName {
  return active.name;
}

export interface SetBackendOptions {
  /**
   * wasm only: false sends every op to the wasm kernels whatever its size (the shared test suite uses this);
   * true (default) keeps small ops on the JS kernels, where copying into wasm memory costs more than it saves.
   */
  thresholds?: boolean | WasmThresholds;
}

/**
 * Chooses the backend. 'wasm' needs `await initBackend()` first (module instantiation is async) and throws
 * BackendError (BACKEND_NOT_READY, or BACKEND_UNSUPPORTED without WebAssembly SIMD) otherwise.
 */
export function setBackend(name: BackendName, options: SetBackendOptions = {}): void {
  if (name === "js") {
    active = jsBackend;
  } else if (name === "wasm") {
    if (wasm === undefined) {
      if (wasmUnsupported !== undefined)
        throw new BackendError("BACKEND_UNSUPPORTED", `'wasm' is not supported here: ${wasmUnsupported}`);
      throw new BackendError(
        "BACKEND_NOT_READY",
        "'wasm' is not initialised yet: `await initBackend()` first",
      );
    }
    const t = options.thresholds ?? true;
    wasmLimits.current = t === true ? DEFAULT_WASM_THRESHOLDS : t === false ? NO_WASM_THRESHOLDS : { ...t };
    active = wasm;
  } else {
    throw new BackendError(
      "UNKNOWN_BACKEND",
      `unknown backend ${JSON.stringify(name)}; expected 'js' or 'wasm'`,
    );
  }
  chosenExplicitly = true;
}

/**
 * Instantiates the wasm backend (once) and resolves to the backend the ops use afterwards: "wasm" where
 * SIMD is supported and no backend was chosen explicitly before, else the current one ("js" when wasm is
 * unsupported: the fallback is automatic, never an error). Safe to call many times.
 */
export function initBackend(): Promise<BackendName> {
  if (pending === undefined) {
    pending = initWasmBackend().then(
      (w) => {
        wasmSingle = resolveBackend(createWasmKernels(w, wasmLimits), jsKernels);
        wasm ??= wasmSingle;
        if (!chosenExplicitly) active = wasm;
        return active.name;
      },
      (error: unknown) => {
        if (!(error instanceof WasmUnsupportedError)) {
          pending = undefined; // a transient failure may succeed on the next call
          throw error;
        }
        wasmUnsupported = error.message;
        return active.name;
      },
    );
  }
  return pending.then(() => active.name);
}

/** Alias of initBackend: `await ready()` before timing-sensitive work. */
export const ready = initBackend;

export interface InitThreadsOptions {
  /** Threads in total, counting the calling thread; 1 turns threads off again. Default 2. */
  threads?: number;
  /**
   * Where workers come from. Browsers: Web Workers from a Blob URL by default (the page must be
   * cross-origin isolated for shared memory). Node: pass `nodeWorkerFactory` from `@paramlens/tensor/node`,
   * or call its `initNodeThreads()`.
   */
  workerFactory?: WasmWorkerFactory;
  /** Matmuls and convolutions below this many floating-point operations stay on one thread (default 2²³). */
  minFlops?: number;
}

/**
 * Splits the wasm backend's large matmuls (including batched and strided ones) and conv2d forwards over
 * `threads` threads: workers share the backend's memory, the calling thread computes one part and waits
 * for the others, so ops stay synchronous. Runs on the process-wide backend's memory where it is shared
 * (wasm-resident tensors stay valid), else on a new shared-memory instance. Resolves to the thread count now in use. Rejects with
 * BackendError THREADS_UNSUPPORTED where wasm, shared memory or workers are missing (no silent fallback:
 * the caller asked for threads), INVALID_THREADS for a bad count.
 */
export async function initThreads(options: InitThreadsOptions = {}): Promise<number> {
  const op = "initThreads";
  const threads = options.threads ?? 2;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new BackendError("INVALID_THREADS", `threads = ${threads} must be an integer from 1 to 64`, op);
  }
  await initBackend();
  if (wasmSingle === undefined) {
    throw new BackendError("THREADS_UNSUPPORTED", `threads need the wasm backend: ${wasmUnsupported}`, op);
  }
  const previous = threadPool;
  let next: WasmSyncThreads | undefined;
  if (threads > 1) {
    try {
      // The process-wide instance when its memory is shared (wasm-resident tensors stay valid), else a new one.
      const base = await initWasmBackend();
      const shared = base.sharedMemory ? base : await createWasmBackend({ sharedMemory: true });
      next = await WasmSyncThreads.create(shared, {
        threads,
        ...(options.workerFactory ? { workerFactory: options.workerFactory } : {}),
        ...(options.minFlops !== undefined ? { minFlops: options.minFlops } : {}),
      });
    } catch (error) {
      if (error instanceof WasmUnsupportedError)
        throw new BackendError("THREADS_UNSUPPORTED", error.message, op);
      throw error;
    }
  }
  const wasActive = active === wasm;
  threadPool = next;
  wasm = next ? resolveBackend(createWasmKernels(next.backend, wasmLimits, next), jsKernels) : wasmSingle;
  if (wasActive) active = wasm;
  previous?.terminate();
  return threads;
}

/**
 * The wasm instance tensors can keep their storage in (toBackend "wasm"). Throws BackendError
 * BACKEND_NOT_READY before `await initBackend()`, BACKEND_UNSUPPORTED where wasm SIMD is missing.
 */
export function wasmForStorage(op: string): WasmBackend {
  const instance = getWasmBackend();
  if (instance !== undefined && wasmSingle !== undefined) return instance;
  if (wasmUnsupported !== undefined)
    throw new BackendError("BACKEND_UNSUPPORTED", `'wasm' is not supported here: ${wasmUnsupported}`, op);
  throw new BackendError(
    "BACKEND_NOT_READY",
    "'wasm' is not initialised yet: `await initBackend()` first",
    op,
  );
}

/** Threads the wasm backend's large kernels use now (1 unless initThreads turned more on). */
export function getThreads(): number {
  return threadPool && !threadPool.closed ? threadPool.threads : 1;
}
