// The Neuron* methods of Captum: each explains one hidden unit, layer(x)[neuron], instead of a model
// output, by running an input-attribution method on the model x ↦ layer(x)[neuron] (neuron.ts). Same
// options as the wrapped method, with `neuron` (required) in place of `target`:
//   NeuronGradient         ∂y_n/∂x (signed, as Captum's NeuronGradient)
//   NeuronGuidedBackprop   guided backprop of y_n;  NeuronDeconvolution: deconvolution of y_n
//   NeuronDeepLift         DeepLIFT of y_n (rescale rule);  NeuronDeepLiftShap: averaged over baselines
//   NeuronGradientShap     GradientSHAP of y_n
//   NeuronFeatureAblation  y_n(x) − y_n(x with a feature group at its baseline)
// Captum's `attribute_to_neuron_input` and callable neuron selectors are not supported.
import type { AnyModule } from "@paramlens/nn";
import type { Tensor } from "@paramlens/tensor";
import { DeepLift, type DeepLiftOptions } from "./deep-lift";
import { DeepLiftShap, type DeepLiftShapOptions } from "./deep-lift-shap";
import { FeatureAblation, type FeatureAblationOptions } from "./feature-ablation";
import { GradientShap, type GradientShapOptions } from "./gradient-shap";
import { Deconvolution, GuidedBackprop } from "./guided-backprop";
import { type LayerRef, resolveLayer } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import { checkNeuron, neuronModel } from "./neuron";
import { checkOptions, type OptionKeys } from "./options";
import { Saliency } from "./saliency";
import type { AttributionResult, Attributor, CommonAttributeOptions } from "./types";

/** A wrapped method's options with `target` replaced by `neuron`. */
export type NeuronOptions<O> = Omit<O, "target"> & {
  /** Index of the unit in one example's layer output (batch dim excluded), e.g. [channel, row, col]. */
  neuron?: readonly number[];
};

abstract class NeuronMethod<O extends CommonAttributeOptions> implements Attributor<NeuronOptions<O>> {
  private readonly layer: AnyModule;
  constructor(
    private readonly model: ModelLike,
    layer: LayerRef,
    private readonly name: string,
    private readonly keys: OptionKeys<NeuronOptions<O>>,
  ) {
    toForwardFn(name, model);
    this.layer = resolveLayer(name, model, layer);
  }

  protected abstract inner(model: ModelLike): Attributor<O>;

  attribute(input: Tensor, options: NeuronOptions<O> = {} as NeuronOptions<O>): AttributionResult {
    const op = `${this.name}.attribute`;
    checkOptions(op, options, this.keys);
    const { neuron, ...rest } = options;
    const f = neuronModel(op, this.model, this.layer, checkNeuron(op, neuron));
    return this.inner(f).attribute(input, rest as unknown as O);
  }
}

const BASE = { internalBatchSize: true, neuron: true } as const;

export class NeuronGradient extends NeuronMethod<CommonAttributeOptions> {
  constructor(model: ModelLike, layer: LayerRef) {
    super(model, layer, "NeuronGradient", BASE);
  }
  protected inner(model: ModelLike): Attributor<CommonAttributeOptions> {
    const saliency = new Saliency(model);
    return { attribute: (x, o) => saliency.attribute(x, { ...o, abs: false }) };
  }
}

export class NeuronGuidedBackprop extends NeuronMethod<CommonAttributeOptions> {
  constructor(model: ModelLike, layer: LayerRef) {
    super(model, layer, "NeuronGuidedBackprop", BASE);
  }
  protected inner(model: ModelLike): Attributor<CommonAttributeOptions> {
    return new GuidedBackprop(model);
  }
}

export class NeuronDeconvolution extends NeuronMethod<CommonAttributeOptions> {
  constructor(model: ModelLike, layer: LayerRef) {
    super(model, layer, "NeuronDeconvolution", BASE);
  }
  protected inner(model: ModelLike): Attributor<CommonAttributeOptions> {
    return new Deconvolution(model);
  }
}

export class NeuronDeepLift extends NeuronMethod<DeepLiftOptions> {
  constructor(model: ModelLike, layer: LayerRef) {
    super(model, layer, "NeuronDeepLift", {
      ...BASE,
      baselines: true,
      returnConvergenceDelta: true,
      multiplyByInputs: true,
    });
  }
  protected inner(model: ModelLike): Attributor<DeepLiftOptions> {
    return new DeepLift(model);
  }
}

export class NeuronDeepLiftShap extends NeuronMethod<DeepLiftShapOptions> {
  constructor(model: ModelLike, layer: LayerRef) {
    super(model, layer, "NeuronDeepLiftShap", {
      ...BASE,
      baselines: true,
      returnConvergenceDelta: true,
      multiplyByInputs: true,
    });
  }
  protected inner(model: ModelLike): Attributor<DeepLiftShapOptions> {
    return new DeepLiftShap(model);
  }
}

export class NeuronGradientShap extends NeuronMethod<GradientShapOptions> {
  constructor(model: ModelLike, layer: LayerRef) {
    super(model, layer, "NeuronGradientShap", {
      ...BASE,
      baselines: true,
      nSamples: true,
      stdevs: true,
      seed: true,
      returnConvergenceDelta: true,
      multiplyByInputs: true,
    });
  }
  protected inner(model: ModelLike): Attributor<GradientShapOptions> {
    return new GradientShap(model);
  }
}

export class NeuronFeatureAblation extends NeuronMethod<FeatureAblationOptions> {
  constructor(model: ModelLike, layer: LayerRef) {
    super(model, layer, "NeuronFeatureAblation", { ...BASE, baselines: true, featureMask: true });
  }
  protected inner(model: ModelLike): Attributor<FeatureAblationOptions> {
    return new FeatureAblation(model);
  }
}
