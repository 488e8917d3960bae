// linear(x, weight, bias): y = x Wᵀ + b with PyTorch's [out, in] weight layout, any number of batch dims.
import { add, matmul, ShapeError, type Tensor, transpose } from "@paramlens/tensor";

/** x [..., in] · weight [out, in]ᵀ (+ bias [out]) → [..., out] */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.ndim !== 2)
    throw new ShapeError("RANK", "linear", [weight.shape], "weight must be 2-d [out, in]");
  const inF = weight.shape[1]!;
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      "linear",
      [x.shape, weight.shape],
      `input's last dimension must equal in_features ${inF}`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      "linear",
      [weight.shape, bias.shape],
      `bias must be [${weight.shape[0]}]`,
    );
  }
  // [..., in] @ [in, out] → [..., out]
  const y = matmul(x, transpose(weight, 0, 1));
  return bias ? add(y, bias) : y;
}
