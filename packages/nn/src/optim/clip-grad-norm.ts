// Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_: the norm of all gradients together
// (p = 2, 1 or Infinity) and, when it exceeds maxNorm, every gradient scaled in place by
// maxNorm / (norm + 1e-6). Parameters without a gradient are ignored.
import { contiguous, type Tensor } from "@paramlens/tensor";
import { checkNumber, OptimizerError } from "./errors";

export interface ClipGradNormOptions {
  /** 2 (default), 1, or Infinity. */
  normType?: number;
  /** Throw when the total norm is NaN or ±Infinity instead of scaling by it. Default false. */
  errorIfNonfinite?: boolean;
}

/** Returns the total gradient norm measured before clipping. */
export function clipGradNorm(
  params: Iterable<Tensor>,
  maxNorm: number,
  options: ClipGradNormOptions = {},
): number {
  checkNumber("clipGradNorm", "maxNorm", maxNorm, 0);
  const p = options.normType ?? 2;
  if (p !== 1 && p !== 2 && p !== Number.POSITIVE_INFINITY) {
    throw new OptimizerError("OPTION", `clipGradNorm: normType must be 1, 2 or Infinity, got ${String(p)}`);
  }
  const grads: Tensor[] = [];
  for (const t of params) if (t.grad) grads.push(t.grad);
  let acc = 0;
  for (const g0 of grads) {
    const g = contiguous(g0);
    const d = g.data as Float32Array;
    for (let k = g.offset, end = g.offset + g.size; k < end; k++) {
      const a = Math.abs(d[k]!);
      if (p === 2) acc += a * a;
      else if (p === 1) acc += a;
      else if (!(a <= acc)) acc = a; // keeps NaN
    }
  }
  const total = p === 2 ? Math.sqrt(acc) : acc;
  if (!Number.isFinite(total) && options.errorIfNonfinite) {
    throw new OptimizerError(
      "NON_FINITE",
      `clipGradNorm: the total gradient norm of order ${p} is ${total}; some gradient holds NaN or Infinity`,
    );
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) {
    for (const g of grads) {
      if (g.isContiguous) {
        const d = g.data as Float32Array;
        for (let k = g.offset, end = g.offset + g.size; k < end; k++) d[k] = d[k]! * coef;
      } else g.copy_(g.mul(coef));
    }
  }
  return total;
}
