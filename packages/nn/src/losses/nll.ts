// Negative log-likelihood on log-probabilities: −input[n, target[n]], with ignoreIndex and reductions as
// torch.nn.functional.nll_loss, per-class weight included ("mean" divides by Σ weight[target] over the rows
// not ignored). Built from gather so autograd gives the gradient (none flows to the weight, a constant).
import { gather, mul, neg, sum, Tensor, tensor } from "@paramlens/tensor";
import { LossError } from "./errors";
import { checkReduction, type Reduction } from "./reduction";

export interface NllLossOptions {
  reduction?: Reduction;
  /** Rows whose target equals this contribute 0 and are not counted by "mean". Default -100. */
  ignoreIndex?: number;
  /** Per-class weight, float32 [C]: row n's loss is −weight[t]·input[n, t] for t = target[n]. */
  weight?: Tensor;
}

/** input: [N, C] float32 log-probabilities; target: [N] int32 class indices. */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const reduction = checkReduction("nllLoss", options.reduction ?? "mean");
  const ignoreIndex = options.ignoreIndex ?? -100;
  if (!(input instanceof Tensor) || input.dtype !== "float32" || input.ndim !== 2) {
    throw new LossError(
      "SHAPE",
      `nllLoss: input must be a float32 [N, C] tensor, got ${input instanceof Tensor ? `${input.dtype} [${input.shape.join(",")}]` : typeof input}`,
    );
  }
  const [n, c] = input.shape as [number, number];
  if (!(target instanceof Tensor) || target.dtype !== "int32" || target.ndim !== 1 || target.shape[0] !== n) {
    throw new LossError(
      "SHAPE",
      `nllLoss: target must be int32 [${n}] for input [${n},${c}], got ${target instanceof Tensor ? `${target.dtype} [${target.shape.join(",")}]` : typeof target}`,
    );
  }
  let w: ArrayLike<number> | null = null;
  if (options.weight !== undefined && options.weight !== null) {
    const wt = options.weight;
    if (!(wt instanceof Tensor) || wt.dtype !== "float32" || wt.ndim !== 1 || wt.shape[0] !== c) {
      throw new LossError(
        "SHAPE",
        `nllLoss: weight must be float32 [${c}] (one per class), got ${wt instanceof Tensor ? `${wt.dtype} [${wt.shape.join(",")}]` : typeof wt}`,
      );
    }
    w = wt.toArray() as number[];
    const bad = Array.from(w).findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new LossError("OPTION", `nllLoss: weight[${bad}] is ${w[bad]}, not a finite number`);
  }
  const idx = new Int32Array(n);
  const keep = new Float32Array(n);
  let count = 0;
  const t = target.toArray();
  for (let i = 0; i < n; i++) {
    const k = t[i]!;
    if (k === ignoreIndex) continue;
    if (k < 0 || k >= c) {
      throw new LossError("TARGET_RANGE", `nllLoss: target[${i}] = ${k} is not a class index in [0, ${c})`);
    }
    idx[i] = k;
    keep[i] = w ? w[k]! : 1;
    count += keep[i]!;
  }
  // [N, 1] → [N]; ignored rows read column 0 and are multiplied by 0; kept rows by their class weight.
  const picked = gather(input, 1, new Tensor(idx, [n, 1])).reshape([n]);
  const perRow = neg(mul(picked, tensor(Array.from(keep))));
  if (reduction === "none") return perRow;
  const total = sum(perRow);
  return reduction === "sum" ? total : mul(total, 1 / count);
}
