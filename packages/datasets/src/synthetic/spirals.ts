// k interleaved spiral arms (as in the CS231n "spiral data" example): class c's point at radius r lies at
// angle 2πc/k + 2π·turns·r, with Gaussian noise added to the angle only (so the radius is exact).
import { checkFinite, checkInt } from "../errors";
import { createRng } from "../random";
import type { LabelledSet } from "../types";
import { assemble } from "./assemble";

export interface SpiralsOptions {
  /** Total number of points, split as evenly as possible over the classes. Default 300. */
  n?: number;
  /** Number of arms = classes, >= 2. Default 3. */
  classes?: number;
  /** Revolutions each arm makes from the centre (r → 0) to the rim (r = 1). Default 1. */
  turns?: number;
  /** Standard deviation of the Gaussian noise on the angle, in radians. Default 0.2. */
  noise?: number;
  /** PRNG seed. Default 0. */
  seed?: number;
}

/** Spirals: x [n, 2], y [n] in 0..classes−1. Radii are evenly spaced in (0, 1] within each arm. */
export function makeSpirals(options: SpiralsOptions = {}): LabelledSet {
  const { n = 300, classes = 3, turns = 1, noise = 0.2, seed = 0 } = options;
  checkInt("makeSpirals", "classes", classes, 2);
  checkInt("makeSpirals", "n", n, classes);
  checkFinite("makeSpirals", "turns", turns);
  checkFinite("makeSpirals", "noise", noise, 0);
  const rng = createRng(seed);
  const points: number[][] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    // Classes 0..(n % classes − 1) get one extra point.
    const m = Math.floor(n / classes) + (c < n % classes ? 1 : 0);
    for (let j = 0; j < m; j++) {
      const r = (j + 1) / m;
      const theta = (2 * Math.PI * c) / classes + 2 * Math.PI * turns * r + rng.normal(0, noise);
      points.push([r * Math.cos(theta), r * Math.sin(theta)]);
      labels.push(c);
    }
  }
  return assemble(points, labels, classes, rng);
}
