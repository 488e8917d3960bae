// Binary cross-entropy on logits, the numerically stable form of torch's binary_cross_entropy_with_logits:
// (1 − y)·x + (1 + (w_pos − 1)·y)·softplus(−x), where softplus never overflows. posWeight broadcasts over
// the last dim (one weight per class), as in PyTorch.
import { add, mul, neg, softplus, sub, type Tensor } from "@paramlens/tensor";
import { LossError } from "./errors";
import { type Reduction, reduce, sameShapeOrThrow } from "./reduction";

export interface BceWithLogitsOptions {
  reduction?: Reduction;
  /** Weight of positive examples, broadcast against the input (usually [C]). */
  posWeight?: Tensor;
}

export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BceWithLogitsOptions = {},
): Tensor {
  sameShapeOrThrow("binaryCrossEntropyWithLogits", input, target);
  const sp = softplus(neg(input)); // −log σ(x)
  let logWeight: Tensor | number = 1;
  if (options.posWeight !== undefined) {
    const w = options.posWeight;
    const last = input.shape[input.ndim - 1];
    if (w.dtype !== "float32" || w.ndim > 1 || (w.ndim === 1 && w.shape[0] !== last && w.shape[0] !== 1)) {
      throw new LossError(
        "SHAPE",
        `binaryCrossEntropyWithLogits: posWeight [${w.shape.join(",")}] must be float32 [] or [${last}] for input [${input.shape.join(",")}]`,
      );
    }
    logWeight = add(mul(sub(w, 1), target), 1);
  }
  const loss = add(mul(sub(1, target), input), mul(sp, logWeight));
  return reduce("binaryCrossEntropyWithLogits", loss, options.reduction);
}
