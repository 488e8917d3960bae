// layerNorm and rmsNorm over the trailing `normalizedShape` dims (Ba et al. 2016; Zhang & Sennrich 2019).
// LayerNorm uses the biased variance, as PyTorch. RMSNorm's eps defaults to float32's machine epsilon,
// as torch.nn.RMSNorm with eps=None.
import { formatShape, ShapeError, type Tensor } from "@paramlens/tensor";

/** float32 machine epsilon (2^-23), torch.finfo(torch.float32).eps */
export const FLOAT32_EPS = 2 ** -23;

function normDims(op: string, x: Tensor, normalizedShape: readonly number[]): number[] {
  const k = normalizedShape.length;
  const tail = x.shape.slice(x.ndim - k);
  if (x.ndim < k || tail.some((d, i) => d !== normalizedShape[i])) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      op,
      [x.shape, normalizedShape],
      `input's trailing dimensions must equal normalizedShape ${formatShape(normalizedShape)}`,
    );
  }
  return Array.from({ length: k }, (_, i) => x.ndim - k + i);
}

/** x [..., *normalizedShape] → same shape: (x − mean) / √(var + eps) · weight + bias */
export function layerNorm(
  x: Tensor,
  normalizedShape: readonly number[],
  weight?: Tensor | null,
  bias?: Tensor | null,
  eps = 1e-5,
): Tensor {
  const dims = normDims("layerNorm", x, normalizedShape);
  const mean = x.mean(dims, true);
  const centered = x.sub(mean);
  const variance = centered.mul(centered).mean(dims, true);
  let y = centered.div(variance.add(eps).sqrt());
  if (weight) y = y.mul(weight);
  if (bias) y = y.add(bias);
  return y;
}

/** x [..., *normalizedShape] → same shape: x / √(mean(x²) + eps) · weight */
export function rmsNorm(
  x: Tensor,
  normalizedShape: readonly number[],
  weight?: Tensor | null,
  eps?: number | null,
): Tensor {
  const dims = normDims("rmsNorm", x, normalizedShape);
  const ms = x.mul(x).mean(dims, true);
  const y = x.div(ms.add(eps ?? FLOAT32_EPS).sqrt());
  return weight ? y.mul(weight) : y;
}
