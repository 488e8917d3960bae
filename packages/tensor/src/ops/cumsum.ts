// cumsum(x, dim): inclusive running sum along one dim, as torch.cumsum (float32 in and out). A scan is
// not an honest composition of the existing ops (a triangular matmul is O(n²)), so it has a small kernel
// (kernels/cumsum.ts). The gradient of a prefix sum is the suffix sum of dy, and vice versa, so the two
// directions are one recorded op and stay differentiable to any order.
import { record } from "../autograd/node";
import { cumsumKernel } from "../kernels/cumsum";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";
import { requireFloat } from "./elementwise-op";
import { reshape } from "./reshape";

function scan(x: Tensor, d: number, reverse: boolean): Tensor {
  const c = contiguous(x.detach());
  const n = x.shape[d]!;
  let outer = 1;
  for (let i = 0; i < d; i++) outer *= x.shape[i]!;
  let inner = 1;
  for (let i = d + 1; i < x.ndim; i++) inner *= x.shape[i]!;
  const out = new Float32Array(x.size);
  if (x.size > 0) cumsumKernel(c.data as Float32Array, c.offset, outer, n, inner, reverse, out);
  const y = new Tensor(out, x.shape);
  // d cumsum(x)_i = Σ_{k ≥ i} dy_k: the suffix sum of dy (and the prefix sum for a suffix sum)
  return record(y, reverse ? "cumsumReverse" : "cumsum", [x], (g) => [scan(g, d, !reverse)]);
}

/** Running sum along `dim`: y[…, i, …] = Σ_{k ≤ i} x[…, k, …]. */
export function cumsum(x: Tensor, dim: number): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError("cumsum: input must be a Tensor");
  requireFloat("cumsum", x);
  if (x.ndim === 0) {
    normalizeDim("cumsum", dim, 1);
    return reshape(scan(reshape(x, [1]), 0, false), []);
  }
  return scan(x, normalizeDim("cumsum", dim, x.ndim), false);
}
