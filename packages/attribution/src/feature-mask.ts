// Feature masks for the perturbation methods: an integer id per input element (broadcast to the input,
// NumPy rules), so elements sharing an id are switched on and off together — superpixels, channels of a
// pixel, words. Without a mask every element is its own feature. Groups are listed by ascending id.
import { broadcastTo, formatShape, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import type { PreparedInput } from "./prepare";

/** Per example: its feature groups, each the flat element indices (within the example) it covers. */
export type FeatureGroups = number[][][];

export function featureGroups(op: string, mask: Tensor | undefined, p: PreparedInput): FeatureGroups {
  const { n, d } = p;
  if (mask === undefined) {
    const one = Array.from({ length: d }, (_, k) => [k]);
    return Array.from({ length: n }, () => one);
  }
  let ids: ArrayLike<number>;
  try {
    ids = broadcastTo(mask, p.shape).toTypedArray();
  } catch {
    throw new AttributionError(
      "BAD_MASK",
      op,
      `featureMask ${formatShape(mask.shape)} does not broadcast to input ${formatShape(p.shape)}`,
    );
  }
  const out: FeatureGroups = [];
  for (let i = 0; i < n; i++) {
    const byId = new Map<number, number[]>();
    for (let k = 0; k < d; k++) {
      const id = ids[i * d + k]!;
      if (!Number.isInteger(id)) {
        throw new AttributionError("BAD_MASK", op, `featureMask values must be integers, got ${id}`);
      }
      let g = byId.get(id);
      if (g === undefined) {
        g = [];
        byId.set(id, g);
      }
      g.push(k);
    }
    out.push([...byId.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g));
  }
  return out;
}

/** Writes example i with the groups where present(g) taken from x and the rest from the baseline. */
export function fillCoalition(
  dst: Float32Array,
  o: number,
  x: Float32Array,
  baselines: Float32Array,
  i: number,
  d: number,
  groups: number[][],
  present: (g: number) => boolean,
): void {
  dst.set(baselines.subarray(i * d, (i + 1) * d), o);
  for (let g = 0; g < groups.length; g++) {
    if (!present(g)) continue;
    for (const k of groups[g]!) dst[o + k] = x[i * d + k]!;
  }
}

/** Spreads one value per group over the group's elements: [N·D]. */
export function spreadToElements(groups: FeatureGroups, values: Float64Array[], d: number): Float32Array {
  const out = new Float32Array(groups.length * d);
  groups.forEach((gs, i) => {
    gs.forEach((g, j) => {
      for (const k of g) out[i * d + k] = values[i]![j]!;
    });
  });
  return out;
}
