// The two drivers every elementwise op goes through. `unaryOp` runs a row kernel over a (possibly
// strided) float32 input into a fresh contiguous output; `binaryOp` broadcasts two operands NumPy-style
// and does the same. Both record the op's backward rule. Also: number → 0-d tensor, dtype checks.
import { type BackwardFn, record } from "../autograd/node";
import { backend } from "../backend/active";
import { type BinaryKernelOp, UNARY_KERNEL_OPS, type UnaryKernelOp } from "../backend/backend";
import type { DType } from "../dtype";
import { allocate } from "../dtype";
import { DTypeError } from "../errors";
import type { BinaryKernel, UnaryKernel } from "../kernels/elementwise";
import { forEachRow } from "../kernels/strided";
import { broadcastShapes, broadcastStrides } from "../shape";
import { Tensor } from "../tensor";

/** Wraps a number as a 0-d tensor (int32 when `like` is int32 and the number is an integer). */
export function asTensor(x: Tensor | number, like?: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== "number") throw new TypeError(`expected a Tensor or a number, got ${typeof x}`);
  if (like?.dtype === "int32" && Number.isInteger(x)) return new Tensor(Int32Array.of(x), []);
  return new Tensor(Float32Array.of(x), []);
}

/** Throws DTypeError unless t is float32. */
export function requireFloat(op: string, t: Tensor): void {
  if (t.dtype !== "float32") {
    throw new DTypeError(op, t.dtype, `expected a float32 tensor, got ${t.dtype}; call .float() first`);
  }
}

/** Applies a unary float32 kernel and records `backward`. */
export function unaryOp(op: string, x: Tensor, kernel: UnaryKernel, backward: BackwardFn | null): Tensor {
  requireFloat(op, x);
  const out = new Float32Array(x.size);
  const src = x.data as Float32Array;
  // Contiguous input of an op the backends implement: one flat kernel call on the active backend.
  if (x.isContiguous && (UNARY_KERNEL_OPS as readonly string[]).includes(op)) {
    backend().unary(op as UnaryKernelOp, src.subarray(x.offset, x.offset + x.size), out);
    return backward ? record(new Tensor(out, x.shape), op, [x], backward) : new Tensor(out, x.shape);
  }
  forEachRow(x.shape, [x.strides], [x.offset], (offs, steps, n, o) =>
    kernel(out, o, src, offs[0]!, steps[0]!, n),
  );
  const y = new Tensor(out, x.shape);
  return backward ? record(y, op, [x], backward) : y;
}

/** Broadcasts a and b, applies a binary kernel into an `outDtype` result and records `backward`. */
export function binaryOp(
  op: string,
  a: Tensor,
  b: Tensor,
  kernel: BinaryKernel,
  backward: BackwardFn | null,
  outDtype: DType = "float32",
): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = allocate(
    outDtype,
    shape.reduce((p, d) => p * d, 1),
  );
  if (
    outDtype === "float32" &&
    FLAT_BINARY.has(op) &&
    flatBinary(op as BinaryKernelOp, a, b, shape, out as Float32Array)
  ) {
    const y = new Tensor(out, shape);
    return backward ? record(y, op, [a, b], backward) : y;
  }
  const sa = broadcastStrides(a.shape, a.strides, shape);
  const sb = broadcastStrides(b.shape, b.strides, shape);
  const ad = a.data;
  const bd = b.data;
  forEachRow(shape, [sa, sb], [a.offset, b.offset], (offs, steps, n, o) =>
    kernel(out, o, ad, offs[0]!, steps[0]!, bd, offs[1]!, steps[1]!, n),
  );
  const y = new Tensor(out, shape);
  return backward ? record(y, op, [a, b], backward) : y;
}

/** Converts arguments of a float binary op, checking dtypes. */
export function floatOperands(op: string, a: Tensor | number, b: Tensor | number): [Tensor, Tensor] {
  const ta = asTensor(a);
  const tb = asTensor(b);
  requireFloat(op, ta);
  requireFloat(op, tb);
  return [ta, tb];
}

const FLAT_BINARY = new Set(["add", "sub", "mul", "div"]);

function flat(t: Tensor): Float32Array {
  return (t.data as Float32Array).subarray(t.offset, t.offset + t.size);
}

/** Trailing size of `small` once its leading 1s are dropped, when it matches the last dims of `shape`. */
function rowLength(small: Tensor, shape: readonly number[]): number | null {
  let lead = 0;
  while (lead < small.ndim && small.shape[lead] === 1) lead++;
  const rest = small.shape.slice(lead);
  if (rest.length === 0 || rest.length > shape.length) return null;
  const tail = shape.slice(shape.length - rest.length);
  return rest.every((d, i) => d === tail[i]) ? small.size : null;
}

/**
 * The broadcasting cases with a flat kernel on the active backend: equal shapes, a one-element operand,
 * and a row broadcast over the leading dims (bias adds). Both operands float32 and contiguous. Returns
 * false when the case is none of these (the strided row driver runs instead).
 */
function flatBinary(
  op: BinaryKernelOp,
  a: Tensor,
  b: Tensor,
  shape: readonly number[],
  out: Float32Array,
): boolean {
  if (
    a.dtype !== "float32" ||
    b.dtype !== "float32" ||
    !a.isContiguous ||
    !b.isContiguous ||
    out.length === 0
  )
    return false;
  const full = (t: Tensor) => t.size === out.length && t.ndim === shape.length;
  if (full(a) && full(b)) backend().binary(op, flat(a), flat(b), out);
  else if (full(a) && b.size === 1) backend().binaryScalar(op, flat(a), flat(b)[0]!, false, out);
  else if (full(b) && a.size === 1) backend().binaryScalar(op, flat(b), flat(a)[0]!, true, out);
  else {
    const rb = full(a) ? rowLength(b, shape) : null;
    const ra = rb === null && full(b) ? rowLength(a, shape) : null;
    if (rb !== null) backend().binaryRow(op, flat(a), flat(b), out.length / rb, rb, false, out);
    else if (ra !== null) backend().binaryRow(op, flat(b), flat(a), out.length / ra, ra, true, out);
    else return false;
  }
  return true;
}
