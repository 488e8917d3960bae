// Public surface of the WebAssembly SIMD backend.
export { sizeClassBytes, WasmArena, type WasmArenaStats, WasmF32 } from "./arena";
export {
  WasmArgumentError,
  WasmBackendError,
  WasmBufferError,
  WasmOutOfMemoryError,
  WasmSizeError,
  WasmUnsupportedError,
} from "./errors";
export type { WasmKernelExports } from "./exports";
export { type CreateWasmBackendOptions, createWasmBackend, getWasmBackend, initWasmBackend } from "./init";
export { BINARY_OPS, UNARY_OPS, type WasmBinaryOp, type WasmUnaryOp } from "./op-codes";
export {
  isWasmSimdSupported,
  wasmSharedMemoryUnsupportedReason,
  wasmSimdUnsupportedReason,
} from "./simd-support";
export {
  browserWorkerFactory,
  splitRange,
  WASM_WORKER_SOURCE,
  WasmThreadPool,
  type WasmThreadPoolOptions,
  type WasmWorkerFactory,
  type WasmWorkerPort,
} from "./threads";
export { WasmBackend } from "./wasm-backend";
export type { F32Input } from "./wasm-call";
export { type Conv2dGeometry, type Conv2dShape, convOutputSize } from "./wasm-conv-geometry";
export type { BatchedMatmulOptions, MatmulOptions } from "./wasm-gemm";
export type { AdamOptions, SgdOptions } from "./wasm-optim";
