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
import { initWasmBackend } from "./wasm/init";

let active: ResolvedBackend = jsBackend;
let chosenExplicitly = false;
let wasm: ResolvedBackend | undefined;
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
        wasm = resolveBackend(createWasmKernels(w, wasmLimits), jsKernels);
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
