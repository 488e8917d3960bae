// Feature ablation: for each feature group, f(x) − f(x with that group set to the baseline), written to
// every element of the group. One model row per group per example, plus the unablated input.
import type { Tensor } from "@paramlens/tensor";
import { allOrNone, type Coalition, evaluateCoalitions } from "./coalitions";
import { featureGroups, spreadToElements } from "./feature-mask";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveBaselines, resolveTargets } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions, ForwardFn } from "./types";

export interface FeatureAblationOptions extends CommonAttributeOptions {
  /** Value an ablated feature takes; default 0. */
  baselines?: Baselines;
  /** Integer group id per element (broadcast to the input); default: every element alone. */
  featureMask?: Tensor;
}

const FEATURE_ABLATION_KEYS: OptionKeys<FeatureAblationOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  featureMask: true,
};

export class FeatureAblation implements Attributor<FeatureAblationOptions> {
  private readonly model: ForwardFn;
  constructor(model: ModelLike) {
    this.model = toForwardFn("FeatureAblation", model);
  }

  attribute(input: Tensor, options: FeatureAblationOptions = {}): AttributionResult {
    const op = "FeatureAblation.attribute";
    checkOptions(op, options, FEATURE_ABLATION_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const groups = featureGroups(op, options.featureMask, p);
    const plan: Coalition[] = [];
    const starts: number[] = [];
    groups.forEach((gs, i) => {
      starts.push(plan.length);
      plan.push(allOrNone(i, gs.length, true));
      for (let g = 0; g < gs.length; g++) {
        const c = allOrNone(i, gs.length, true);
        c.present[g] = 0;
        plan.push(c);
      }
    });
    const f = evaluateCoalitions(op, this.model, p, baselines, groups, targets, batch, plan);
    const values = groups.map((gs, i) => {
      const s = starts[i]!;
      return Float64Array.from(gs, (_, g) => f[s]! - f[s + 1 + g]!);
    });
    return { attributions: tensorFrom(spreadToElements(groups, values, p.d), p.shape) };
  }
}
