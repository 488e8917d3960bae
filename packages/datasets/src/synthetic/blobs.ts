// Isotropic Gaussian blobs, as in scikit-learn's make_blobs: one cluster per class around a centre that
// is either given or drawn uniformly from a box.
import { checkFinite, checkInt, DatasetError } from "../errors";
import { createRng } from "../random";
import type { LabelledSet } from "../types";
import { assemble } from "./assemble";

export interface BlobsOptions {
  /** Total number of points, split as evenly as possible over the classes. Default 300. */
  n?: number;
  /** Number of classes (centres drawn uniformly from `box`), or explicit centres, one per class. Default 3. */
  centers?: number | readonly (readonly number[])[];
  /** Feature dimension when `centers` is a number. Default 2. */
  dims?: number;
  /** Standard deviation of every blob along every axis. Default 1. */
  std?: number;
  /** Range [lo, hi] each coordinate of a random centre is drawn from. Default [-10, 10]. */
  box?: readonly [number, number];
  /** PRNG seed. Default 0. */
  seed?: number;
}

export interface BlobsSet extends LabelledSet {
  /** The centre of each class, [numClasses][dims]. */
  readonly centers: readonly (readonly number[])[];
}

/** Gaussian blobs: x [n, dims], y [n] in 0..k−1, plus the centres used. */
export function makeBlobs(options: BlobsOptions = {}): BlobsSet {
  const { n = 300, centers = 3, dims = 2, std = 1, box = [-10, 10], seed = 0 } = options;
  checkFinite("makeBlobs", "std", std, 0);
  const rng = createRng(seed);
  let mus: number[][];
  if (typeof centers === "number") {
    checkInt("makeBlobs", "centers", centers, 1);
    checkInt("makeBlobs", "dims", dims, 1);
    checkFinite("makeBlobs", "box[0]", box[0]);
    checkFinite("makeBlobs", "box[1]", box[1], box[0]);
    mus = Array.from({ length: centers }, () =>
      Array.from({ length: dims }, () => rng.uniform(box[0], box[1])),
    );
  } else {
    const d = centers[0]?.length ?? 0;
    if (centers.length === 0 || d === 0) {
      throw new DatasetError(
        "INVALID_ARGUMENT",
        "makeBlobs: centers must hold at least one non-empty centre",
      );
    }
    centers.forEach((c, i) => {
      if (c.length !== d) {
        throw new DatasetError(
          "SHAPE_MISMATCH",
          `makeBlobs: centre ${i} has ${c.length} coordinates but centre 0 has ${d}`,
        );
      }
      c.forEach((v, j) => {
        checkFinite("makeBlobs", `centers[${i}][${j}]`, v);
      });
    });
    mus = centers.map((c) => [...c]);
  }
  const k = mus.length;
  checkInt("makeBlobs", "n", n, k);
  const points: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    points.push(mus[c]!.map((mu) => rng.normal(mu, std)));
    labels.push(c);
  }
  return { ...assemble(points, labels, k, rng), centers: mus };
}
