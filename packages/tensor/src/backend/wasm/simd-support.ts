// Feature detection for WebAssembly SIMD: validates a 30-byte module that uses v128 instructions.
// Does not instantiate anything and never throws.

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
