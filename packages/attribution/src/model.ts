// Accepts the model as a plain function or as a module-like object, and checks it once in the
// constructor so a typo fails at construction, not deep inside a method. A @paramlens/nn Module is run
// through `call` (which runs its hooks, as PyTorch's __call__), other objects through `forward`.
import type { Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import type { ForwardFn } from "./types";

/** A function from tensor to tensor, or an object whose call/forward is one (e.g. an nn Module). */
export type ModelLike = ForwardFn | { forward(input: Tensor): unknown; call?(input: Tensor): unknown };

export function toForwardFn(op: string, model: ModelLike): ForwardFn {
  if (typeof model === "function") return model;
  if (model !== null && typeof model === "object") {
    if (typeof model.call === "function") return (x) => model.call!(x) as Tensor;
    if (typeof model.forward === "function") return (x) => model.forward(x) as Tensor;
  }
  throw new AttributionError(
    "BAD_OPTION",
    op,
    "model must be a function (Tensor) => Tensor or have a call/forward method",
  );
}
