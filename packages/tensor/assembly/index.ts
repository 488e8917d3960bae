// Entry point of the WebAssembly SIMD kernels: re-exports every kernel module. All kernels take byte
// offsets into the imported memory (owned and allocated by the JS loader) and never allocate themselves.
export * from "./gemm";
export * from "./im2col";
export * from "./elementwise";
export * from "./reduce";
export * from "./softmax";
export * from "./optim";
export * from "./pool";

/** First byte after the module's static data: the JS allocator starts above it. */
export function heapBase(): usize {
  return __heap_base;
}
