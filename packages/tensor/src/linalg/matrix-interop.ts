// Conversion between 2-d tensors and ml-matrix `Matrix` (float64), the bridge every linalg function
// crosses. Like PyTorch's `.numpy()`, leaving the tensor world leaves autograd: a tensor that requires grad
// is refused while recording is on. It does not handle batches (one matrix at a time).

import { Matrix } from "ml-matrix";
import { isGradEnabled } from "../autograd/grad-mode";
import { ShapeError } from "../errors";
import { Tensor } from "../tensor";

/** Copies a 2-d tensor (any strides, float32 or int32) into a new ml-matrix Matrix. */
export function toMatrix(t: Tensor, op = "toMatrix"): Matrix {
  checkMatrixTensor(t, op);
  const [rows, cols] = t.shape as [number, number];
  const values = t.toTypedArray(); // row-major copy, whatever the strides
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) m.set(i, j, values[i * cols + j]!);
  }
  return m;
}

/** Copies an ml-matrix Matrix into a new float32 tensor [rows, columns]. */
export function fromMatrix(m: Matrix): Tensor {
  if (!Matrix.isMatrix(m)) throw new TypeError("fromMatrix: expected an ml-matrix Matrix");
  const out = new Float32Array(m.rows * m.columns);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.columns; j++) out[i * m.columns + j] = m.get(i, j);
  }
  return new Tensor(out, [m.rows, m.columns]);
}

/** Float32 tensor from a plain array of numbers (singular values, eigenvalues). */
export function vectorTensor(values: ArrayLike<number>): Tensor {
  return new Tensor(Float32Array.from(values), [values.length]);
}

/** Checks an argument of a linalg op: a 2-d tensor, outside autograd, with finite entries when asked. */
export function checkMatrixTensor(
  t: Tensor,
  op: string,
  opts: { square?: boolean; finite?: boolean } = {},
): void {
  if (!(t instanceof Tensor)) throw new TypeError(`${op}: expected a Tensor`);
  if (t.ndim !== 2) throw new ShapeError("RANK", op, [t.shape], `expected a 2-d matrix, got ${t.ndim}-d`);
  if (opts.square && t.shape[0] !== t.shape[1]) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      op,
      [t.shape],
      `expected a square matrix, got ${t.shape[0]}×${t.shape[1]}`,
    );
  }
  if (t.requiresGrad && isGradEnabled()) {
    throw new TypeError(
      `${op}: the result is not differentiable (computed by ml-matrix); call it on x.detach() or inside noGrad()`,
    );
  }
  if (opts.finite) {
    const v = t.toTypedArray();
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i]!)) {
        throw new RangeError(
          `${op}: matrix ${t.shape[0]}×${t.shape[1]} has a non-finite entry (${v[i]}) at flat index ${i}`,
        );
      }
    }
  }
}
