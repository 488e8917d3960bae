// Argument checks shared by the WasmBackend kernel wrappers: sizes, counts, finite scalars, op names and
// output aliasing. Each throws a WasmSizeError / WasmArgumentError naming the kernel and the value.
// Deliberately not here: operand copies (wasm-call.ts) and convolution geometry (wasm-conv-geometry.ts).
import { WasmF32 } from "./arena";
import { WasmArgumentError, WasmSizeError } from "./errors";
import { BINARY_OPS, UNARY_OPS } from "./op-codes";
import type { F32Input } from "./wasm-call";

const MAX_ELEMENTS = 2 ** 30 - 1; // 4 GiB of f32 minus headroom: every byte offset fits in a u32.

export function dim(op: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_ELEMENTS) {
    throw new WasmSizeError(`${op}: ${name} = ${value} must be a non-negative integer ≤ ${MAX_ELEMENTS}`);
  }
  return value;
}

export function positive(op: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_ELEMENTS) {
    throw new WasmSizeError(`${op}: ${name} = ${value} must be a positive integer`);
  }
  return value;
}

export function count(op: string, what: string, ...dims: number[]): number {
  const n = dims.reduce((p, d) => p * d, 1);
  if (n > MAX_ELEMENTS)
    throw new WasmSizeError(`${op}: ${what} = ${dims.join("·")} = ${n} elements is too large`);
  return n;
}

export function finite(op: string, name: string, value: number): number {
  if (!Number.isFinite(value))
    throw new WasmArgumentError(`${op}: ${name} = ${value} must be a finite number`);
  return value;
}

export function unaryCode(op: string, name: string): number {
  return opCode(op, "unary", UNARY_OPS, name);
}

export function binaryCode(op: string, name: string): number {
  return opCode(op, "binary", BINARY_OPS, name);
}

function opCode(op: string, kind: string, codes: Readonly<Record<string, number>>, name: string): number {
  const code = codes[name];
  if (code === undefined || !Object.hasOwn(codes, name)) {
    throw new WasmArgumentError(
      `${op}: unknown ${kind} op "${name}" (known: ${Object.keys(codes).join(", ")})`,
    );
  }
  return code;
}

/** Throws when a WasmF32 `out` is one of the named inputs (these kernels do not support aliasing). */
export function distinct(
  op: string,
  out: F32Input | undefined,
  ...inputs: [string, F32Input | undefined][]
): void {
  if (!(out instanceof WasmF32)) return;
  for (const [name, x] of inputs) {
    if (x === out) throw new WasmArgumentError(`${op}: out must not be the same buffer as ${name}`);
  }
}

export function typeName(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return (x as object).constructor?.name ?? "object";
  return typeof x;
}
