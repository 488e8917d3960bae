// Cross-entropy from logits, fused: one pass computes log-softmax, the loss and (only when a gradient is
// needed) the [N, C] gradient matrix (softmax − target) scaled per row, so no exp/log/softmax graph is
// built. Targets are class indices (int32 [N]) or probabilities (float32 [N, C]); per-class `weight`, label
// smoothing, ignoreIndex and the three reductions follow torch.nn.functional.cross_entropy. The backward is
// not itself differentiable w.r.t. the logits (no double backward), and `weight` is a constant (no
// gradient flows to it). Class-index targets without weight or label smoothing go to @paramlens/tensor's
// softmaxCrossEntropy (the backend's fused kernel, wasm SIMD after initBackend()); this file's loop covers
// probability targets, weights and smoothing.
import {
  contiguous,
  isGradEnabled,
  mul,
  record,
  softmaxCrossEntropy,
  Tensor,
  unsqueeze,
} from "@paramlens/tensor";
import { LossError } from "./errors";
import { checkReduction, type Reduction } from "./reduction";

export interface CrossEntropyOptions {
  reduction?: Reduction;
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/C. Default 0. */
  labelSmoothing?: number;
  /** Rows whose class index equals this contribute nothing and are not counted by "mean". Default -100. */
  ignoreIndex?: number;
  /**
   * Per-class weight w, float32 [C]: row n's loss becomes −Σ_c w_c·q_c·log softmax(x_n)_c. With class-index
   * targets "mean" divides by Σ w[target_n] over the rows not ignored (PyTorch's rule); with probability
   * targets it divides by N.
   */
  weight?: Tensor;
}

/** The weight as float64 [C], after checking it is a finite float32 [C] tensor. */
function readWeight(loss: string, weight: unknown, c: number): Float64Array | null {
  if (weight === undefined || weight === null) return null;
  if (!(weight instanceof Tensor)) throw new LossError("DTYPE", `${loss}: weight must be a Tensor`);
  if (weight.dtype !== "float32") {
    throw new LossError("DTYPE", `${loss}: weight must be float32, got ${weight.dtype}`);
  }
  if (weight.ndim !== 1 || weight.shape[0] !== c) {
    throw new LossError(
      "SHAPE",
      `${loss}: weight must be [${c}] (one per class), got [${weight.shape.join(",")}]`,
    );
  }
  const w = Float64Array.from(contiguous(weight.detach()).toTypedArray());
  const bad = w.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new LossError("OPTION", `${loss}: weight[${bad}] is ${w[bad]}, not a finite number`);
  return w;
}

function checkLogits(loss: string, logits: Tensor): [n: number, c: number] {
  if (!(logits instanceof Tensor)) throw new LossError("DTYPE", `${loss}: logits must be a Tensor`);
  if (logits.dtype !== "float32") {
    throw new LossError("DTYPE", `${loss}: logits must be float32, got ${logits.dtype}`);
  }
  if (logits.ndim !== 2 || logits.shape[1] === 0) {
    throw new LossError(
      "SHAPE",
      `${loss}: logits must be [N, C] with C >= 1, got [${logits.shape.join(",")}] ` +
        `(reshape a [B, T, C] tensor with logits.reshape([-1, C]))`,
    );
  }
  return [logits.shape[0]!, logits.shape[1]!];
}

/** Mean-reduction denominator and per-row targets; throws on shape/range problems. */
interface Targets {
  /** Row n's target distribution q (already smoothed), as a function writing into q (length C). */
  fill: (n: number, q: Float64Array) => boolean;
  /** The "mean" denominator: rows counted (Σ w[target] over them with a weight; N for probabilities). */
  count: number;
}

function readTargets(
  loss: string,
  target: Tensor,
  n: number,
  c: number,
  eps: number,
  ignoreIndex: number,
  weight: Float64Array | null,
): Targets {
  if (!(target instanceof Tensor)) throw new LossError("DTYPE", `${loss}: target must be a Tensor`);
  const t = contiguous(target.detach());
  if (target.dtype === "int32") {
    if (target.ndim !== 1 || target.shape[0] !== n) {
      throw new LossError(
        "SHAPE",
        `${loss}: class-index target must be [${n}] for logits [${n},${c}], got [${target.shape.join(",")}]`,
      );
    }
    let count = 0;
    for (let i = 0; i < n; i++) {
      const k = t.data[t.offset + i]!;
      if (k === ignoreIndex) continue;
      if (k < 0 || k >= c) {
        throw new LossError(
          "TARGET_RANGE",
          `${loss}: target[${i}] = ${k} is not a class index in [0, ${c}) (ignoreIndex is ${ignoreIndex})`,
        );
      }
      count += weight ? weight[k]! : 1;
    }
    return {
      count,
      fill(i, q) {
        const k = t.data[t.offset + i]!;
        if (k === ignoreIndex) return false;
        q.fill(eps / c);
        q[k] = q[k]! + (1 - eps);
        return true;
      },
    };
  }
  if (target.ndim !== 2 || target.shape[0] !== n || target.shape[1] !== c) {
    throw new LossError(
      "SHAPE",
      `${loss}: probability target must be [${n},${c}] like the logits, got [${target.shape.join(",")}]`,
    );
  }
  return {
    count: n,
    fill(i, q) {
      const o = t.offset + i * c;
      for (let k = 0; k < c; k++) q[k] = (1 - eps) * t.data[o + k]! + eps / c;
      return true;
    },
  };
}

/**
 * Cross-entropy between softmax(logits) and the target, per row −Σ_c q_c log softmax(x)_c.
 * logits: [N, C] float32; target: int32 [N] class indices or float32 [N, C] probabilities.
 * @example crossEntropy(model.forward(x), labels) // mean over the batch
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const loss = "crossEntropy";
  const reduction = checkReduction(loss, options.reduction ?? "mean");
  const eps = options.labelSmoothing ?? 0;
  if (typeof eps !== "number" || !(eps >= 0 && eps <= 1)) {
    throw new LossError("OPTION", `${loss}: labelSmoothing must be in [0, 1], got ${String(eps)}`);
  }
  const ignoreIndex = options.ignoreIndex ?? -100;
  if (!Number.isInteger(ignoreIndex)) {
    throw new LossError("OPTION", `${loss}: ignoreIndex must be an integer, got ${String(ignoreIndex)}`);
  }
  const [n, c] = checkLogits(loss, logits);
  // Validate here even on the fast path so bad input gets this loss's LossError (code, op name, values).
  const weight = readWeight(loss, options.weight, c);
  const targets = readTargets(loss, target, n, c, eps, ignoreIndex, weight);
  if (target.dtype === "int32" && eps === 0 && weight === null)
    return softmaxCrossEntropy(logits, target, { reduction, ignoreIndex });
  const x = contiguous(logits.detach());
  const xd = x.data as Float32Array;
  const needGrad = isGradEnabled() && logits.requiresGrad;

  const perRow = new Float64Array(n);
  const q = new Float64Array(c);
  const lsm = new Float64Array(c);
  // dLoss_n/dx_n = softmax(x_n)·Σq − q (before the reduction scale), kept only when backward will run.
  const gradBase = needGrad ? new Float32Array(n * c) : null;
  for (let i = 0; i < n; i++) {
    if (!targets.fill(i, q)) continue;
    // PyTorch weights the smoothed target: (1−ε)·w[y]·[c = y] + (ε/C)·w_c = w_c·q_c (also for probabilities).
    if (weight) for (let k = 0; k < c; k++) q[k] = q[k]! * weight[k]!;
    const o = x.offset + i * c;
    let m = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < c; k++) m = Math.max(m, xd[o + k]!);
    let s = 0;
    for (let k = 0; k < c; k++) s += Math.exp(xd[o + k]! - m);
    const lse = m + Math.log(s);
    let l = 0;
    let qSum = 0;
    for (let k = 0; k < c; k++) {
      lsm[k] = xd[o + k]! - lse;
      // 0·log p is 0 even where p underflows (PyTorch's xlogy convention for probability targets).
      if (q[k] !== 0) l -= q[k]! * lsm[k]!;
      qSum += q[k]!;
    }
    perRow[i] = l;
    if (gradBase) for (let k = 0; k < c; k++) gradBase[i * c + k] = Math.exp(lsm[k]!) * qSum - q[k]!;
  }

  let out: Tensor;
  let scale = 1;
  if (reduction === "none") {
    out = new Tensor(Float32Array.from(perRow), [n]);
  } else {
    let total = 0;
    for (let i = 0; i < n; i++) total += perRow[i]!;
    // PyTorch: a mean over zero counted rows is 0/0 = NaN.
    if (reduction === "mean") scale = 1 / targets.count;
    out = new Tensor(Float32Array.of(reduction === "mean" ? total / targets.count : total), []);
  }
  if (gradBase) {
    if (scale !== 1) for (let k = 0; k < gradBase.length; k++) gradBase[k] = gradBase[k]! * scale;
    const base = new Tensor(gradBase, [n, c]);
    // d(loss)/d(logits) = g · (softmax·Σq − q) / count, row-wise for reduction "none"
    record(out, "crossEntropy", [logits], (g, needs) => [
      needs[0] ? mul(base, reduction === "none" ? unsqueeze(g, 1) : g) : null,
    ]);
  }
  return out;
}
