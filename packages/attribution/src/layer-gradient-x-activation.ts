// LayerGradientXActivation (as Captum's): a layer's activation times the gradient of the target output
// with respect to it, A ⊙ ∂y/∂A, layer-shaped — Input × Gradient one layer in. With
// `multiplyByInputs: false` it is the plain layer gradient ∂y/∂A (Captum's multiply_by_inputs=False).
import type { AnyModule } from "@paramlens/nn";
import { type Tensor, tensor } from "@paramlens/tensor";
import { type LayerRef, resolveLayer } from "./layer";
import { evaluateLayerGradients } from "./layer-gradients";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveTargets } from "./prepare";
import type { AttributionResult, Attributor, CommonAttributeOptions, ForwardFn } from "./types";

export interface LayerGradientXActivationOptions extends CommonAttributeOptions {
  /** Multiply the gradient by the activation; default true (as Captum). */
  multiplyByInputs?: boolean;
}

const KEYS: OptionKeys<LayerGradientXActivationOptions> = {
  target: true,
  internalBatchSize: true,
  multiplyByInputs: true,
};

export class LayerGradientXActivation implements Attributor<LayerGradientXActivationOptions> {
  private readonly model: ForwardFn;
  private readonly layer: AnyModule;
  constructor(model: ModelLike, layer: LayerRef) {
    this.model = toForwardFn("LayerGradientXActivation", model);
    this.layer = resolveLayer("LayerGradientXActivation", model, layer);
  }

  /** attributions: [N, ...L], shaped like the layer output. */
  attribute(input: Tensor, options: LayerGradientXActivationOptions = {}): AttributionResult {
    const op = "LayerGradientXActivation.attribute";
    checkOptions(op, options, KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const multiply = options.multiplyByInputs ?? true;
    let out: Float32Array | null = null;
    let layerShape: readonly number[] = [];
    evaluateLayerGradients(
      op,
      this.model,
      this.layer,
      {
        rows: p.n,
        example: (r) => r,
        input: (s, size) => tensor(p.x.subarray(s * p.d, (s + size) * p.d), [size, ...p.featShape]),
      },
      targets,
      batch,
      (r, a, g, o, shape) => {
        const l = shape.reduce((u, v) => u * v, 1);
        if (out === null) {
          layerShape = shape;
          out = new Float32Array(p.n * l);
        }
        for (let j = 0; j < l; j++) out[r * l + j] = multiply ? a[o + j]! * g[o + j]! : g[o + j]!;
      },
    );
    return { attributions: tensor(out as unknown as Float32Array, [p.n, ...layerShape]) };
  }
}
