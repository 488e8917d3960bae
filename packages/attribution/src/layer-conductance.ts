// Layer Conductance (Dhamdhere et al. 2018, arXiv:1805.12233), as Captum's LayerConductance: the flow of
// Integrated Gradients through each unit y_j of a layer,
//   cond_j = ∫₀¹ ∂F/∂y_j · dy_j/dα dα ≈ Σ_s ∂F/∂y_j(α_s) · (y_j(α_{s+1}) − y_j(α_s)),
// on the straight input path x0 + α(x − x0) at the nSteps + 1 positions α_s of `method`'s rule (Captum:
// `alphas_func(n_steps + 1)`, layer_conductance.py), default Gauss–Legendre as Captum. With
// "riemann_trapezoid" the points are s / nSteps, s = 0 … nSteps, and Σ_j cond_j = F(x) − F(x0) exactly
// when F is linear after the layer; Gauss–Legendre nodes exclude 0 and 1, so the sum then misses the
// path's two end pieces (as Captum's does).
import type { AnyModule } from "@paramlens/nn";
import { type Tensor, tensor } from "@paramlens/tensor";
import { completenessDelta } from "./integrated-gradients";
import { type LayerRef, resolveLayer } from "./layer";
import { evaluateLayerGradients } from "./layer-gradients";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, positiveInt, prepareInput, resolveBaselines, resolveTargets } from "./prepare";
import { type IntegrationMethod, pathRule } from "./quadrature";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions, ForwardFn } from "./types";

export interface LayerConductanceOptions extends CommonAttributeOptions {
  baselines?: Baselines;
  /** Path intervals; default 50 (nSteps + 1 points). */
  nSteps?: number;
  /** Where the nSteps + 1 points sit; default "gausslegendre" (as Captum). Weights are not used. */
  method?: IntegrationMethod;
  /** Also return Σ cond − (F(x) − F(x0)) per example. */
  returnConvergenceDelta?: boolean;
}

const LAYER_CONDUCTANCE_KEYS: OptionKeys<LayerConductanceOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  nSteps: true,
  method: true,
  returnConvergenceDelta: true,
};

export class LayerConductance implements Attributor<LayerConductanceOptions> {
  private readonly model: ForwardFn;
  private readonly layer: AnyModule;
  constructor(model: ModelLike, layer: LayerRef) {
    this.model = toForwardFn("LayerConductance", model);
    this.layer = resolveLayer("LayerConductance", model, layer);
  }

  /** attributions: [N, ...L], shaped like the layer output. */
  attribute(input: Tensor, options: LayerConductanceOptions = {}): AttributionResult {
    const op = "LayerConductance.attribute";
    checkOptions(op, options, LAYER_CONDUCTANCE_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const nSteps = positiveInt(op, "nSteps", options.nSteps, 50);
    const { alphas } = pathRule(options.method ?? "gausslegendre", nSteps + 1, op);
    const { n, d, x } = p;
    const points = nSteps + 1;
    // row r = point ⌊r / N⌋ of example r mod N; keep the previous point's values and gradients per example
    let l = 0;
    let prevY: Float32Array | null = null;
    let prevG: Float32Array | null = null;
    let cond: Float64Array | null = null;
    let layerShape: readonly number[] = [];
    evaluateLayerGradients(
      op,
      this.model,
      this.layer,
      {
        rows: n * points,
        example: (r) => r % n,
        input: (s, size) => {
          const data = new Float32Array(size * d);
          for (let k = 0; k < size; k++) {
            const r = s + k;
            const a = alphas[Math.floor(r / n)]!;
            const i = r % n;
            for (let j = 0; j < d; j++) {
              const b = baselines[i * d + j]!;
              data[k * d + j] = b + a * (x[i * d + j]! - b);
            }
          }
          return tensor(data, [size, ...p.featShape]);
        },
      },
      targets,
      batch,
      (r, y, g, o, shape) => {
        if (cond === null) {
          layerShape = shape;
          l = shape.reduce((a, b) => a * b, 1);
          cond = new Float64Array(n * l);
          prevY = new Float32Array(n * l);
          prevG = new Float32Array(n * l);
        }
        const i = r % n;
        const first = r < n;
        for (let j = 0; j < l; j++) {
          const yj = y[o + j]!;
          if (!first) cond![i * l + j]! += prevG![i * l + j]! * (yj - prevY![i * l + j]!);
          prevY![i * l + j] = yj;
          prevG![i * l + j] = g[o + j]!;
        }
      },
    );
    const out = Float32Array.from(cond as unknown as Float64Array);
    const result: AttributionResult = { attributions: tensor(out, [n, ...layerShape]) };
    if (options.returnConvergenceDelta) {
      // Σ over the layer instead of the input: reuse the completeness helper on per-example sums
      const sums = new Float32Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < l; j++) sums[i]! += out[i * l + j]!;
      const zeros = new Float32Array(n * d); // Σ 0 = 0: the helper then returns −(F(x) − F(x0))
      const delta = completenessDelta(op, this.model, p.featShape, x, baselines, zeros, n, targets, batch);
      result.delta = delta.map((dl, i) => dl + sums[i]!);
    }
    return result;
  }
}
