// Names of the elementwise ops the wasm kernels implement and their integer codes (the codes must match
// assembly/mathf.ts and assembly/elementwise.ts).

export const UNARY_OPS = {
  identity: 0,
  relu: 1,
  neg: 2,
  abs: 3,
  sqrt: 4,
  square: 5,
  exp: 6,
  log: 7,
  tanh: 8,
  sigmoid: 9,
  /** GELU, tanh approximation (GPT-2's). */
  gelu: 10,
} as const;

export type WasmUnaryOp = keyof typeof UNARY_OPS;

export const BINARY_OPS = { add: 0, sub: 1, mul: 2, div: 3 } as const;

export type WasmBinaryOp = keyof typeof BINARY_OPS;
