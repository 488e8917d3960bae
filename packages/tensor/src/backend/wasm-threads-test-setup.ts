// vitest setup of the "wasm-threads" project: the wasm backend with 3 threads (2 worker_threads) and
// minFlops 0, so every matmul, batched/strided matmul and conv2d of the shared suite is split over the
// threads whatever its size (3 threads: uneven bands, and more parts than some dimensions have rows).
import { nodeWorkerFactory } from "../node";
import { getThreads, initThreads, setBackend } from "./active";

await initThreads({ threads: 3, workerFactory: nodeWorkerFactory, minFlops: 0 });
if (getThreads() !== 3)
  throw new Error(`wasm-threads test project: getThreads() is ${getThreads()}, expected 3`);
setBackend("wasm", { thresholds: false });
