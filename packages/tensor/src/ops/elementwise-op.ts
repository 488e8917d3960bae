// The two drivers every elementwise op goes through. `unaryOp` runs a row kernel over a (possibly
// strided) float32 input into a fresh contiguous output; `binaryOp` broadcasts two operands NumPy-style
// and does the same. Both record the op's backward rule. Also: number → 0-d tensor, dtype checks.
import { type BackwardFn, record } from "../autograd/node";
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
