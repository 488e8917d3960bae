// The `reduction` option shared by every loss ("mean" | "sum" | "none"), as in torch.nn.functional.
import { mean, sum, type Tensor } from "@paramlens/tensor";
import { LossError } from "./errors";

export type Reduction = "mean" | "sum" | "none";

export function checkReduction(loss: string, reduction: unknown): Reduction {
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "none") {
    throw new LossError(
      "OPTION",
      `${loss}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`,
    );
  }
  return reduction;
}

/** Applies a reduction to an elementwise loss tensor. */
export function reduce(loss: string, x: Tensor, reduction: Reduction | undefined): Tensor {
  const r = checkReduction(loss, reduction ?? "mean");
  if (r === "none") return x;
  return r === "sum" ? sum(x) : mean(x);
}

export function sameShapeOrThrow(loss: string, input: Tensor, target: Tensor): void {
  if (input.shape.length !== target.shape.length || input.shape.some((s, i) => s !== target.shape[i])) {
    throw new LossError(
      "SHAPE",
      `${loss}: input [${input.shape.join(",")}] and target [${target.shape.join(",")}] must have the same shape`,
    );
  }
  if (input.dtype !== "float32" || target.dtype !== "float32") {
    throw new LossError(
      "DTYPE",
      `${loss}: input and target must be float32, got ${input.dtype} and ${target.dtype}`,
    );
  }
}
