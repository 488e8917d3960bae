// matmul with NumPy semantics: 2-d @ 2-d, batched (leading dims broadcast), and the vector cases
// (1-d on the left is a row vector, on the right a column vector; the added dim is removed again).
import { record } from "../autograd/node";
import { ShapeError } from "../errors";
import { matmulKernel } from "../kernels/matmul";
import { broadcastShapes, broadcastStrides, contiguousStrides, shapeSize } from "../shape";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";
import { requireFloat } from "./elementwise-op";
import { transpose } from "./permute";
import { reshape, squeeze, unsqueeze } from "./reshape";
import { sumToShape } from "./sum";

/** The primitive: a [..., M, K] @ b [..., K, N] → [...batch, M, N], both at least 2-d. */
function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  const m = a.shape[a.ndim - 2]!;
  const k = a.shape[a.ndim - 1]!;
  const n = b.shape[b.ndim - 1]!;
  const batch = broadcastShapes("matmul", a.shape.slice(0, -2), b.shape.slice(0, -2));
  const ac = contiguous(a.detach());
  const bc = contiguous(b.detach());
  // Per-batch start offsets through broadcast strides over the batch dims.
  const aBatchStrides = broadcastStrides(
    a.shape.slice(0, -2),
    contiguousStrides(a.shape).slice(0, -2),
    batch,
  );
  const bBatchStrides = broadcastStrides(
    b.shape.slice(0, -2),
    contiguousStrides(b.shape).slice(0, -2),
    batch,
  );
  const batches = shapeSize(batch);
  const out = new Float32Array(batches * m * n);
  const idx = new Array<number>(batch.length).fill(0);
  for (let t = 0; t < batches; t++) {
    let ao = ac.offset;
    let bo = bc.offset;
    for (let d = 0; d < batch.length; d++) {
      ao += idx[d]! * aBatchStrides[d]!;
      bo += idx[d]! * bBatchStrides[d]!;
    }
    matmulKernel(ac.data as Float32Array, ao, bc.data as Float32Array, bo, out, t * m * n, m, k, n);
    for (let d = batch.length - 1; d >= 0; d--) {
      idx[d] = idx[d]! + 1;
      if (idx[d]! < batch[d]!) break;
      idx[d] = 0;
    }
  }
  const y = new Tensor(out, [...batch, m, n]);
  // d(A B) = dY Bᵀ for A and Aᵀ dY for B, summed over broadcast batch dims
  return record(y, "matmul", [a, b], (g, needs) => [
    needs[0] ? sumToShape(batchedMatmul(g, transpose(b, -1, -2)), a.shape) : null,
    needs[1] ? sumToShape(batchedMatmul(transpose(a, -1, -2), g), b.shape) : null,
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
