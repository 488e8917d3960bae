// Ops run on the plain-JS kernels until `await initBackend()` switches to WebAssembly SIMD (where the
// runtime has it; otherwise it stays on "js" without an error). Results agree to float32 rounding.
import { getBackend, initBackend, manualSeed, randn, setBackend } from "@paramlens/tensor";

console.log(getBackend()); // → js
manualSeed(0);
const a = randn([64, 64]); // [64, 64]: 262,144 multiply-adds, above the wasm threshold
const b = randn([64, 64]);
const onJs = a.matmul(b);

const name = await initBackend(); // "wasm" in Node 20 and current browsers
console.log(name === getBackend()); // → true
const onWasm = a.matmul(b);
const maxDiff = onWasm.sub(onJs).abs().max().item();
console.log(maxDiff < 1e-4); // → true

setBackend("js"); // an explicit choice is kept
console.log(getBackend()); // → js
