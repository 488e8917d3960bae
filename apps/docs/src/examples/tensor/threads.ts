// Large matmuls and convolutions of the wasm backend can run on several threads. Ops stay synchronous and
// results are bit-identical to one thread. Node gets worker_threads from @paramlens/tensor/node; a browser
// page calls initThreads({ threads: 2 }) instead (it must be cross-origin isolated for shared memory).
import { getThreads, initBackend, initThreads, manualSeed, randn, setBackend } from "@paramlens/tensor";
import { initNodeThreads } from "@paramlens/tensor/node";

await initBackend();
setBackend("wasm");
manualSeed(0);
const a = randn([256, 512]);
const b = randn([512, 256]); // 2·256·512·256 ≈ 67 M FLOPs, above the 2²³ split threshold
const one = a.matmul(b);

console.log(await initNodeThreads(2)); // → 2
const two = a.matmul(b); // row bands on two threads
console.log(two.sub(one).abs().max().item()); // → 0

await initThreads({ threads: 1 }); // back to one thread
console.log(getThreads()); // → 1
