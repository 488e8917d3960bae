// LayerFeatureAblation (as Captum's): for each group of a layer's units, F(x) − F(x with those units of
// the layer output replaced by a baseline), written to every unit of the group; layer-shaped. Groups come
// from `layerMask` (integer ids broadcast to the layer output, as featureMask is to the input); default:
// every unit alone. One model run per group per chunk of examples, through a forward hook.
import type { AnyModule } from "@paramlens/nn";
import { formatShape, noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { selectOutputs } from "./evaluate";
import { outputsAtTensor } from "./evaluate-tensor";
import { featureGroups } from "./feature-mask";
import { expectLayerRan, hookLayerOutput, type LayerRef, resolveLayer, withHooks } from "./layer";
import { layerOutputs } from "./layer-gradients";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import {
  internalBatchSize,
  type PreparedInput,
  prepareInput,
  resolveBaselines,
  resolveTargets,
} from "./prepare";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions, ForwardFn } from "./types";

export interface LayerFeatureAblationOptions extends CommonAttributeOptions {
  /** Value an ablated unit takes: a number, or shaped like the layer output ([N, ...L], [1, ...L], [...L]). Default 0. */
  layerBaselines?: Baselines;
  /** Integer group id per layer unit, broadcast to the layer output [N, ...L]; default: each unit alone. */
  layerMask?: Tensor;
}

const KEYS: OptionKeys<LayerFeatureAblationOptions> = {
  target: true,
  internalBatchSize: true,
  layerBaselines: true,
  layerMask: true,
};

export class LayerFeatureAblation implements Attributor<LayerFeatureAblationOptions> {
  private readonly model: ForwardFn;
  private readonly layer: AnyModule;
  constructor(model: ModelLike, layer: LayerRef) {
    this.model = toForwardFn("LayerFeatureAblation", model);
    this.layer = resolveLayer("LayerFeatureAblation", model, layer);
  }

  /** attributions: [N, ...L], shaped like the layer output. */
  attribute(input: Tensor, options: LayerFeatureAblationOptions = {}): AttributionResult {
    const op = "LayerFeatureAblation.attribute";
    checkOptions(op, options, KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const { n } = p;
    const acts = layerOutputs(op, this.model, this.layer, n, (s, size) => input.slice(0, s, s + size), batch);
    const l = acts.values.length / n;
    // the layer output as a "prepared input", so baselines and masks reuse the input-side checks
    const lp: PreparedInput = { n, featShape: acts.shape, d: l, x: acts.values, shape: [n, ...acts.shape] };
    const base = resolveBaselines(op, options.layerBaselines, lp);
    const groups = featureGroups(op, options.layerMask, lp);
    const fx = outputsAtTensor(op, this.model, input, targets, batch);
    const out = new Float32Array(n * l);
    const nGroups = Math.max(...groups.map((g) => g.length));
    for (let g = 0; g < nGroups; g++) {
      for (let s = 0; s < n; s += batch) {
        const size = Math.min(batch, n - s);
        const hook = hookLayerOutput(op, this.layer, (a) => {
          if (a.size !== size * l) {
            throw new AttributionError(
              "BAD_OUTPUT",
              op,
              `the layer's output changed size (${formatShape(a.shape)} for ${size} examples)`,
            );
          }
          const v = Float32Array.from(a.float().toTypedArray() as Float32Array);
          for (let k = 0; k < size; k++) {
            const idx = groups[s + k]![g];
            if (idx === undefined) continue;
            for (const j of idx) v[k * l + j] = base[(s + k) * l + j]!;
          }
          return tensor(v, a.shape);
        });
        const t = targets === null ? null : targets.subarray(s, s + size);
        const values = withHooks([hook.handle], () =>
          noGrad(() => {
            const y = selectOutputs(op, this.model(input.slice(0, s, s + size)), size, t).toTypedArray();
            expectLayerRan(op, this.layer, hook.calls());
            return y;
          }),
        );
        for (let k = 0; k < size; k++) {
          const idx = groups[s + k]![g];
          if (idx === undefined) continue;
          const diff = fx[s + k]! - values[k]!;
          for (const j of idx) out[(s + k) * l + j] = diff;
        }
      }
    }
    return { attributions: tensor(out, [n, ...acts.shape]) };
  }
}
