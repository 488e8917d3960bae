// XOR: four Gaussian clusters at the corners (±1, ±1); a point's class is 1 when its cluster's x and y
// have opposite signs, 0 otherwise — the classic set a linear model cannot separate.
import { checkFinite, checkInt } from "../errors";
import { createRng } from "../random";
import type { LabelledSet } from "../types";
import { assemble } from "./assemble";

export interface XorOptions {
  /** Number of points. Default 200. Classes differ in size by at most one; so do the four clusters. */
  n?: number;
  /** Standard deviation of the Gaussian around each corner. Default 0.1. */
  noise?: number;
  /** PRNG seed. Default 0. */
  seed?: number;
}

/** XOR set: x [n, 2], y [n] in {0, 1}. */
export function makeXor(options: XorOptions = {}): LabelledSet {
  const { n = 200, noise = 0.1, seed = 0 } = options;
  checkInt("makeXor", "n", n, 1);
  checkFinite("makeXor", "noise", noise, 0);
  const rng = createRng(seed);
  // Cluster i % 4: (+,+) and (−,−) are class 0; (+,−) and (−,+) are class 1.
  const corners = [
    [1, 1, 0],
    [1, -1, 1],
    [-1, -1, 0],
    [-1, 1, 1],
  ] as const;
  const points: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const [cx, cy, label] = corners[i % 4]!;
    points.push([rng.normal(cx, noise), rng.normal(cy, noise)]);
    labels.push(label);
  }
  return assemble(points, labels, 2, rng);
}
