// softmax and logSoftmax along one dim: fused primitives (one pass per line, max-shifted, no NaN from
// large logits) whose backward rules are written with Tensor ops, so they stay twice differentiable.
import { record } from "../autograd/node";
import { backend } from "../backend/active";
import { softmaxKernel } from "../kernels/softmax";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { requireFloat } from "./elementwise-op";
import { exp } from "./exp";
import { mul } from "./mul";
import { sub } from "./sub";
import { sum } from "./sum";

function run(op: string, x: Tensor, dim: number, log: boolean): [Tensor, number] {
  requireFloat(op, x);
  const d = normalizeDim(op, dim, x.ndim);
  const out = new Float32Array(x.size);
  const cols = x.shape[d]!;
  if (d === x.ndim - 1 && x.isContiguous && x.size > 0) {
    // Softmax along the contiguous last dim: rows of a [rows, cols] matrix on the active backend.
    const src = (x.data as Float32Array).subarray(x.offset, x.offset + x.size);
    backend().softmax(src, x.size / cols, cols, log, out);
    return [new Tensor(out, x.shape), d];
  }
  softmaxKernel(x.data as Float32Array, x.shape, x.strides, x.offset, d, out, log);
  return [new Tensor(out, x.shape), d];
}

export function softmax(x: Tensor, dim = -1): Tensor {
  const [y, d] = run("softmax", x, dim, false);
  // d softmax: dx = y ⊙ (dy - Σ_d dy ⊙ y)
  return record(y, "softmax", [x], (g) => [mul(y, sub(g, sum(mul(g, y), d, true)))]);
}

export function logSoftmax(x: Tensor, dim = -1): Tensor {
  const [y, d] = run("logSoftmax", x, dim, true);
  // d logSoftmax: dx = dy - softmax(x) · Σ_d dy, with softmax(x) = exp(y)
  return record(y, "logSoftmax", [x], (g) => [sub(g, mul(exp(y), sum(g, d, true)))]);
}
