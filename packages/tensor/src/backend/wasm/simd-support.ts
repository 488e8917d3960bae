// Feature detection for WebAssembly SIMD (validates a 30-byte module that uses v128 instructions) and for
// shared wasm memory (needed by the worker pool). Never throws.

// (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt) — the probe used by GoogleChromeLabs'
// wasm-feature-detect (src/detectors/simd/module.wat).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98,
  11,
]);

/** Why the wasm backend cannot run here, or undefined when WebAssembly with SIMD is available. */
export function wasmSimdUnsupportedReason(): string | undefined {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.validate !== "function") {
    return "this runtime has no WebAssembly";
  }
  try {
    return WebAssembly.validate(SIMD_PROBE)
      ? undefined
      : "this runtime's WebAssembly has no SIMD (v128) support";
  } catch (error) {
    return `WebAssembly.validate threw: ${String(error)}`;
  }
}

/** True when WebAssembly with 128-bit SIMD is available. */
export function isWasmSimdSupported(): boolean {
  return wasmSimdUnsupportedReason() === undefined;
}

/** Why shared WebAssembly memory (for the worker pool) is unavailable here, or undefined when it works. */
export function wasmSharedMemoryUnsupportedReason(): string | undefined {
  const simd = wasmSimdUnsupportedReason();
  if (simd !== undefined) return simd;
  if (typeof SharedArrayBuffer === "undefined") {
    return "SharedArrayBuffer is unavailable (browsers need a cross-origin isolated page: COOP + COEP headers)";
  }
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return undefined;
  } catch (error) {
    return `shared WebAssembly.Memory is not supported: ${String(error)}`;
  }
}
