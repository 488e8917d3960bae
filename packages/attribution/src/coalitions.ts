// Runs the model on coalitions: copies of an example where some feature groups keep their input values
// and the others take the baseline's. Shared by FeatureAblation, the Shapley methods and LIME, which only
// differ in which coalitions they ask for and how they weigh the answers.
import { evaluateForward } from "./evaluate";
import { type FeatureGroups, fillCoalition } from "./feature-mask";
import type { PreparedInput } from "./prepare";
import type { ForwardFn } from "./types";

/** One row: example index and, per group of that example, 1 = input value, 0 = baseline. */
export interface Coalition {
  example: number;
  present: Uint8Array;
}

/** f(coalition) for every coalition, in order. */
export function evaluateCoalitions(
  op: string,
  model: ForwardFn,
  p: PreparedInput,
  baselines: Float32Array,
  groups: FeatureGroups,
  targets: Int32Array | null,
  batch: number,
  plan: readonly Coalition[],
): Float64Array {
  const out = new Float64Array(plan.length);
  const src = {
    rows: plan.length,
    example: (r: number) => plan[r]!.example,
    fill: (r: number, dst: Float32Array, o: number) => {
      const c = plan[r]!;
      fillCoalition(dst, o, p.x, baselines, c.example, p.d, groups[c.example]!, (g) => c.present[g] === 1);
    },
  };
  evaluateForward(op, model, p.featShape, src, targets, batch, (r, v) => {
    out[r] = v;
  });
  return out;
}

/** Coalition with every group present (the input itself) or absent (the baseline). */
export function allOrNone(example: number, m: number, on: boolean): Coalition {
  return { example, present: new Uint8Array(m).fill(on ? 1 : 0) };
}
