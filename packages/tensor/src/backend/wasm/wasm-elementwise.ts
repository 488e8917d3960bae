// The elementwise wrappers of WasmBackend: binary ops (same shape, scalar, row / column broadcast), unary
// ops and their backward, and the fused bias + activation epilogue (assembly/elementwise.ts, mathf.ts).
// Deliberately not here: N-d broadcasting (the Tensor ops reduce it to these flat cases first).
import { WasmArgumentError } from "./errors";
import type { WasmBinaryOp, WasmUnaryOp } from "./op-codes";
import type { WasmBackend } from "./wasm-backend";
import { type F32Input, run, runRowsCols } from "./wasm-call";
import { binaryCode, distinct, typeName, unaryCode } from "./wasm-checks";

// Operands all of the first one's length, copied in in order; the result has that length too.
function sameLength<O extends F32Input>(
  backend: WasmBackend,
  op: string,
  inputs: readonly [name: string, x: F32Input][],
  out: O | undefined,
  kernel: (ptrs: number[], po: number, n: number) => void,
): NoInfer<O> {
  return run<O>(backend.arena, op, (call) => {
    const n = inputs[0]![1].length;
    const ptrs = inputs.map(([name, x]) => call.in(name, x, n));
    const o = call.out("out", out, n, false);
    kernel(ptrs, o.ptr, n);
    return o;
  });
}

/** out[i] = a[i] op b[i]; a and b have the same length. */
export function binary<O extends F32Input>(
  backend: WasmBackend,
  opName: WasmBinaryOp,
  a: F32Input,
  b: F32Input,
  out: O | undefined,
): NoInfer<O> {
  const op = `binary(${opName})`;
  const code = binaryCode(op, opName);
  return sameLength(
    backend,
    op,
    [
      ["a", a],
      ["b", b],
    ],
    out,
    (p, po, n) => backend.raw.binarySame(code, p[0]!, p[1]!, po, n),
  );
}

/** out[i] = a[i] op s, or s op a[i] with reversed. */
export function binaryScalar<O extends F32Input>(
  backend: WasmBackend,
  opName: WasmBinaryOp,
  a: F32Input,
  s: number,
  reversed: boolean,
  out: O | undefined,
): NoInfer<O> {
  const op = `binaryScalar(${opName})`;
  const code = binaryCode(op, opName);
  if (typeof s !== "number")
    throw new WasmArgumentError(`${op}: scalar must be a number, got ${typeName(s)}`);
  return sameLength(backend, op, [["a", a]], out, (p, po, n) =>
    backend.raw.binaryScalar(code, +reversed, p[0]!, s, po, n),
  );
}

/** out[r, c] = a[r, c] op vec, vec broadcast along rows (row [cols]) or columns (col [rows]); a [rows, cols]. */
export function binaryBroadcast<O extends F32Input>(
  backend: WasmBackend,
  along: "row" | "col",
  opName: WasmBinaryOp,
  a: F32Input,
  vec: F32Input,
  rows: number,
  cols: number,
  reversed: boolean,
  out: O | undefined,
): NoInfer<O> {
  const op = along === "row" ? `binaryRow(${opName})` : `binaryCol(${opName})`;
  const code = binaryCode(op, opName);
  const raw = backend.raw;
  return runRowsCols(
    backend.arena,
    op,
    rows,
    cols,
    ["a", a],
    [along, vec, along === "row" ? cols : rows],
    out,
    "second",
    (pa, pv, po) => {
      if (along === "row") raw.binaryRow(code, +reversed, pa, pv, po, rows, cols);
      else raw.binaryCol(code, +reversed, pa, pv, po, rows, cols);
    },
  );
}

/** out[i] = f(x[i]). exp/log/tanh/sigmoid/gelu are polynomial approximations (≲ 1e-6 relative error). */
export function unary<O extends F32Input>(
  backend: WasmBackend,
  opName: WasmUnaryOp,
  x: F32Input,
  out: O | undefined,
): NoInfer<O> {
  const op = `unary(${opName})`;
  const code = unaryCode(op, opName);
  return sameLength(backend, op, [["x", x]], out, (p, po, n) => backend.raw.unary(code, p[0]!, po, n));
}

/** dx[i] = dy[i]·f'(x[i]), given x and y = f(x) (both needed: some derivatives use one, some the other). */
export function unaryBackward<O extends F32Input>(
  backend: WasmBackend,
  opName: WasmUnaryOp,
  x: F32Input,
  y: F32Input,
  dy: F32Input,
  out: O | undefined,
): NoInfer<O> {
  const op = `unaryBackward(${opName})`;
  const code = unaryCode(op, opName);
  distinct(op, out, ["x", x], ["y", y]);
  return sameLength(
    backend,
    op,
    [
      ["x", x],
      ["y", y],
      ["dy", dy],
    ],
    out,
    (p, po, n) => backend.raw.unaryBackward(code, p[0]!, p[1]!, p[2]!, po, n),
  );
}

/** out[r, c] = act(x[r, c] + bias[c]) in one pass (the epilogue of a linear layer). */
export function biasActivation<O extends F32Input>(
  backend: WasmBackend,
  x: F32Input,
  bias: F32Input,
  rows: number,
  cols: number,
  activation: WasmUnaryOp,
  out: O | undefined,
): NoInfer<O> {
  const op = `biasActivation(${activation})`;
  const code = unaryCode(op, activation);
  return runRowsCols(
    backend.arena,
    op,
    rows,
    cols,
    ["x", x],
    ["bias", bias, cols],
    out,
    "second",
    (px, pb, po) => backend.raw.biasActivation(code, px, pb, po, rows, cols),
  );
}
