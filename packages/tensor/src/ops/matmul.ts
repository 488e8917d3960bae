// matmul with NumPy semantics: 2-d @ 2-d, batched (leading dims broadcast), and the vector cases
// (1-d on the left is a row vector, on the right a column vector; the added dim is removed again).
import { record } from "../autograd/node";
import { backend } from "../backend/active";
import type { MatrixView } from "../backend/backend";
import { ShapeError } from "../errors";
import { broadcastShapes, broadcastStrides, shapeSize } from "../shape";
import { Tensor } from "../tensor";
import { requireFloat } from "./elementwise-op";
import { transpose } from "./permute";
import { reshape, squeeze, unsqueeze } from "./reshape";
import { sumToShape } from "./sum";

/** One stride that walks every batch entry in order, 0 when all entries are one matrix, null otherwise. */
function flatBatchStride(batch: readonly number[], strides: readonly number[]): number | null {
  let step: number | null = null;
  let span = 1;
  for (let d = batch.length - 1; d >= 0; d--) {
    const size = batch[d]!;
    const s = strides[d]!;
    if (size === 1) continue;
    if (step === null) step = s;
    else if (s !== step * span) return null;
    span *= size;
  }
  return step ?? 0;
}

/** The primitive: a [..., M, K] @ b [..., K, N] → [...batch, M, N], both at least 2-d. */
function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  const m = a.shape[a.ndim - 2]!;
  const k = a.shape[a.ndim - 1]!;
  const n = b.shape[b.ndim - 1]!;
  const batch = broadcastShapes("matmul", a.shape.slice(0, -2), b.shape.slice(0, -2));
  // Operands are passed as strided views (transposes read in place); the backend picks its loop order.
  const aBatch = broadcastStrides(a.shape.slice(0, -2), a.strides.slice(0, -2), batch);
  const bBatch = broadcastStrides(b.shape.slice(0, -2), b.strides.slice(0, -2), batch);
  const view = (t: Tensor, bs: number): MatrixView => ({
    data: t.data as Float32Array,
    off: t.offset,
    rs: t.strides[t.ndim - 2]!,
    cs: t.strides[t.ndim - 1]!,
    bs,
  });
  const batches = shapeSize(batch);
  const out = new Float32Array(batches * m * n); // [...batch, M, N]
  const kernels = backend();
  const sa = flatBatchStride(batch, aBatch);
  const sb = flatBatchStride(batch, bBatch);
  // x [..., M, K] @ w [K, N] (w shared by every entry, x's rows evenly spaced across entries, as a Linear
  // layer on [B, T, d] input): one [batches·M, K] @ [K, N] product instead of a GEMM per entry.
  const rowStride = m === 1 ? sa : a.strides[a.ndim - 2]!;
  const foldA = batches > 1 && sb === 0 && sa !== null && rowStride !== null && sa === m * rowStride;
  if (batches === 1) kernels.matmul(view(a, 0), view(b, 0), m, k, n, out, 0);
  else if (foldA) kernels.matmul({ ...view(a, 0), rs: rowStride }, view(b, 0), batches * m, k, n, out, 0);
  else if (sa !== null && sb !== null) kernels.batchedMatmul(view(a, sa), view(b, sb), batches, m, k, n, out);
  else {
    // Batch dims that do not flatten to one stride: one product per entry.
    const idx = new Array<number>(batch.length).fill(0);
    for (let t = 0; t < batches; t++) {
      let ao = a.offset;
      let bo = b.offset;
      for (let d = 0; d < batch.length; d++) {
        ao += idx[d]! * aBatch[d]!;
        bo += idx[d]! * bBatch[d]!;
      }
      kernels.matmul({ ...view(a, 0), off: ao }, { ...view(b, 0), off: bo }, m, k, n, out, t * m * n);
      for (let d = batch.length - 1; d >= 0; d--) {
        idx[d] = idx[d]! + 1;
        if (idx[d]! < batch[d]!) break;
        idx[d] = 0;
      }
    }
  }
  const y = new Tensor(out, [...batch, m, n]);
  // d(A B) = dY Bᵀ for A and Aᵀ dY for B, summed over broadcast batch dims. When B is one matrix shared by
  // every entry, its gradient Σ_t A_tᵀ dY_t is one [K, batches·M] @ [batches·M, N] product (no per-entry
  // [K, N] results to sum afterwards).
  const bShared = batches > 1 && b.shape.slice(0, -2).every((d) => d === 1);
  return record(y, "matmul", [a, b], (g, needs) => [
    needs[0] ? sumToShape(batchedMatmul(g, transpose(b, -1, -2)), a.shape) : null,
    needs[1]
      ? bShared && shapeSize(a.shape) === batches * m * k
        ? reshape(
            batchedMatmul(transpose(reshape(a, [batches * m, k]), 0, 1), reshape(g, [batches * m, n])),
            b.shape,
          )
        : sumToShape(batchedMatmul(transpose(a, -1, -2), g), b.shape)
      : null,
  ]);
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor))
    throw new TypeError("matmul: both operands must be Tensors");
  requireFloat("matmul", a);
  requireFloat("matmul", b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(
      "RANK",
      "matmul",
      [a.shape, b.shape],
      "both operands need at least 1 dimension (use mul for scalars)",
    );
  }
  const ka = a.shape[a.ndim - 1]!;
  const kb = b.ndim === 1 ? b.shape[0]! : b.shape[b.ndim - 2]!;
  if (ka !== kb) {
    throw new ShapeError(
      "INNER_DIM",
      "matmul",
      [a.shape, b.shape],
      `inner dimensions ${ka} and ${kb} differ`,
    );
  }
  if (a.ndim === 1 && b.ndim === 1) return reshape(batchedMatmul(unsqueeze(a, 0), unsqueeze(b, 1)), []);
  if (a.ndim === 1) return squeeze(batchedMatmul(unsqueeze(a, 0), b), -2);
  if (b.ndim === 1) return squeeze(batchedMatmul(a, unsqueeze(b, 1)), -1);
  return batchedMatmul(a, b);
}
