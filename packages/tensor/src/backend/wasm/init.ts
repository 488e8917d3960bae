// Instantiates the embedded kernel module (base64 in module-bytes.generated.ts, decoded with atob, so no
// file fetch and no Node built-ins) over a fresh WebAssembly.Memory and wraps it in a WasmBackend.
// initWasmBackend() shares one instance per process/page; createWasmBackend() makes an independent one.
import { WasmBackendError, WasmUnsupportedError } from "./errors";
import type { WasmKernelExports } from "./exports";
import { kernelsWasmBase64, kernelsWasmByteLength } from "./module-bytes.generated";
import { wasmSimdUnsupportedReason } from "./simd-support";
import { WasmBackend } from "./wasm-backend";

let compiled: Promise<WebAssembly.Module> | undefined;
let shared: Promise<WasmBackend> | undefined;
let sharedReady: WasmBackend | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function compileModule(): Promise<WebAssembly.Module> {
  if (compiled === undefined) {
    const bytes = decodeBase64(kernelsWasmBase64);
    if (bytes.length !== kernelsWasmByteLength) {
      throw new WasmBackendError(
        "WASM_CORRUPT_MODULE",
        `wasm backend: embedded module has ${bytes.length} bytes, expected ${kernelsWasmByteLength}`,
      );
    }
    compiled = WebAssembly.compile(bytes);
    // A failed compile must not poison later attempts.
    compiled.catch(() => {
      compiled = undefined;
    });
  }
  return compiled;
}

/** A new, independent backend (its own memory and arena). Throws WasmUnsupportedError without SIMD. */
export async function createWasmBackend(): Promise<WasmBackend> {
  const reason = wasmSimdUnsupportedReason();
  if (reason !== undefined) throw new WasmUnsupportedError(reason);
  const module = await compileModule();
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return new WasmBackend(memory, instance.exports as unknown as WasmKernelExports);
}

/**
 * The shared backend, created on first call. Rejects with WasmUnsupportedError (code "WASM_UNSUPPORTED")
 * when the runtime has no WebAssembly SIMD; callers then stay on the JS kernels.
 */
export function initWasmBackend(): Promise<WasmBackend> {
  if (shared === undefined) {
    shared = createWasmBackend().then((backend) => {
      sharedReady = backend;
      return backend;
    });
    shared.catch(() => {
      shared = undefined;
    });
  }
  return shared;
}

/** The shared backend if initWasmBackend() has finished, else undefined (for synchronous call sites). */
export function getWasmBackend(): WasmBackend | undefined {
  return sharedReady;
}
