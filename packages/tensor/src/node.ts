// @paramlens/tensor/node: the Node-only pieces: the worker_threads adapter for the WASM backend's threads
// (browsers use the built-in Blob-URL Web Worker factory instead) and initNodeThreads().
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
// The package's own entry, not "./backend/active": each tsup entry is bundled separately, and a copy of
// the backend state inside this entry would configure threads nobody's ops use.
import { initThreads } from "@paramlens/tensor";
import type { WasmWorkerFactory } from "./backend/wasm/threads";

/**
 * Runs the pool's classic-worker script in a worker_threads Worker behind a `self` shim.
 * @example const pool = await WasmThreadPool.create(backend, { threads: 2, workerFactory: nodeWorkerFactory });
 */
export const nodeWorkerFactory: WasmWorkerFactory = (source) => {
  const worker = new Worker(
    `const { parentPort } = require("node:worker_threads");
     globalThis.self = { postMessage: (m) => parentPort.postMessage(m) };
     parentPort.on("message", (data) => self.onmessage({ data }));
     ${source}`,
    { eval: true },
  );
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on("message", listener),
    onError: (listener) => worker.on("error", listener),
    terminate: () => void worker.terminate(),
    unref: () => worker.unref(),
  };
};

/**
 * initThreads on worker_threads: the wasm backend's large matmuls and convolutions run on `threads`
 * threads (default: os.availableParallelism()). Resolves to the thread count in use.
 * @example await initNodeThreads(2);
 */
export function initNodeThreads(threads = availableParallelism(), minFlops?: number): Promise<number> {
  return initThreads({
    threads,
    workerFactory: nodeWorkerFactory,
    ...(minFlops !== undefined ? { minFlops } : {}),
  });
}
