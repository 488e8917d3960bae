// softmax and logSoftmax along one dim: fused primitives (one pass per line, max-shifted, no NaN from
// large logits) whose backward rules are written with Tensor ops, so they stay twice differentiable.
import { record } from "../autograd/node";
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
