// The role of each unit's bias: how large it is next to the unit's typical pre-activation over a dataset.
// For a Linear or Conv2d layer with output z = Wx + b, reports per unit (output neuron / channel) the bias,
// the mean |z| over inputs and positions, and |b| / mean|z|: near 1 the bias dominates the unit (a ReLU
// after it is then mostly on or mostly off whatever the input), near 0 the weights do. Forward only.
import type { AnyModule } from "@paramlens/nn";
import { noGrad, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { hookLayerOutput, resolveLayer, withHooks } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize } from "./prepare";

export interface LayerBiasRole {
  layer: string;
  /** [units] the bias of each output unit */
  bias: number[];
  /** [units] mean |z| of the unit's output (pre-activation) over inputs and positions */
  meanAbsPreActivation: number[];
  /** [units] |bias| / mean |z| (Infinity when mean |z| is 0 and the bias is not) */
  ratio: number[];
}

const BIAS_ROLE_KEYS: OptionKeys<{ internalBatchSize?: number }> = { internalBatchSize: true };

export function biasRole(
  model: ModelLike,
  layers: readonly string[],
  inputs: Tensor,
  options: { internalBatchSize?: number } = {},
): LayerBiasRole[] {
  const op = "biasRole";
  checkOptions(op, options, BIAS_ROLE_KEYS);
  const f = toForwardFn(op, model);
  if (inputs.ndim < 1 || inputs.shape[0] === 0)
    throw new AttributionError("BAD_INPUT", op, "inputs must be a non-empty batch [N, ...]");
  const batch = internalBatchSize(op, options.internalBatchSize);
  const mods: AnyModule[] = layers.map((name) => resolveLayer(op, model, name));
  const biases = mods.map((m, i) => {
    const b = (m as unknown as { bias?: Tensor | null }).bias;
    if (b?.ndim !== 1) {
      throw new AttributionError("BAD_OPTION", op, `layer "${layers[i]}" (${m.typeName}) has no bias vector`);
    }
    return Array.from((b as Tensor).toTypedArray());
  });
  const sums = biases.map((b) => new Float64Array(b.length));
  const counts = biases.map(() => 0);
  const n = inputs.shape[0]!;
  for (let s = 0; s < n; s += batch) {
    const size = Math.min(batch, n - s);
    const hooks = mods.map((m, li) =>
      hookLayerOutput(op, m, (z) => {
        const units = biases[li]!.length;
        if (z.ndim < 2 || z.shape[1] !== units) {
          throw new AttributionError(
            "BAD_OUTPUT",
            op,
            `layer "${layers[li]}" output [${z.shape.join(",")}] must have its ${units} units in dim 1`,
          );
        }
        const v = z.toTypedArray();
        const inner = z.shape.slice(2).reduce((a, b) => a * b, 1);
        for (let b = 0; b < size; b++) {
          for (let u = 0; u < units; u++) {
            for (let k = 0; k < inner; k++) sums[li]![u]! += Math.abs(v[(b * units + u) * inner + k]!);
          }
        }
        counts[li]! += size * inner;
        return undefined;
      }),
    );
    withHooks(
      hooks.map((h) => h.handle),
      () => noGrad(() => f(inputs.slice(0, s, s + size))),
    );
  }
  return layers.map((layer, li) => {
    const bias = biases[li]!;
    const meanAbsPreActivation = bias.map((_, u) => sums[li]![u]! / Math.max(1, counts[li]!));
    const ratio = bias.map((b, u) => {
      const m = meanAbsPreActivation[u]!;
      return m === 0 ? (b === 0 ? 0 : Number.POSITIVE_INFINITY) : Math.abs(b) / m;
    });
    return { layer, bias, meanAbsPreActivation, ratio };
  });
}
