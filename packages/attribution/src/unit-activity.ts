// Dead and saturated units over a dataset: for each hooked layer and each unit (an index along the layer
// output's unitDim, e.g. a channel), the fraction of inputs on which the unit is inactive (every value
// ≤ threshold: a ReLU that outputs 0) and, optionally, saturated (every value ≤ low or ≥ high: tanh or
// sigmoid pinned at an end). A unit inactive on every input is dead. Forward only; hooks removed after.
import type { AnyModule, RemovableHandle } from "@paramlens/nn";
import { formatShape, noGrad, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { hookLayerOutput, resolveLayer, withHooks } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize } from "./prepare";

export interface UnitActivityOptions {
  internalBatchSize?: number;
  /** A value ≤ threshold counts as off; default 0 (ReLU). */
  threshold?: number;
  /** Also report saturation: a value ≤ low or ≥ high counts as saturated (e.g. −0.99 / 0.99 for tanh). */
  saturation?: { low: number; high: number };
  /** Dim of the layer output (batch = 0) that indexes units; default 1 (channels / hidden units). */
  unitDim?: number;
}

export interface LayerUnitActivity {
  layer: string;
  /** Per-example output shape of the layer. */
  shape: number[];
  /** [units] fraction of inputs on which the unit was off everywhere. */
  fractionInactive: number[];
  /** Units off on every input. */
  dead: number[];
  /** [units] fraction of inputs on which the unit was saturated everywhere (when `saturation` is given). */
  fractionSaturated?: number[];
  /** Units saturated on every input. */
  alwaysSaturated?: number[];
}

const UNIT_ACTIVITY_KEYS: OptionKeys<UnitActivityOptions> = {
  internalBatchSize: true,
  threshold: true,
  saturation: true,
  unitDim: true,
};

export function unitActivity(
  model: ModelLike,
  layers: readonly string[],
  inputs: Tensor,
  options: UnitActivityOptions = {},
): LayerUnitActivity[] {
  const op = "unitActivity";
  checkOptions(op, options, UNIT_ACTIVITY_KEYS);
  const f = toForwardFn(op, model);
  if (inputs.ndim < 1 || inputs.shape[0] === 0)
    throw new AttributionError("BAD_INPUT", op, "inputs must be a non-empty batch [N, ...]");
  const batch = internalBatchSize(op, options.internalBatchSize);
  const threshold = options.threshold ?? 0;
  const sat = options.saturation;
  if (sat && !(sat.low < sat.high))
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `saturation.low (${sat.low}) must be below high (${sat.high})`,
    );
  const unitDim = options.unitDim ?? 1;
  const mods: AnyModule[] = layers.map((name) => resolveLayer(op, model, name));
  const n = inputs.shape[0]!;
  const stats = layers.map(() => ({ shape: [] as number[], off: [] as number[], sat: [] as number[] }));
  for (let s = 0; s < n; s += batch) {
    const size = Math.min(batch, n - s);
    const hooks = mods.map((m, li) =>
      hookLayerOutput(op, m, (out) => {
        record(li, out, size);
        return undefined;
      }),
    );
    const handles: RemovableHandle[] = hooks.map((h) => h.handle);
    withHooks(handles, () => noGrad(() => f(inputs.slice(0, s, s + size))));
    hooks.forEach((h, li) => {
      if (h.calls() === 0)
        throw new AttributionError("BAD_OPTION", op, `layer "${layers[li]}" did not run during the forward`);
    });
  }

  function record(li: number, out: Tensor, size: number): void {
    if (out.shape[0] !== size || unitDim < 1 || unitDim >= out.ndim) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `layer "${layers[li]}" output ${formatShape(out.shape)}: unitDim ${unitDim} must index a non-batch dim (batch ${size} first)`,
      );
    }
    const st = stats[li]!;
    const shape = out.shape.slice(1);
    const units = out.shape[unitDim]!;
    if (st.off.length === 0) {
      st.shape = shape;
      st.off = new Array(units).fill(0);
      st.sat = new Array(units).fill(0);
    }
    const v = out.float().toTypedArray();
    const per = v.length / size;
    const inner = out.shape.slice(unitDim + 1).reduce((a, b) => a * b, 1);
    const outer = per / (units * inner);
    for (let b = 0; b < size; b++) {
      for (let u = 0; u < units; u++) {
        let allOff = true;
        let allSat = true;
        for (let o = 0; o < outer; o++) {
          for (let k = 0; k < inner; k++) {
            const x = v[b * per + (o * units + u) * inner + k]!;
            if (x > threshold) allOff = false;
            if (!sat || (x > sat.low && x < sat.high)) allSat = false;
          }
        }
        if (allOff) st.off[u]!++;
        if (allSat) st.sat[u]!++;
      }
    }
  }

  return layers.map((layer, li) => {
    const st = stats[li]!;
    const r: LayerUnitActivity = {
      layer,
      shape: st.shape,
      fractionInactive: st.off.map((c) => c / n),
      dead: st.off.flatMap((c, u) => (c === n ? [u] : [])),
    };
    if (sat) {
      r.fractionSaturated = st.sat.map((c) => c / n);
      r.alwaysSaturated = st.sat.flatMap((c, u) => (c === n ? [u] : []));
    }
    return r;
  });
}
