// softmaxCrossEntropy(logits [N, C], target int32 [N]): cross-entropy of softmax(logits) against class
// indices in one fused kernel pass on the active backend — per-row loss and, when a gradient is needed,
// dlogits = softmax − onehot — so no exp/log/softmax graph is built. Reductions and ignoreIndex follow
// torch.nn.functional.cross_entropy. Not here: probability targets, label smoothing, class weights (see
// @paramlens/nn's crossEntropy); the backward is not itself differentiable w.r.t. the logits.
import { isGradEnabled } from "../autograd/grad-mode";
import { record } from "../autograd/node";
import { backend } from "../backend/active";
import { DTypeError, ShapeError } from "../errors";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";
import { requireFloat } from "./elementwise-op";
import { mul } from "./mul";
import { reshape } from "./reshape";

export interface SoftmaxCrossEntropyOptions {
  /** "mean" (default: over rows whose target is not ignoreIndex), "sum" or "none" (per-row [N]). */
  reduction?: "mean" | "sum" | "none";
  /** Rows with this target contribute 0 and are not counted by "mean". Default -100 (PyTorch's). */
  ignoreIndex?: number;
}

/**
 * Cross-entropy between softmax(logits) and integer class targets.
 * @example softmaxCrossEntropy(model(x), labels) // scalar mean loss, backward gives (softmax − onehot)/N
 */
export function softmaxCrossEntropy(
  logits: Tensor,
  target: Tensor,
  options: SoftmaxCrossEntropyOptions = {},
): Tensor {
  const op = "softmaxCrossEntropy";
  if (!(logits instanceof Tensor) || !(target instanceof Tensor))
    throw new TypeError(`${op}: logits and target must be Tensors`);
  requireFloat(op, logits);
  if (target.dtype !== "int32")
    throw new DTypeError(op, target.dtype, `target must be int32 class indices, got ${target.dtype}`);
  const reduction = options.reduction ?? "mean";
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "none")
    throw new RangeError(
      `${op}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`,
    );
  const ignoreIndex = options.ignoreIndex ?? -100;
  if (!Number.isInteger(ignoreIndex))
    throw new RangeError(`${op}: ignoreIndex must be an integer, got ${ignoreIndex}`);
  if (logits.ndim !== 2 || logits.shape[1] === 0)
    throw new ShapeError("RANK", op, [logits.shape], "logits must be [N, C] with C ≥ 1");
  const [n, c] = [logits.shape[0]!, logits.shape[1]!];
  if (target.ndim !== 1 || target.shape[0] !== n)
    throw new ShapeError("SHAPE_MISMATCH", op, [logits.shape, target.shape], `target must be [${n}]`);
  const t = contiguous(target);
  const targets = (t.data as Int32Array).subarray(t.offset, t.offset + n);
  let counted = 0;
  for (let r = 0; r < n; r++) {
    const k = targets[r]!;
    if (k === ignoreIndex) continue;
    if (k < 0 || k >= c) throw new RangeError(`${op}: target[${r}] = ${k} is not a class index in [0, ${c})`);
    counted++;
  }
  const x = contiguous(logits.detach());
  const xd = (x.data as Float32Array).subarray(x.offset, x.offset + n * c);
  const wantGrad = isGradEnabled() && logits.requiresGrad;
  const losses = new Float32Array(n);
  const dlogits = wantGrad ? new Float32Array(n * c) : null;
  backend().softmaxCrossEntropy(xd, targets, n, c, 1, ignoreIndex, losses, dlogits);
  let out: Tensor;
  if (reduction === "none") out = new Tensor(losses, [n]);
  else {
    let s = 0; // float64 total
    for (let r = 0; r < n; r++) s += losses[r]!;
    // PyTorch: mean over zero counted rows is 0/0 = NaN.
    out = new Tensor(Float32Array.of(reduction === "mean" ? s / counted : s), []);
  }
  if (!dlogits) return out;
  const d = new Tensor(dlogits, [n, c]);
  // dL/dlogits_r = (softmax(x_r) − onehot(t_r)) · upstream_r, upstream scaled by 1/count for "mean"
  return record(out, op, [logits], (g) => {
    if (reduction === "none") return [mul(d, reshape(g, [n, 1]))];
    return [mul(d, reduction === "mean" ? mul(g, 1 / counted) : g)];
  });
}
