// Neuron Integrated Gradients (as Captum's NeuronIntegratedGradients): IG of one unit of a hidden layer
// w.r.t. the input. The "model" becomes x ↦ layer(x)[neuron] (a forward hook reads the layer's output, the
// rest of the network still runs), and IntegratedGradients does the rest, batching included; completeness
// is Σ attr = neuron(x) − neuron(x0).
import type { AnyModule } from "@paramlens/nn";
import type { Tensor } from "@paramlens/tensor";
import { IntegratedGradients, type IntegratedGradientsOptions } from "./integrated-gradients";
import { type LayerRef, resolveLayer } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import { checkNeuron, neuronModel } from "./neuron";
import { checkOptions, type OptionKeys } from "./options";
import type { AttributionResult, Attributor } from "./types";

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
  multiplyByInputs: true,
  neuron: true,
};

export class NeuronIntegratedGradients implements Attributor<NeuronIntegratedGradientsOptions> {
  private readonly model: ModelLike;
  private readonly layer: AnyModule;
  constructor(model: ModelLike, layer: LayerRef) {
    this.model = model;
    toForwardFn("NeuronIntegratedGradients", model);
    this.layer = resolveLayer("NeuronIntegratedGradients", model, layer);
  }

  attribute(input: Tensor, options: NeuronIntegratedGradientsOptions = {}): AttributionResult {
    const op = "NeuronIntegratedGradients.attribute";
    checkOptions(op, options, NEURON_INTEGRATED_GRADIENTS_KEYS);
    const { neuron, ...rest } = options;
    const f = neuronModel(op, this.model, this.layer, checkNeuron(op, neuron));
    return new IntegratedGradients(f).attribute(input, rest);
  }
}
