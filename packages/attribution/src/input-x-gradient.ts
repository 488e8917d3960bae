// Input × Gradient (Shrikumar et al. 2016, arXiv:1605.01713): x ⊙ ∂y/∂x. For a linear model this is each
// feature's exact contribution w_i x_i. No baseline, no convergence delta.
import type { Tensor } from "@paramlens/tensor";
import { evaluateGradients, rowsOf } from "./evaluate";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveTargets } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, CommonAttributeOptions, ForwardFn } from "./types";

export type InputXGradientOptions = CommonAttributeOptions;

const INPUT_X_GRADIENT_KEYS: OptionKeys<InputXGradientOptions> = { target: true, internalBatchSize: true };

export class InputXGradient implements Attributor<InputXGradientOptions> {
  private readonly model: ForwardFn;
  constructor(model: ModelLike) {
    this.model = toForwardFn("InputXGradient", model);
  }

  attribute(input: Tensor, options: InputXGradientOptions = {}): AttributionResult {
    const op = "InputXGradient.attribute";
    checkOptions(op, options, INPUT_X_GRADIENT_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const out = new Float32Array(p.n * p.d);
    evaluateGradients(op, this.model, p.featShape, rowsOf(p.x, p.n, p.d), targets, batch, (r, _v, g, o) => {
      for (let k = 0; k < p.d; k++) out[r * p.d + k] = p.x[r * p.d + k]! * g[o + k]!;
    });
    return { attributions: tensorFrom(out, p.shape) };
  }
}
