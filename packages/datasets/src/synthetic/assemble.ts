// Shared tail of every synthetic generator: shuffles the generated rows with the generator's own PRNG
// (so classes are interleaved) and packs them into a LabelledSet. Not exported from the package.
import type { Rng } from "../random";
import { shuffleInPlace } from "../random";
import type { LabelledSet } from "../types";

export function assemble(
  points: readonly (readonly number[])[],
  labels: readonly number[],
  numClasses: number,
  rng: Rng,
): LabelledSet {
  const n = points.length;
  const dims = points[0]?.length ?? 2;
  const order = shuffleInPlace(
    Array.from({ length: n }, (_, i) => i),
    rng,
  );
  const x = new Float32Array(n * dims);
  const y = new Int32Array(n);
  order.forEach((src, dst) => {
    x.set(points[src]!, dst * dims);
    y[dst] = labels[src]!;
  });
  return { x, xShape: [n, dims], y, numClasses };
}
