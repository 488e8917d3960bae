// Two interleaving half circles ("moons"), as in scikit-learn's make_moons: class 0 on the upper unit
// arc centred at (0, 0), class 1 on the lower unit arc centred at (1, 0.5), plus Gaussian noise.
import { checkFinite, checkInt } from "../errors";
import { createRng } from "../random";
import type { LabelledSet } from "../types";
import { assemble } from "./assemble";

export interface MoonsOptions {
  /** Number of points; class 0 gets floor(n / 2), class 1 the rest. Default 200. */
  n?: number;
  /** Standard deviation of Gaussian noise added to each coordinate. Default 0.1. */
  noise?: number;
  /** PRNG seed. Default 0. */
  seed?: number;
}

/** Centres of the two arcs: class 0 ⊂ circle(0, 0; r=1) upper half, class 1 ⊂ circle(1, 0.5; r=1) lower half. */
export const MOON_CENTERS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 0.5],
];

/** Two moons: x [n, 2], y [n] in {0, 1}. Angles are evenly spaced over [0, π] like scikit-learn's. */
export function makeMoons(options: MoonsOptions = {}): LabelledSet {
  const { n = 200, noise = 0.1, seed = 0 } = options;
  checkInt("makeMoons", "n", n, 2);
  checkFinite("makeMoons", "noise", noise, 0);
  const rng = createRng(seed);
  const nOuter = Math.floor(n / 2);
  const points: number[][] = [];
  const labels: number[] = [];
  for (const [label, count] of [
    [0, nOuter],
    [1, n - nOuter],
  ] as const) {
    for (let j = 0; j < count; j++) {
      const t = count === 1 ? 0 : (Math.PI * j) / (count - 1);
      // Outer arc: (cos t, sin t). Inner arc: (1 − cos t, 0.5 − sin t), i.e. centred at (1, 0.5), flipped.
      const px = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
      const py = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      points.push([px + rng.normal(0, noise), py + rng.normal(0, noise)]);
      labels.push(label);
    }
  }
  return assemble(points, labels, 2, rng);
}
