// The row-wise wrappers of WasmBackend over a row-major [rows, cols]: sums and max along the last axis,
// sums along the first, softmax / log-softmax and their backward, and the fused softmax-cross-entropy
// (assembly/reduce.ts, softmax.ts). Deliberately not here: other axes or N-d reductions (the Tensor ops
// transpose or reshape to [rows, cols] first).
import { WasmArgumentError, WasmSizeError } from "./errors";
import type { WasmBackend } from "./wasm-backend";
import { type F32Input, run, runRowsCols, withCall } from "./wasm-call";
import { count, dim, distinct, finite } from "./wasm-checks";

/** The kernels that read x [rows, cols] and write one output (rows, cols or rows·cols floats). */
export type RowwiseKernel = "sumLastAxis" | "maxLastAxis" | "sumFirstAxis" | "softmax" | "logSoftmax";

/** The backward kernels that read y and dy [rows, cols] and write dx [rows, cols]. */
export type RowwiseBackwardKernel = "softmaxBackward" | "logSoftmaxBackward";

/** Runs one RowwiseKernel (the WasmBackend method of the same name). */
export function rowwise<O extends F32Input>(
  backend: WasmBackend,
  op: RowwiseKernel,
  x: F32Input,
  rows: number,
  cols: number,
  out: O | undefined,
): NoInfer<O> {
  if (op === "maxLastAxis" && rows > 0 && cols === 0)
    throw new WasmSizeError(`maxLastAxis: rows = ${rows} of cols = 0: max of an empty row`);
  dim(op, "rows", rows);
  dim(op, "cols", cols);
  const outLength = op === "sumFirstAxis" ? cols : op.endsWith("LastAxis") ? rows : rows * cols;
  return run<O>(backend.arena, op, (call) => {
    const px = call.in("x", x, count(op, "x = rows·cols", rows, cols));
    const o = call.out("out", out, outLength, false);
    const raw = backend.raw;
    if (op === "softmax") raw.softmaxLastAxis(px, o.ptr, rows, cols);
    else if (op === "logSoftmax") raw.logSoftmaxLastAxis(px, o.ptr, rows, cols);
    else raw[op](px, o.ptr, rows, cols);
    return o;
  });
}

/** Runs one RowwiseBackwardKernel: dx from the (log-)softmax output y and the gradient dy. */
export function rowwiseBackward<O extends F32Input>(
  backend: WasmBackend,
  op: RowwiseBackwardKernel,
  y: F32Input,
  dy: F32Input,
  rows: number,
  cols: number,
  out: O | undefined,
): NoInfer<O> {
  return runRowsCols(backend.arena, op, rows, cols, ["y", y], ["dy", dy], out, "first", (py, pg, po) =>
    backend.raw[op](py, pg, po, rows, cols),
  );
}

/**
 * Fused softmax + cross-entropy: per-row losses logsumexp(x_r) − x_r[t_r] and, unless grad is false,
 * dlogits = gradScale·(softmax(x) − onehot(t)) (gradScale 1/rows gives the gradient of the mean loss).
 * targets are class indices in [0, cols); rows whose target is ignoreIndex get loss 0 and zero gradient.
 */
export function softmaxCrossEntropy(
  backend: WasmBackend,
  logits: F32Input,
  targets: ArrayLike<number>,
  rows: number,
  cols: number,
  options: { gradScale?: number; ignoreIndex?: number; grad?: boolean; dlogits?: F32Input },
): { losses: Float32Array; dlogits: F32Input | undefined } {
  const op = "softmaxCrossEntropy";
  dim(op, "rows", rows);
  dim(op, "cols", cols);
  const scale = finite(op, "gradScale", options.gradScale ?? 1);
  const ignore = options.ignoreIndex ?? -100;
  if (!Number.isInteger(ignore) || ignore < -(2 ** 31) || ignore >= 2 ** 31) {
    throw new WasmArgumentError(`${op}: ignoreIndex = ${ignore} must be a 32-bit integer`);
  }
  if (targets.length !== rows)
    throw new WasmSizeError(`${op}: targets has ${targets.length} elements, expected ${rows}`);
  for (let r = 0; r < rows; r++) {
    const t = targets[r]!;
    if (t !== ignore && !(Number.isInteger(t) && t >= 0 && t < cols)) {
      throw new WasmArgumentError(`${op}: targets[${r}] = ${t} is not a class index in [0, ${cols})`);
    }
  }
  if (rows > 0 && cols === 0) throw new WasmSizeError(`${op}: rows = ${rows} of cols = 0: no classes`);
  const withGrad = options.grad !== false;
  distinct(op, options.dlogits, ["logits", logits]);
  return withCall(backend.arena, op, (call) => {
    const px = call.in("logits", logits, count(op, "logits = rows·cols", rows, cols));
    const t = call.temp(rows);
    new Int32Array(backend.memory.buffer, t.ptr, rows).set(targets);
    const losses = call.out("losses", undefined, rows, false);
    const d = withGrad ? call.out("dlogits", options.dlogits, rows * cols, false) : undefined;
    backend.raw.softmaxCrossEntropy(px, t.ptr, losses.ptr, d?.ptr ?? 0, rows, cols, scale, ignore);
    return {
      losses: call.finish<Float32Array>(losses),
      dlogits: d === undefined ? undefined : call.finish<F32Input>(d),
    };
  });
}
