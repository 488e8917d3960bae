// LayerActivation: a layer's output for every example (feature maps of a conv layer, hidden units of a
// linear one), captured with a forward hook that is removed afterwards. No gradients.
import type { Tensor } from "@paramlens/tensor";
import { tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { type LayerRef, resolveLayer } from "./layer";
import { layerOutputs } from "./layer-gradients";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions } from "./options";
import { internalBatchSize } from "./prepare";
import type { ForwardFn } from "./types";

export class LayerActivation {
  private readonly model: ForwardFn;
  private readonly layer: ReturnType<typeof resolveLayer>;
  constructor(model: ModelLike, layer: LayerRef) {
    this.model = toForwardFn("LayerActivation", model);
    this.layer = resolveLayer("LayerActivation", model, layer);
  }

  /** [N, ...L] the layer's output for each example of input [N, ...]. */
  attribute(input: Tensor, options: { internalBatchSize?: number } = {}): Tensor {
    const op = "LayerActivation.attribute";
    checkOptions(op, options, { internalBatchSize: true });
    if (input.ndim < 1 || input.shape[0] === 0)
      throw new AttributionError("BAD_INPUT", op, "input must be a non-empty batch [N, ...]");
    const batch = internalBatchSize(op, options.internalBatchSize);
    const n = input.shape[0]!;
    const { values, shape } = layerOutputs(
      op,
      this.model,
      this.layer,
      n,
      (s, size) => input.slice(0, s, s + size),
      batch,
    );
    return tensor(values, [n, ...shape]);
  }
}
