// Accepts the model as a plain function or as anything with a `forward` method (a @paramlens/nn Module),
// and checks it once in the constructor so a typo fails at construction, not deep inside a method.
import { AttributionError } from "./errors";
import type { ForwardFn } from "./types";

/** A function from tensor to tensor, or an object whose forward is one (e.g. an nn Module). */
export type ModelLike = ForwardFn | { forward(input: import("@paramlens/tensor").Tensor): unknown };

export function toForwardFn(op: string, model: ModelLike): ForwardFn {
  if (typeof model === "function") return model;
  if (model !== null && typeof model === "object" && typeof model.forward === "function") {
    return (x) => model.forward(x) as ReturnType<ForwardFn>;
  }
  throw new AttributionError(
    "BAD_OPTION",
    op,
    "model must be a function (Tensor) => Tensor or have a forward method",
  );
}
