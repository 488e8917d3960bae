// vitest setup of the "wasm" project: instantiate the wasm backend and send every op to it, small sizes
// included (thresholds off), so the shared suite exercises the wasm kernels rather than the JS fallbacks.
import { initBackend, setBackend } from "./active";

const name = await initBackend();
if (name !== "wasm")
  throw new Error(`wasm test project: initBackend() resolved to ${name}; this runtime lacks wasm SIMD`);
setBackend("wasm", { thresholds: false });
