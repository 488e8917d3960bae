// Internal Influence (Leino et al. 2018, arXiv:1802.03788; as Captum's InternalInfluence): the gradient
// of the target output with respect to a layer, integrated along the straight input path
// x0 + α(x − x0):  ∫₀¹ ∂F/∂A(x0 + α(x − x0)) dα,  by the same rules as Integrated Gradients
// (`method`, default Gauss–Legendre). Layer-shaped; unlike Layer IG nothing is multiplied by ΔA.
import type { AnyModule } from "@paramlens/nn";
import { type Tensor, tensor } from "@paramlens/tensor";
import { type LayerRef, resolveLayer } from "./layer";
import { evaluateLayerGradients } from "./layer-gradients";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveBaselines, resolveTargets } from "./prepare";
import { type IntegrationMethod, pathRule } from "./quadrature";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions, ForwardFn } from "./types";

export interface InternalInfluenceOptions extends CommonAttributeOptions {
  /** Start of the input path; default 0. */
  baselines?: Baselines;
  /** Points on the path; default 50. */
  nSteps?: number;
  /** Quadrature rule; default "gausslegendre" (as Captum). */
  method?: IntegrationMethod;
}

const KEYS: OptionKeys<InternalInfluenceOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  nSteps: true,
  method: true,
};

export class InternalInfluence implements Attributor<InternalInfluenceOptions> {
  private readonly model: ForwardFn;
  private readonly layer: AnyModule;
  constructor(model: ModelLike, layer: LayerRef) {
    this.model = toForwardFn("InternalInfluence", model);
    this.layer = resolveLayer("InternalInfluence", model, layer);
  }

  /** attributions: [N, ...L], shaped like the layer output. */
  attribute(input: Tensor, options: InternalInfluenceOptions = {}): AttributionResult {
    const op = "InternalInfluence.attribute";
    checkOptions(op, options, KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const { alphas, weights } = pathRule(options.method ?? "gausslegendre", options.nSteps ?? 50, op);
    const { n, d, x } = p;
    let integral: Float64Array | null = null; // Σ_s w_s ∂F/∂A(α_s), [N·L]
    let layerShape: readonly number[] = [];
    evaluateLayerGradients(
      op,
      this.model,
      this.layer,
      {
        rows: n * alphas.length,
        example: (r) => r % n,
        input: (s, size) => {
          const data = new Float32Array(size * d);
          for (let k = 0; k < size; k++) {
            const a = alphas[Math.floor((s + k) / n)]!;
            const i = (s + k) % n;
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
      (r, _a, g, o, shape) => {
        const l = shape.reduce((u, v) => u * v, 1);
        if (integral === null) {
          layerShape = shape;
          integral = new Float64Array(n * l);
        }
        const w = weights[Math.floor(r / n)]!;
        const i = r % n;
        for (let j = 0; j < l; j++) integral[i * l + j]! += w * g[o + j]!;
      },
    );
    const out = Float32Array.from(integral as unknown as Float64Array);
    return { attributions: tensor(out, [n, ...layerShape]) };
  }
}
