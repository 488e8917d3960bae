// Saliency (Simonyan et al. 2014, arXiv:1312.6034): the gradient of the target output w.r.t. the input,
// by default its absolute value (as Captum). One backward pass per chunk of examples.
import type { Tensor } from "@paramlens/tensor";
import { evaluateGradients, rowsOf } from "./evaluate";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveTargets } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, CommonAttributeOptions, ForwardFn } from "./types";

export interface SaliencyOptions extends CommonAttributeOptions {
  /** Return |∂y/∂x| (default true) or the signed gradient. */
  abs?: boolean;
}

const SALIENCY_KEYS: OptionKeys<SaliencyOptions> = { target: true, internalBatchSize: true, abs: true };

export class Saliency implements Attributor<SaliencyOptions> {
  private readonly model: ForwardFn;
  constructor(model: ModelLike) {
    this.model = toForwardFn("Saliency", model);
  }

  attribute(input: Tensor, options: SaliencyOptions = {}): AttributionResult {
    const op = "Saliency.attribute";
    checkOptions(op, options, SALIENCY_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const abs = options.abs ?? true;
    const out = new Float32Array(p.n * p.d);
    evaluateGradients(op, this.model, p.featShape, rowsOf(p.x, p.n, p.d), targets, batch, (r, _v, g, o) => {
      for (let k = 0; k < p.d; k++) out[r * p.d + k] = abs ? Math.abs(g[o + k]!) : g[o + k]!;
    });
    return { attributions: tensorFrom(out, p.shape) };
  }
}
