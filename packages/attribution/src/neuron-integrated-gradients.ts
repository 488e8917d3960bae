// Neuron Integrated Gradients (as Captum's NeuronIntegratedGradients): IG of one unit of a hidden layer
// w.r.t. the input. The "model" becomes x ↦ layer(x)[neuron] (a forward hook reads the layer's output, the
// rest of the network still runs), and IntegratedGradients does the rest, batching included; completeness
// is Σ attr = neuron(x) − neuron(x0).
import type { AnyModule } from "@paramlens/nn";
import { formatShape, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { IntegratedGradients, type IntegratedGradientsOptions } from "./integrated-gradients";
import { expectLayerRan, hookLayerOutput, type LayerRef, resolveLayer, withHooks } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import type { AttributionResult, Attributor, ForwardFn } from "./types";

export interface NeuronIntegratedGradientsOptions extends Omit<IntegratedGradientsOptions, "target"> {
  /** Index of the unit in the layer's output, batch dim excluded (e.g. [channel, row, col]). Required. */
  neuron?: readonly number[];
}

const NEURON_INTEGRATED_GRADIENTS_KEYS: OptionKeys<NeuronIntegratedGradientsOptions> = {
  internalBatchSize: true,
  baselines: true,
  nSteps: true,
  method: true,
  returnConvergenceDelta: true,
  neuron: true,
};

export class NeuronIntegratedGradients implements Attributor<NeuronIntegratedGradientsOptions> {
  private readonly model: ForwardFn;
  private readonly layer: AnyModule;
  constructor(model: ModelLike, layer: LayerRef) {
    this.model = toForwardFn("NeuronIntegratedGradients", model);
    this.layer = resolveLayer("NeuronIntegratedGradients", model, layer);
  }

  attribute(input: Tensor, options: NeuronIntegratedGradientsOptions = {}): AttributionResult {
    const op = "NeuronIntegratedGradients.attribute";
    checkOptions(op, options, NEURON_INTEGRATED_GRADIENTS_KEYS);
    const { neuron, ...rest } = options;
    if (!Array.isArray(neuron) || neuron.some((v) => !Number.isInteger(v) || v < 0)) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        "neuron must be a list of non-negative integer indices into the layer output",
      );
    }
    const neuronFn: ForwardFn = (x) => {
      let value: Tensor | null = null;
      const hook = hookLayerOutput(op, this.layer, (out) => {
        const shape = out.shape.slice(1);
        if (shape.length !== neuron.length || neuron.some((v, i) => v >= shape[i]!)) {
          throw new AttributionError(
            "BAD_OPTION",
            op,
            `neuron [${neuron.join(", ")}] is not an index into the layer output ${formatShape(shape)}`,
          );
        }
        let flat = 0;
        for (let i = 0; i < shape.length; i++) flat = flat * shape[i]! + neuron[i]!;
        value = out.reshape([out.shape[0]!, -1]).select(1, flat); // [B]
        return undefined;
      });
      withHooks([hook.handle], () => {
        this.model(x);
        expectLayerRan(op, this.layer, hook.calls());
      });
      return value as unknown as Tensor;
    };
    return new IntegratedGradients(neuronFn).attribute(input, rest);
  }
}
