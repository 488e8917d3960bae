// Named errors of the WebAssembly backend. Each carries a stable `code`; messages name the kernel and
// the offending values so a caller sees what to fix.

export class WasmBackendError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The runtime has no WebAssembly or no WebAssembly SIMD (e.g. Safari < 16.4); use the JS backend. */
export class WasmUnsupportedError extends WasmBackendError {
  constructor(reason: string) {
    super("WASM_UNSUPPORTED", `wasm backend unavailable: ${reason}`);
  }
}

/** A size argument is negative, fractional or too large, or a buffer's length does not match it. */
export class WasmSizeError extends WasmBackendError {
  constructor(message: string) {
    super("WASM_BAD_SIZE", message);
  }
}

/** A WasmF32 buffer was used after free(), freed twice, or belongs to another backend instance. */
export class WasmBufferError extends WasmBackendError {
  constructor(message: string) {
    super("WASM_BAD_BUFFER", message);
  }
}

/** memory.grow failed: the requested buffers do not fit in the 4 GiB wasm32 address space. */
export class WasmOutOfMemoryError extends WasmBackendError {
  constructor(requestedBytes: number, reservedBytes: number) {
    super(
      "WASM_OUT_OF_MEMORY",
      `wasm arena: cannot grow memory by ${requestedBytes} bytes (already ${reservedBytes} bytes reserved)`,
    );
  }
}

/** An op name, option or hyperparameter is invalid (unknown op, lr that is not finite, step < 1 …). */
export class WasmArgumentError extends WasmBackendError {
  constructor(message: string) {
    super("WASM_BAD_ARGUMENT", message);
  }
}
