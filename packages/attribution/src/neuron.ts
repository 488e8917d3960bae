// The neuron methods' shared step: turn (model, layer, neuron index) into a model x ↦ layer(x)[neuron], one
// value per example, so any input-attribution method explains that hidden unit (as Captum's Neuron*
// classes do). The layer's output is read as its call returns it; the rest of the network still runs. When the
// model is an nn Module the result keeps its `namedModules`, so the hook-based methods (DeepLift, guided
// backprop, deconvolution) still find the model's ReLU / Tanh / MaxPool2d modules.
import type { AnyModule } from "@paramlens/nn";
import { formatShape, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { expectLayerRan } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import type { ForwardFn } from "./types";

/** Checks `neuron` (an index into one example's layer output, e.g. [channel, row, col]) and returns it. */
export function checkNeuron(op: string, neuron: unknown): readonly number[] {
  if (
    !Array.isArray(neuron) ||
    neuron.length === 0 ||
    neuron.some((v) => typeof v !== "number" || !Number.isInteger(v) || v < 0)
  ) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      "neuron must be a list of non-negative integer indices into the layer output",
    );
  }
  return neuron as readonly number[];
}

/** x ↦ layer(x)[:, ...neuron] as a model: [N, ...F] → [N]. */
export function neuronModel(
  op: string,
  model: ModelLike,
  layer: AnyModule,
  neuron: readonly number[],
): ModelLike {
  const forward = toForwardFn(op, model);
  const fn: ForwardFn = (x) => {
    let value: Tensor | null = null;
    let calls = 0;
    // The unit is read from what layer.call returns, i.e. after the module's own backward-hook routing,
    // so a method that hooks the layer itself (DeepLift's rescale rule on a Sigmoid or MaxPool2d that is
    // the neuron's layer) still applies its rule to the unit's gradient, as Captum's tensor hooks do. A
    // forward hook would see the output before that routing. The wrapper is an own property of the layer
    // for the length of this forward pass only.
    const target = layer as unknown as { call: (...args: unknown[]) => unknown };
    const original = target.call;
    const hadOwn = Object.hasOwn(target, "call");
    target.call = (...args: unknown[]) => {
      const out = original.apply(layer, args);
      calls++;
      if (calls > 1) {
        throw new AttributionError(
          "BAD_OPTION",
          op,
          `layer ${layer.typeName} ran ${calls} times in one forward; pick a layer used once`,
        );
      }
      if (out === null || typeof out !== "object" || !("shape" in (out as object))) {
        throw new AttributionError("BAD_OUTPUT", op, `layer ${layer.typeName} must output one tensor`);
      }
      const t = out as Tensor;
      const shape = t.shape.slice(1);
      if (shape.length !== neuron.length || neuron.some((v, i) => v >= shape[i]!)) {
        throw new AttributionError(
          "BAD_OPTION",
          op,
          `neuron [${neuron.join(", ")}] is not an index into the layer output ${formatShape(shape)}`,
        );
      }
      let flat = 0;
      for (let i = 0; i < shape.length; i++) flat = flat * shape[i]! + neuron[i]!;
      value = t.reshape([t.shape[0]!, -1]).select(1, flat); // [B]
      return out;
    };
    try {
      forward(x);
    } finally {
      if (hadOwn) target.call = original;
      else delete (target as { call?: unknown }).call;
    }
    expectLayerRan(op, layer, calls);
    return value as unknown as Tensor;
  };
  const root = model as unknown as AnyModule;
  if (root !== null && typeof root === "object" && typeof root.namedModules === "function") {
    return { call: fn, forward: fn, namedModules: () => root.namedModules() } as unknown as ModelLike;
  }
  return fn;
}
