// Named error classes for @paramlens/tensor. Every error carries a stable `code` and names the op, so
// callers can branch on it and users can read what went wrong. Plain argument mistakes (axis out of range,
// negative size) use the built-in RangeError/TypeError with an op-prefixed message instead.
import type { Shape } from "./shape";

/** Codes carried by {@link ShapeError}. */
export type ShapeErrorCode =
  | "BROADCAST"
  | "INNER_DIM"
  | "SHAPE_MISMATCH"
  | "BAD_RESHAPE"
  | "NOT_VIEWABLE"
  | "RANK"
  | "DATA_LENGTH";

function fmt(s: Shape): string {
  return `[${s.join(",")}]`;
}

/** Two or more shapes that do not fit together. The message shows the op and every shape involved. */
export class ShapeError extends RangeError {
  readonly code: ShapeErrorCode;
  readonly op: string;
  readonly shapes: readonly Shape[];
  constructor(code: ShapeErrorCode, op: string, shapes: readonly Shape[], detail: string) {
    super(
      `${op}: ${shapes.map(fmt).join(shapes.length === 2 && op === "matmul" ? " @ " : " and ")}: ${detail}`,
    );
    this.name = "ShapeError";
    this.code = code;
    this.op = op;
    this.shapes = shapes.map((s) => [...s]);
  }
}

/** A tensor of the wrong element type for an op (e.g. `exp` of an int32 tensor). */
export class DTypeError extends TypeError {
  readonly code = "DTYPE" as const;
  readonly op: string;
  readonly dtype: string;
  constructor(op: string, dtype: string, detail: string) {
    super(`${op}: ${detail}`);
    this.name = "DTypeError";
    this.op = op;
    this.dtype = dtype;
  }
}

/** Codes carried by {@link AutogradError}. */
export type AutogradErrorCode =
  | "NO_GRAD_FN"
  | "NON_SCALAR"
  | "GRAPH_FREED"
  | "UNUSED_INPUT"
  | "IN_PLACE"
  | "BAD_GRAD_SHAPE"
  | "NOT_LEAF";

/** Misuse of the autograd engine: backward twice without retainGraph, non-scalar backward without a gradient, … */
export class AutogradError extends Error {
  readonly code: AutogradErrorCode;
  readonly op: string;
  constructor(code: AutogradErrorCode, op: string, detail: string) {
    super(`${op}: ${detail}`);
    this.name = "AutogradError";
    this.code = code;
    this.op = op;
  }
}

/** Codes carried by {@link BackendError}. */
export type BackendErrorCode =
  | "UNKNOWN_BACKEND"
  | "BACKEND_NOT_READY"
  | "BACKEND_UNSUPPORTED"
  | "THREADS_UNSUPPORTED"
  | "INVALID_THREADS";

/**
 * setBackend with an unknown name, or 'wasm' before `await initBackend()` / where wasm is unsupported;
 * initThreads where shared memory or workers are missing, or with a bad thread count.
 */
export class BackendError extends Error {
  readonly code: BackendErrorCode;
  constructor(code: BackendErrorCode, detail: string, op = "setBackend") {
    super(`${op}: ${detail}`);
    this.name = "BackendError";
    this.code = code;
  }
}

/** A tensor used after dispose() (of it, or of a tensor sharing its wasm-resident storage) or after tidy(). */
export class TensorDisposedError extends Error {
  readonly code = "DISPOSED" as const;
  constructor(shape: readonly number[], dtype: string) {
    super(
      `Tensor [${shape.slice(0, 8).join(",")}${shape.length > 8 ? ",…" : ""}] ${dtype} was disposed ` +
        "(dispose() or tidy() released its storage); keep a tensor you still need, or clone() it first",
    );
    this.name = "TensorDisposedError";
  }
}

/** Codes carried by {@link EinsumError}. */
export type EinsumErrorCode = "SYNTAX" | "OPERAND_COUNT" | "OUTPUT";

/**
 * An einsum equation that cannot be read: a character other than letters, `,`, `->` and `...`
 * (`SYNTAX`), a term count that differs from the operand count (`OPERAND_COUNT`), or an output label that
 * repeats or appears in no input (`OUTPUT`). Operands that do not fit the equation throw ShapeError.
 */
export class EinsumError extends Error {
  readonly code: EinsumErrorCode;
  readonly op = "einsum";
  constructor(code: EinsumErrorCode, detail: string) {
    super(`einsum: ${detail}`);
    this.name = "EinsumError";
    this.code = code;
  }
}

/**
 * Largest tensor any op allocates: 2^30 elements (4 GiB of float32, all a wasm32 memory can address).
 * Checked before allocating, so `zeros([1e5, 1e5])` is a {@link TensorSizeError}, not a RangeError from
 * the typed-array constructor.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 30;

/** A tensor larger than {@link MAX_TENSOR_ELEMENTS} was asked for; nothing was allocated. */
export class TensorSizeError extends RangeError {
  readonly code = "TOO_LARGE" as const;
  readonly op: string;
  readonly elements: number;
  readonly limit = MAX_TENSOR_ELEMENTS;
  constructor(op: string, shape: readonly number[] | null, elements: number) {
    super(
      `${op}: ${shape ? `shape [${shape.slice(0, 8).join(",")}${shape.length > 8 ? ",…" : ""}] has` : "asks for"} ${elements} elements, more than the ${MAX_TENSOR_ELEMENTS} (2^30) a tensor may hold`,
    );
    this.name = "TensorSizeError";
    this.op = op;
    this.elements = elements;
  }
}

/** An index outside [0, size) for gather / indexSelect / scatterAdd / indexAdd (as PyTorch, no wrap-around). */
export class IndexOutOfRangeError extends RangeError {
  readonly code = "INDEX_OUT_OF_RANGE" as const;
  readonly op: string;
  readonly index: number;
  readonly size: number;
  constructor(op: string, index: number, size: number, dim: number, position?: number) {
    super(
      `${op}: index ${index}${position === undefined ? "" : ` at position ${position}`} is out of range for dim ${dim} of size ${size} (valid: 0 to ${size - 1}; negative indices are not allowed, as in PyTorch)`,
    );
    this.name = "IndexOutOfRangeError";
    this.op = op;
    this.index = index;
    this.size = size;
  }
}

/** Throws {@link TensorSizeError} when `elements` exceeds {@link MAX_TENSOR_ELEMENTS}. */
export function checkTensorSize(op: string, elements: number, shape: readonly number[] | null = null): void {
  if (!(elements <= MAX_TENSOR_ELEMENTS)) throw new TensorSizeError(op, shape, elements);
}
