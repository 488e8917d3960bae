// LayerFeatureAblation and LayerFeaturePermutation (as Captum's): for each group of a layer's units,
// F(x) − F(x with those units of the layer output replaced), written to every unit of the group;
// layer-shaped. Ablation replaces them by a baseline; permutation by the same units of another example
// of the batch (a fresh non-identity permutation per group, seeded; N ≥ 2; with N = 2 the swap). Groups
// come from `layerMask` (integer ids broadcast to the layer output, as featureMask is to the input);
// default: every unit alone. One model run per group per chunk of examples, through a forward hook.
import type { AnyModule } from "@paramlens/nn";
import { formatShape, Generator, noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { selectOutputs } from "./evaluate";
import { outputsAtTensor } from "./evaluate-tensor";
import { featureGroups } from "./feature-mask";
import { derangedOrder } from "./feature-permutation";
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
    return layerGroupEffects(op, this.model, this.layer, input, options, (lp) => {
      const base = resolveBaselines(op, options.layerBaselines, lp);
      return (i, j) => base[i * lp.d + j]!;
    });
  }
}

export interface LayerFeaturePermutationOptions extends CommonAttributeOptions {
  /** Integer group id per layer unit, broadcast to the layer output; default: each unit alone. */
  layerMask?: Tensor;
  /** Seed for the permutations; default 0. */
  seed?: number;
}

const PERMUTATION_KEYS: OptionKeys<LayerFeaturePermutationOptions> = {
  target: true,
  internalBatchSize: true,
  layerMask: true,
  seed: true,
};

export class LayerFeaturePermutation implements Attributor<LayerFeaturePermutationOptions> {
  private readonly model: ForwardFn;
  private readonly layer: AnyModule;
  constructor(model: ModelLike, layer: LayerRef) {
    this.model = toForwardFn("LayerFeaturePermutation", model);
    this.layer = resolveLayer("LayerFeaturePermutation", model, layer);
  }

  /** attributions: [N, ...L], shaped like the layer output. */
  attribute(input: Tensor, options: LayerFeaturePermutationOptions = {}): AttributionResult {
    const op = "LayerFeaturePermutation.attribute";
    checkOptions(op, options, PERMUTATION_KEYS);
    if (input.shape[0] !== undefined && input.shape[0] < 2) {
      throw new AttributionError(
        "BAD_INPUT",
        op,
        `permuting layer units needs at least 2 examples, got ${input.shape[0]}`,
      );
    }
    const gen = new Generator(options.seed ?? 0);
    const perms: Int32Array[] = [];
    return layerGroupEffects(op, this.model, this.layer, input, options, (lp) => {
      // the replacement of unit j of example i in group g: the same unit of example perm_g(i)
      return (i, j, g) => {
        while (perms.length <= g) perms.push(derangedOrder(gen, lp.n));
        return lp.x[perms[g]![i]! * lp.d + j]!;
      };
    });
  }
}

/**
 * The shared loop: F(x) − F(x with group g of the layer units replaced by value(i, j, g)) for every group,
 * written to the group's units. `makeValue` sees the layer output as a PreparedInput (values in `x`).
 */
function layerGroupEffects(
  op: string,
  model: ForwardFn,
  layer: AnyModule,
  input: Tensor,
  options: CommonAttributeOptions & { layerMask?: Tensor },
  makeValue: (lp: PreparedInput) => (example: number, unit: number, group: number) => number,
): AttributionResult {
  const p = prepareInput(op, input);
  const targets = resolveTargets(op, options.target, p.n);
  const batch = internalBatchSize(op, options.internalBatchSize);
  const { n } = p;
  const acts = layerOutputs(op, model, layer, n, (s, size) => input.slice(0, s, s + size), batch);
  const l = acts.values.length / n;
  // the layer output as a "prepared input", so baselines and masks reuse the input-side checks
  const lp: PreparedInput = { n, featShape: acts.shape, d: l, x: acts.values, shape: [n, ...acts.shape] };
  const value = makeValue(lp);
  const groups = featureGroups(op, options.layerMask, lp);
  const fx = outputsAtTensor(op, model, input, targets, batch);
  const out = new Float32Array(n * l);
  const nGroups = Math.max(...groups.map((g) => g.length));
  for (let g = 0; g < nGroups; g++) {
    for (let s = 0; s < n; s += batch) {
      const size = Math.min(batch, n - s);
      const hook = hookLayerOutput(op, layer, (a) => {
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
          for (const j of idx) v[k * l + j] = value(s + k, j, g);
        }
        return tensor(v, a.shape);
      });
      const t = targets === null ? null : targets.subarray(s, s + size);
      const values = withHooks([hook.handle], () =>
        noGrad(() => {
          const y = selectOutputs(op, model(input.slice(0, s, s + size)), size, t).toTypedArray();
          expectLayerRan(op, layer, hook.calls());
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
