// matmul with NumPy semantics: 2-d @ 2-d, batched (leading dims broadcast), and the vector cases
// (1-d on the left is a row vector, on the right a column vector; the added dim is removed again).
import { record } from "../autograd/node";
import { ShapeError } from "../errors";
import { matmulDotKernel, matmulKernel } from "../kernels/matmul";
import { broadcastShapes, broadcastStrides, shapeSize } from "../shape";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";
import { requireFloat } from "./elementwise-op";
import { transpose } from "./permute";
import { reshape, squeeze, unsqueeze } from "./reshape";
import { sumToShape } from "./sum";

/** The primitive: a [..., M, K] @ b [..., K, N] → [...batch, M, N], both at least 2-d. */
function batchedMatmul(a0: Tensor, b0: Tensor): Tensor {
  const m = a0.shape[a0.ndim - 2]!;
  const k = a0.shape[a0.ndim - 1]!;
  const n = b0.shape[b0.ndim - 1]!;
  const batch = broadcastShapes("matmul", a0.shape.slice(0, -2), b0.shape.slice(0, -2));
  // Transposed views are read in place. The i-k-j kernel takes A with any strides and B with contiguous
  // rows; the dot kernel takes B stored transposed (contiguous columns) and A with contiguous rows.
  // Anything else is copied to row-major first.
  const colStride = (t: Tensor) => (t.shape[t.ndim - 1] === 1 ? 1 : t.strides[t.ndim - 1]!);
  const rowStride = (t: Tensor) => (t.shape[t.ndim - 2] === 1 ? 1 : t.strides[t.ndim - 2]!);
  let b = b0;
  let dot = false;
  if (colStride(b0) !== 1) {
    if (rowStride(b0) === 1) dot = true;
    else b = contiguous(b0.detach());
  }
  const a = dot && colStride(a0) !== 1 ? contiguous(a0.detach()) : a0;
  const ad = a.data as Float32Array;
  const bd = b.data as Float32Array;
  const ars = a.strides[a.ndim - 2]!;
  const acs = a.strides[a.ndim - 1]!;
  const brs = b.strides[b.ndim - 2]!;
  const bcs = b.strides[b.ndim - 1]!;
  // Per-batch start offsets through (broadcast) batch strides.
  const aBatch = broadcastStrides(a.shape.slice(0, -2), a.strides.slice(0, -2), batch);
  const bBatch = broadcastStrides(b.shape.slice(0, -2), b.strides.slice(0, -2), batch);
  const batches = shapeSize(batch);
  const out = new Float32Array(batches * m * n); // [...batch, M, N]
  const idx = new Array<number>(batch.length).fill(0);
  for (let t = 0; t < batches; t++) {
    let ao = a.offset;
    let bo = b.offset;
    for (let d = 0; d < batch.length; d++) {
      ao += idx[d]! * aBatch[d]!;
      bo += idx[d]! * bBatch[d]!;
    }
    if (dot) matmulDotKernel(ad, ao, ars, bd, bo, bcs, out, t * m * n, m, k, n);
    else matmulKernel(ad, ao, ars, acs, bd, bo, brs, out, t * m * n, m, k, n);
    for (let d = batch.length - 1; d >= 0; d--) {
      idx[d] = idx[d]! + 1;
      if (idx[d]! < batch[d]!) break;
      idx[d] = 0;
    }
  }
  const y = new Tensor(out, [...batch, m, n]);
  // d(A B) = dY Bᵀ for A and Aᵀ dY for B, summed over broadcast batch dims
  return record(y, "matmul", [a0, b0], (g, needs) => [
    needs[0] ? sumToShape(batchedMatmul(g, transpose(b0, -1, -2)), a0.shape) : null,
    needs[1] ? sumToShape(batchedMatmul(transpose(a0, -1, -2), g), b0.shape) : null,
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
