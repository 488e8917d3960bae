// Instantiates the embedded kernel module (base64 in module-bytes*.generated.ts, loaded lazily by a dynamic
// import and decoded with atob, so no file fetch and no Node built-ins) over a fresh WebAssembly.Memory and
// wraps it in a WasmBackend. initWasmBackend() shares one instance per process/page (over shared memory where
// it exists); createWasmBackend() makes an independent one, optionally over shared
// memory (what threads need).
import { WasmBackendError, WasmUnsupportedError } from "./errors";
import type { WasmKernelExports } from "./exports";
import { wasmSharedMemoryUnsupportedReason, wasmSimdUnsupportedReason } from "./simd-support";
import { WasmBackend } from "./wasm-backend";

/**
 * Pages of a shared memory's maximum: 4 GiB (wasm32's whole address space, the "shared" target's
 * maximumMemory in assembly/asconfig.json, so the process-wide backend keeps the room a non-shared memory
 * has), or 2 GiB where a runtime refuses to reserve 4 GiB of shared memory.
 */
const SHARED_MAXIMUM_PAGES = [65536, 32768];

function createSharedMemory(): WebAssembly.Memory {
  for (const maximum of SHARED_MAXIMUM_PAGES) {
    try {
      return new WebAssembly.Memory({ initial: 1, maximum, shared: true });
    } catch (error) {
      if (maximum === SHARED_MAXIMUM_PAGES.at(-1)) throw error;
    }
  }
  throw new WasmUnsupportedError("shared WebAssembly.Memory could not be created");
}

const compiled = new Map<boolean, Promise<WebAssembly.Module>>();

/** The process-wide instance: pending promise and, once resolved, the backend. */
interface SharedSlot {
  pending: Promise<WasmBackend> | undefined;
  ready: WasmBackend | undefined;
}
const slot: SharedSlot = { pending: undefined, ready: undefined };

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The embedded module's base64 and byte length, loaded on first use by a dynamic import: a bundler puts each
 * variant in its own chunk, so importing the package for JS-only work never loads either, and a page loads
 * only the variant it instantiates.
 */
async function moduleBytes(sharedMemory: boolean): Promise<Uint8Array<ArrayBuffer>> {
  const [base64, length] = sharedMemory
    ? await import("./module-bytes-shared.generated").then((m) => [
        m.kernelsSharedWasmBase64,
        m.kernelsSharedWasmByteLength,
      ])
    : await import("./module-bytes.generated").then((m) => [m.kernelsWasmBase64, m.kernelsWasmByteLength]);
  const bytes = decodeBase64(base64 as string);
  if (bytes.length !== length) {
    throw new WasmBackendError(
      "WASM_CORRUPT_MODULE",
      `wasm backend: embedded module has ${bytes.length} bytes, expected ${length}`,
    );
  }
  return bytes;
}

function compileModule(sharedMemory: boolean): Promise<WebAssembly.Module> {
  let module = compiled.get(sharedMemory);
  if (module === undefined) {
    module = moduleBytes(sharedMemory).then((bytes) => WebAssembly.compile(bytes));
    compiled.set(sharedMemory, module);
    // A failed compile must not poison later attempts.
    module.catch(() => compiled.delete(sharedMemory));
  }
  return module;
}

export interface CreateWasmBackendOptions {
  /**
   * Put the backend in shared memory (SharedArrayBuffer), so a WasmThreadPool can run kernels on it from
   * workers. Throws WasmUnsupportedError where shared memory is unavailable (browsers without
   * cross-origin isolation).
   */
  sharedMemory?: boolean;
}

/** A new, independent backend (its own memory and arena). Throws WasmUnsupportedError without SIMD. */
export async function createWasmBackend(options: CreateWasmBackendOptions = {}): Promise<WasmBackend> {
  const sharedMemory = options.sharedMemory === true;
  const reason = sharedMemory ? wasmSharedMemoryUnsupportedReason() : wasmSimdUnsupportedReason();
  if (reason !== undefined) throw new WasmUnsupportedError(reason);
  const module = await compileModule(sharedMemory);
  const memory = sharedMemory ? createSharedMemory() : new WebAssembly.Memory({ initial: 1 });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return new WasmBackend(memory, instance.exports as unknown as WasmKernelExports, module);
}

/**
 * The process-wide backend, created on first call. Its memory is a shared WebAssembly.Memory where shared
 * memory exists (Node; cross-origin-isolated pages): views of a shared memory are never detached when it
 * grows, which is what lets tensors keep their storage in it (wasm-resident tensors), and the thread pool
 * runs on the same memory. Elsewhere the memory is not shared (and tensors cannot be resident).
 * Rejects with WasmUnsupportedError (code "WASM_UNSUPPORTED") when the runtime has no WebAssembly SIMD;
 * callers then stay on the JS kernels.
 */
export function initWasmBackend(): Promise<WasmBackend> {
  if (slot.pending === undefined) {
    const sharedMemory = wasmSharedMemoryUnsupportedReason() === undefined;
    const pending = createWasmBackend({ sharedMemory }).then((backend) => {
      slot.ready = backend;
      return backend;
    });
    slot.pending = pending;
    pending.catch(() => {
      slot.pending = undefined;
    });
  }
  return slot.pending;
}

/** The shared backend if initWasmBackend() has finished, else undefined (for synchronous call sites). */
export function getWasmBackend(): WasmBackend | undefined {
  return slot.ready;
}
