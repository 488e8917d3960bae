// Neuron Conductance (Dhamdhere et al. 2018, arXiv:1805.12233; as Captum's NeuronConductance): how much
// of the target output's Integrated Gradients flows through one hidden unit y_n, split over the inputs:
//   cond_i = (x_i − x0_i) · ∫₀¹ ∂F/∂y_n(α) · ∂y_n/∂x_i(α) dα   on the path x0 + α(x − x0),
// by the rules of quadrature.ts (default "riemann_trapezoid", Captum's default for this method). Two
// passes over the same path points: ∂F/∂(layer) picks ∂F/∂y_n, and the neuron model (neuron.ts) gives
// ∂y_n/∂x. `multiplyByInputs: false` drops the (x − x0) factor.
import type { AnyModule } from "@paramlens/nn";
import { type Tensor, tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { evaluateGradients } from "./evaluate";
import { type LayerRef, resolveLayer } from "./layer";
import { evaluateLayerGradients } from "./layer-gradients";
import { type ModelLike, toForwardFn } from "./model";
import { checkNeuron, neuronModel } from "./neuron";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveBaselines, resolveTargets } from "./prepare";
import { type IntegrationMethod, pathRule } from "./quadrature";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions } from "./types";

export interface NeuronConductanceOptions extends CommonAttributeOptions {
  /** Index of the unit in one example's layer output (batch dim excluded). Required. */
  neuron?: readonly number[];
  /** Start of the input path; default 0. */
  baselines?: Baselines;
  /** Points on the path; default 50. */
  nSteps?: number;
  /** Quadrature rule; default "riemann_trapezoid" (Captum's default for NeuronConductance). */
  method?: IntegrationMethod;
  /** Multiply by (x − x0); default true. */
  multiplyByInputs?: boolean;
}

const KEYS: OptionKeys<NeuronConductanceOptions> = {
  target: true,
  internalBatchSize: true,
  neuron: true,
  baselines: true,
  nSteps: true,
  method: true,
  multiplyByInputs: true,
};

export class NeuronConductance implements Attributor<NeuronConductanceOptions> {
  private readonly layer: AnyModule;
  constructor(
    private readonly model: ModelLike,
    layer: LayerRef,
  ) {
    toForwardFn("NeuronConductance", model);
    this.layer = resolveLayer("NeuronConductance", model, layer);
  }

  /** attributions: shaped like the input. */
  attribute(input: Tensor, options: NeuronConductanceOptions = {}): AttributionResult {
    const op = "NeuronConductance.attribute";
    checkOptions(op, options, KEYS);
    const neuron = checkNeuron(op, options.neuron);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const { alphas, weights } = pathRule(options.method ?? "riemann_trapezoid", options.nSteps ?? 50, op);
    const { n, d, x } = p;
    const rows = n * alphas.length; // row r = point ⌊r / N⌋ of example r mod N
    const point = (r: number, dst: Float32Array, o: number): void => {
      const a = alphas[Math.floor(r / n)]!;
      const i = r % n;
      for (let k = 0; k < d; k++) {
        const b = baselines[i * d + k]!;
        dst[o + k] = b + a * (x[i * d + k]! - b);
      }
    };
    // pass 1: ∂F/∂y_n at every path point
    const dFdy = new Float64Array(rows);
    evaluateLayerGradients(
      op,
      toForwardFn(op, this.model),
      this.layer,
      {
        rows,
        example: (r) => r % n,
        input: (s, size) => {
          const data = new Float32Array(size * d);
          for (let k = 0; k < size; k++) point(s + k, data, k * d);
          return tensor(data, [size, ...p.featShape]);
        },
      },
      targets,
      batch,
      (r, _a, g, o, shape) => {
        if (shape.length !== neuron.length || neuron.some((v, i) => v >= shape[i]!)) {
          throw new AttributionError(
            "BAD_OPTION",
            op,
            `neuron [${neuron.join(", ")}] is not an index into the layer output [${shape.join(", ")}]`,
          );
        }
        let flat = 0;
        for (let i = 0; i < shape.length; i++) flat = flat * shape[i]! + neuron[i]!;
        dFdy[r] = g[o + flat]!;
      },
    );
    // pass 2: ∂y_n/∂x at the same points, weighted by w_s · ∂F/∂y_n
    const f = toForwardFn(op, neuronModel(op, this.model, this.layer, neuron));
    const total = new Float64Array(n * d);
    evaluateGradients(
      op,
      f,
      p.featShape,
      { rows, example: (r) => r % n, fill: point },
      null,
      batch,
      (r, _v, g, o) => {
        const c = weights[Math.floor(r / n)]! * dFdy[r]!;
        const i = r % n;
        for (let k = 0; k < d; k++) total[i * d + k]! += c * g[o + k]!;
      },
    );
    const multiply = options.multiplyByInputs ?? true;
    const out = new Float64Array(n * d);
    for (let j = 0; j < n * d; j++) out[j] = multiply ? total[j]! * (x[j]! - baselines[j]!) : total[j]!;
    return { attributions: tensorFrom(out, p.shape) };
  }
}
