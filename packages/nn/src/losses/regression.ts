// Regression losses: mean squared error and mean absolute error (L1), composed from tensor ops so
// their gradients come from autograd. No broadcasting between input and target (PyTorch warns on it;
// here it is an error, because a silently broadcast target is almost always a bug).
import { abs, mul, sub, type Tensor } from "@paramlens/tensor";
import { type Reduction, reduce, sameShapeOrThrow } from "./reduction";

export interface RegressionLossOptions {
  reduction?: Reduction;
}

/** (input − target)², reduced. */
export function mseLoss(input: Tensor, target: Tensor, options: RegressionLossOptions = {}): Tensor {
  sameShapeOrThrow("mseLoss", input, target);
  const d = sub(input, target);
  return reduce("mseLoss", mul(d, d), options.reduction);
}

/** |input − target|, reduced. Its gradient at exactly 0 is 0 (sign(0)), as in PyTorch. */
export function l1Loss(input: Tensor, target: Tensor, options: RegressionLossOptions = {}): Tensor {
  sameShapeOrThrow("l1Loss", input, target);
  return reduce("l1Loss", abs(sub(input, target)), options.reduction);
}
