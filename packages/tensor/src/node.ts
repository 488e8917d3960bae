// @paramlens/tensor/node: the Node-only pieces. Today that is the worker_threads adapter for the WASM
// backend's thread pool (browsers use the built-in Blob-URL Web Worker factory instead).
import { Worker } from "node:worker_threads";
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
  };
};
