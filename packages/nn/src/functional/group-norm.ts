// groupNorm over [N, C, *] input (Wu & He 2018, "Group Normalization"): the C channels are split into
// numGroups groups, each (sample, group) is normalized over its channels and spatial positions with the
// biased variance, then a per-channel weight and bias are applied, as torch.nn.functional.group_norm.
// Composed from tensor ops (reshape, mean, sub, div, sqrt), so it is differentiable to any order.
import { ShapeError, type Tensor } from "@paramlens/tensor";

/** x [N, C, *] → same shape: per (n, group) (x − mean) / √(var + eps), then · weight[c] + bias[c]. */
export function groupNorm(
  x: Tensor,
  numGroups: number,
  weight?: Tensor | null,
  bias?: Tensor | null,
  eps = 1e-5,
): Tensor {
  if (x.ndim < 2) {
    throw new ShapeError("RANK", "groupNorm", [x.shape], "input must be [N, C, *] (at least 2-d)");
  }
  const [n, c] = x.shape as [number, number];
  if (!Number.isInteger(numGroups) || numGroups < 1 || c % numGroups !== 0) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      "groupNorm",
      [x.shape],
      `${c} channels do not split into numGroups ${String(numGroups).slice(0, 100)} equal groups`,
    );
  }
  for (const [name, p] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (p && (p.ndim !== 1 || p.shape[0] !== c)) {
      throw new ShapeError(
        "SHAPE_MISMATCH",
        "groupNorm",
        [x.shape, p.shape],
        `${name} must be [${c}] (one per channel)`,
      );
    }
  }
  const grouped = x.reshape([n, numGroups, -1]); // [N, G, C/G · spatial]
  const mean = grouped.mean(2, true); // [N, G, 1]
  const centered = grouped.sub(mean);
  const variance = centered.mul(centered).mean(2, true);
  let y = centered.div(variance.add(eps).sqrt()).reshape(x.shape);
  // per-channel affine: [C] viewed as [C, 1, …] to broadcast over the spatial dims
  const perChannel = [c, ...x.shape.slice(2).map(() => 1)];
  if (weight) y = y.mul(weight.reshape(perChannel));
  if (bias) y = y.add(bias.reshape(perChannel));
  return y;
}
