// LayerGradientShap (as Captum's): GradientSHAP with respect to a layer's output A. For each example,
// nSamples draws of a baseline x0 from a distribution [B, ...F], α ~ U[0, 1) and optional input noise ε;
// the attribution is the mean of ∂F/∂A(x0 + α(x' − x0)) ⊙ (A(x') − A(x0)) with x' = x + ε (Captum's
// LayerInputBaselineXGradient under a SmoothGrad noise tunnel). Layer-shaped. Seeded with our own
// generator, so the draws differ from Captum's (the expectation is the same).
import type { AnyModule } from "@paramlens/nn";
import { Generator, type Tensor, tensor } from "@paramlens/tensor";
import { checkDistribution } from "./gradient-shap";
import { type LayerRef, resolveLayer } from "./layer";
import { evaluateLayerGradients, layerOutputs } from "./layer-gradients";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, nonNegative, positiveInt, prepareInput, resolveTargets } from "./prepare";
import type { AttributionResult, Attributor, CommonAttributeOptions, ForwardFn } from "./types";

export interface LayerGradientShapOptions extends CommonAttributeOptions {
  /** Reference distribution [B, ...F] of the input. Required. */
  baselines?: Tensor;
  /** Draws per example; default 5 (as Captum). */
  nSamples?: number;
  /** Standard deviation of Gaussian noise added to the input; default 0. */
  stdevs?: number;
  /** Seed for the draws; default 0. */
  seed?: number;
  /** Multiply by A(x') − A(x0); default true. */
  multiplyByInputs?: boolean;
}

const KEYS: OptionKeys<LayerGradientShapOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  nSamples: true,
  stdevs: true,
  seed: true,
  multiplyByInputs: true,
};

export class LayerGradientShap implements Attributor<LayerGradientShapOptions> {
  private readonly model: ForwardFn;
  private readonly layer: AnyModule;
  constructor(model: ModelLike, layer: LayerRef) {
    this.model = toForwardFn("LayerGradientShap", model);
    this.layer = resolveLayer("LayerGradientShap", model, layer);
  }

  /** attributions: [N, ...L], shaped like the layer output. */
  attribute(input: Tensor, options: LayerGradientShapOptions = {}): AttributionResult {
    const op = "LayerGradientShap.attribute";
    checkOptions(op, options, KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const nSamples = positiveInt(op, "nSamples", options.nSamples, 5);
    const stdevs = nonNegative(op, "stdevs", options.stdevs, 0);
    const ref = checkDistribution(op, options.baselines, p.featShape);
    const multiply = options.multiplyByInputs ?? true;
    const { n, d, x } = p;
    const nRef = ref.length / d;
    const rows = n * nSamples; // row r = draw r mod nSamples of example ⌊r / nSamples⌋
    const gen = new Generator(options.seed ?? 0);
    const noisy = new Float32Array(rows * d);
    const base = new Float32Array(rows * d);
    const alpha = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const i = Math.floor(r / nSamples);
      const b = gen.nextInt(0, nRef);
      alpha[r] = gen.nextFloat();
      for (let k = 0; k < d; k++) {
        noisy[r * d + k] = stdevs === 0 ? x[i * d + k]! : x[i * d + k]! + stdevs * gen.nextNormal();
        base[r * d + k] = ref[b * d + k]!;
      }
    }
    const rowsOf = (data: Float32Array) => (s: number, size: number) =>
      tensor(data.slice(s * d, (s + size) * d), [size, ...p.featShape]);
    const ax = layerOutputs(op, this.model, this.layer, rows, rowsOf(noisy), batch);
    const ab = layerOutputs(op, this.model, this.layer, rows, rowsOf(base), batch);
    const l = ax.values.length / rows;
    const sum = new Float64Array(n * l);
    evaluateLayerGradients(
      op,
      this.model,
      this.layer,
      {
        rows,
        example: (r) => Math.floor(r / nSamples),
        input: (s, size) => {
          const data = new Float32Array(size * d);
          for (let k = 0; k < size; k++) {
            const r = s + k;
            const a = alpha[r]!;
            for (let j = 0; j < d; j++) {
              const b = base[r * d + j]!;
              data[k * d + j] = b + a * (noisy[r * d + j]! - b);
            }
          }
          return tensor(data, [size, ...p.featShape]);
        },
      },
      targets,
      batch,
      (r, _a, g, o) => {
        const i = Math.floor(r / nSamples);
        for (let j = 0; j < l; j++) {
          const delta = ax.values[r * l + j]! - ab.values[r * l + j]!;
          sum[i * l + j]! += multiply ? g[o + j]! * delta : g[o + j]!;
        }
      },
    );
    const out = new Float32Array(n * l);
    for (let j = 0; j < n * l; j++) out[j] = sum[j]! / nSamples;
    return { attributions: tensor(out, [n, ...ax.shape]) };
  }
}
