// Layer Integrated Gradients (as Captum's LayerIntegratedGradients): IG taken w.r.t. a layer's output
// instead of the input. With A(x) the layer's output, the path runs from A(x0) to A(x):
//   attr = (A(x) − A(x0)) ⊙ ∫₀¹ ∂f/∂A at A(x0) + α(A(x) − A(x0)) dα,
// injected by a forward hook that replaces the layer's output. This is how token models are explained:
// the input is int32 ids, the layer an Embedding, and summing attr over the embedding dim gives one score
// per token; Σ attr = f(x) − f(x0) when everything after the layer depends on the input only through it.
import type { AnyModule } from "@paramlens/nn";
import { formatShape, full, indexSelect, type Tensor, tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { outputsAtTensor } from "./evaluate-tensor";
import { type LayerRef, resolveLayer } from "./layer";
import { evaluateLayerGradients, layerOutputs } from "./layer-gradients";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, resolveTargets } from "./prepare";
import { type IntegrationMethod, pathRule } from "./quadrature";
import type { AttributionResult, Attributor, CommonAttributeOptions, ForwardFn } from "./types";

export interface LayerIntegratedGradientsOptions extends CommonAttributeOptions {
  /**
   * Reference input of the input's dtype (e.g. pad-token ids): shaped like the input [N, ...F], or one
   * example [1, ...F] used for all, or one number for all. Default 0.
   */
  baselines?: number | Tensor;
  nSteps?: number;
  method?: IntegrationMethod;
  /**
   * Multiply by (x − x0) (default true). false returns the averaged gradient / multipliers alone, Captum's
   * `multiply_by_inputs=False` ("global" attribution); a convergence delta then compares their sum, as
   * Captum's does.
   */
  multiplyByInputs?: boolean;
  returnConvergenceDelta?: boolean;
}

const LAYER_INTEGRATED_GRADIENTS_KEYS: OptionKeys<LayerIntegratedGradientsOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  nSteps: true,
  method: true,
  returnConvergenceDelta: true,
  multiplyByInputs: true,
};

export class LayerIntegratedGradients implements Attributor<LayerIntegratedGradientsOptions> {
  private readonly model: ForwardFn;
  private readonly layer: AnyModule;
  constructor(model: ModelLike, layer: LayerRef) {
    this.model = toForwardFn("LayerIntegratedGradients", model);
    this.layer = resolveLayer("LayerIntegratedGradients", model, layer);
  }

  /** attributions: [N, ...L], shaped like the layer's output. The input may be int32 (token ids). */
  attribute(input: Tensor, options: LayerIntegratedGradientsOptions = {}): AttributionResult {
    const op = "LayerIntegratedGradients.attribute";
    checkOptions(op, options, LAYER_INTEGRATED_GRADIENTS_KEYS);
    if (input.ndim < 1 || input.shape[0] === 0 || input.size === 0) {
      throw new AttributionError(
        "BAD_INPUT",
        op,
        `input must be a non-empty batch [N, ...], got ${formatShape(input.shape)}`,
      );
    }
    const n = input.shape[0]!;
    const targets = resolveTargets(op, options.target, n);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const { alphas, weights } = pathRule(options.method ?? "gausslegendre", options.nSteps ?? 50, op);
    const base = options.baselines ?? 0;
    let baseline: Tensor;
    if (typeof base === "number") {
      baseline = full(input.shape, base, { dtype: input.dtype });
    } else {
      // [N, ...F] as is; [1, ...F] is used for every example (as Captum, and our IG / DeepLift / Occlusion)
      const sameRank = base.shape.length === input.shape.length;
      const fitsRest = sameRank && base.shape.every((s, i) => i === 0 || s === input.shape[i]);
      if (base.dtype !== input.dtype || !fitsRest || (base.shape[0] !== n && base.shape[0] !== 1)) {
        throw new AttributionError(
          "BAD_BASELINE",
          op,
          `baselines ${formatShape(base.shape)} (${base.dtype}) must match input ${formatShape(input.shape)} ` +
            `(${input.dtype}) or be one example ${formatShape([1, ...input.shape.slice(1)])} of that dtype`,
        );
      }
      baseline = base.shape[0] === n ? base : indexSelect(base, 0, tensor(new Int32Array(n), [n]));
    }
    const rowsOf = (t: Tensor) => (s: number, size: number) => t.slice(0, s, s + size);
    const ax = layerOutputs(op, this.model, this.layer, n, rowsOf(input), batch);
    const ab = layerOutputs(op, this.model, this.layer, n, rowsOf(baseline), batch);
    const l = ax.values.length / n;
    if (ab.values.length !== ax.values.length) {
      throw new AttributionError(
        "BAD_OUTPUT",
        op,
        `the layer's output differs in size between input and baselines`,
      );
    }
    const integral = new Float64Array(n * l);
    evaluateLayerGradients(
      op,
      this.model,
      this.layer,
      {
        rows: n * alphas.length,
        example: (r) => r % n,
        input: (s, size) =>
          indexSelect(
            input,
            0,
            tensor(
              Int32Array.from({ length: size }, (_, k) => (s + k) % n),
              [size],
            ),
          ),
        layerValues: (s, size, shape) => {
          const got = shape.reduce((a, b) => a * b, 1);
          if (got !== l)
            throw new AttributionError(
              "BAD_OUTPUT",
              op,
              `the layer's output changed size during the path (${got} vs ${l})`,
            );
          const v = new Float32Array(size * l);
          for (let k = 0; k < size; k++) {
            const r = s + k;
            const a = alphas[Math.floor(r / n)]!;
            const i = r % n;
            for (let j = 0; j < l; j++) {
              const b = ab.values[i * l + j]!;
              v[k * l + j] = b + a * (ax.values[i * l + j]! - b);
            }
          }
          return v;
        },
      },
      targets,
      batch,
      (r, _v, g, o) => {
        const w = weights[Math.floor(r / n)]!;
        const i = r % n;
        for (let j = 0; j < l; j++) integral[i * l + j]! += w * g[o + j]!;
      },
    );
    const attr = new Float32Array(n * l);
    const multiply = options.multiplyByInputs ?? true;
    for (let j = 0; j < n * l; j++) attr[j] = integral[j]! * (multiply ? ax.values[j]! - ab.values[j]! : 1);
    const result: AttributionResult = { attributions: tensor(attr, [n, ...ax.shape]) };
    if (options.returnConvergenceDelta) {
      const fx = outputsAtTensor(op, this.model, input, targets, batch);
      const fb = outputsAtTensor(op, this.model, baseline, targets, batch);
      result.delta = Array.from({ length: n }, (_, i) => {
        let s = 0;
        for (let j = 0; j < l; j++) s += attr[i * l + j]!;
        return s - (fx[i]! - fb[i]!);
      });
    }
    return result;
  }
}
