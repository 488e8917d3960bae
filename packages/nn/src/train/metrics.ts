// Metrics computed from a batch's output and target: the count of correct argmax predictions for
// classification (output [N, C], int32 target [N]); nothing for other shapes (accuracy is then undefined).
import { contiguous, type Tensor } from "@paramlens/tensor";

/** Number of rows whose argmax equals the target class, or null when accuracy does not apply. */
export function correctCount(output: Tensor, target: Tensor): number | null {
  if (
    output.ndim !== 2 ||
    target.dtype !== "int32" ||
    target.ndim !== 1 ||
    target.shape[0] !== output.shape[0]
  ) {
    return null;
  }
  const [n, c] = output.shape as [number, number];
  const o = contiguous(output.detach());
  const t = contiguous(target);
  const d = o.data;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const base = o.offset + i * c;
    let best = 0;
    for (let k = 1; k < c; k++) if (d[base + k]! > d[base + best]!) best = k;
    if (best === t.data[t.offset + i]) correct++;
  }
  return correct;
}

/** Fraction of correct argmax predictions; null when output/target are not classification-shaped. */
export function accuracy(output: Tensor, target: Tensor): number | null {
  const c = correctCount(output, target);
  return c === null ? null : c / output.shape[0]!;
}
