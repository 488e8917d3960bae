// Seeded mini-batching for a LabelledSet: a generator of batches (optionally shuffled, optionally dropping
// the last short batch), plus row selection and a seeded train/test split. Plain typed arrays only.
import { checkInt, DatasetError } from "./errors";
import { shuffledIndices } from "./random";
import type { LabelledSet } from "./types";

export interface Batch {
  /** [B, ...sampleShape], row-major. */
  readonly x: Float32Array;
  readonly xShape: readonly number[];
  /** [B] */
  readonly y: Int32Array;
  /** Which rows of the source set this batch holds. */
  readonly indices: Int32Array;
}

export interface BatchOptions {
  batchSize: number;
  /** Shuffle the order of samples (a new permutation from `seed`). Default true. */
  shuffle?: boolean;
  /** Seed of the shuffle; use e.g. `baseSeed + epoch` for a different order every epoch. Default 0. */
  seed?: number;
  /** Drop the last batch if it is smaller than batchSize. Default false. */
  dropLast?: boolean;
}

/** Checks that `x`, `xShape`, `y` and `numClasses` agree; returns N and the per-sample size. */
export function checkLabelledSet(
  set: LabelledSet,
  op = "checkLabelledSet",
): { n: number; sampleSize: number } {
  const n = set.xShape[0];
  if (n === undefined) throw new DatasetError("SHAPE_MISMATCH", `${op}: xShape must not be empty`);
  const sampleSize = set.xShape.slice(1).reduce((a, b) => a * b, 1);
  if (set.x.length !== n * sampleSize) {
    throw new DatasetError(
      "SHAPE_MISMATCH",
      `${op}: xShape [${set.xShape.join(", ")}] holds ${n * sampleSize} values but x has ${set.x.length}`,
    );
  }
  if (set.y.length !== n) {
    throw new DatasetError("COUNT_MISMATCH", `${op}: x has ${n} samples but y has ${set.y.length} labels`);
  }
  for (let i = 0; i < n; i++) {
    const label = set.y[i]!;
    if (label < 0 || label >= set.numClasses) {
      throw new DatasetError(
        "BAD_LABEL",
        `${op}: label ${label} at index ${i} is outside 0..${set.numClasses - 1} (numClasses ${set.numClasses})`,
      );
    }
  }
  return { n, sampleSize };
}

/** The rows `indices` of `set`, copied, in that order. */
export function selectRows(set: LabelledSet, indices: ArrayLike<number>): LabelledSet {
  const { n, sampleSize } = checkLabelledSet(set, "selectRows");
  return gatherRows(set, indices, n, sampleSize);
}

// selectRows without re-validating the whole set (batches() validates once per pass).
function gatherRows(
  set: LabelledSet,
  indices: ArrayLike<number>,
  n: number,
  sampleSize: number,
): LabelledSet {
  const x = new Float32Array(indices.length * sampleSize);
  const y = new Int32Array(indices.length);
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b]!;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new DatasetError(
        "INVALID_ARGUMENT",
        `selectRows: index ${i} at position ${b} is outside 0..${n - 1}`,
      );
    }
    x.set(set.x.subarray(i * sampleSize, (i + 1) * sampleSize), b * sampleSize);
    y[b] = set.y[i]!;
  }
  return { x, xShape: [indices.length, ...set.xShape.slice(1)], y, numClasses: set.numClasses };
}

/** Number of batches `batches(set, options)` yields for a set of `n` samples. */
export function batchCount(n: number, batchSize: number, dropLast = false): number {
  checkInt("batchCount", "n", n, 0);
  checkInt("batchCount", "batchSize", batchSize, 1);
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/** Yields mini-batches of `set`. Every sample appears exactly once per pass (unless dropped by dropLast). */
export function* batches(set: LabelledSet, options: BatchOptions): Generator<Batch> {
  const { n, sampleSize } = checkLabelledSet(set, "batches");
  const { batchSize, shuffle = true, seed = 0, dropLast = false } = options;
  const count = batchCount(n, batchSize, dropLast);
  let order: Int32Array;
  if (shuffle) {
    order = shuffledIndices(n, seed);
  } else {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
  }
  for (let b = 0; b < count; b++) {
    const indices = order.slice(b * batchSize, Math.min(n, (b + 1) * batchSize));
    const rows = gatherRows(set, indices, n, sampleSize);
    yield { x: rows.x, xShape: rows.xShape, y: rows.y, indices };
  }
}

/** Splits `set` into train and test parts with a seeded shuffle; `testFraction` of the samples go to test. */
export function trainTestSplit(
  set: LabelledSet,
  options: { testFraction: number; seed?: number },
): { train: LabelledSet; test: LabelledSet } {
  const { n } = checkLabelledSet(set, "trainTestSplit");
  const { testFraction, seed = 0 } = options;
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new DatasetError(
      "INVALID_ARGUMENT",
      `trainTestSplit: testFraction must be in (0, 1), got ${testFraction}`,
    );
  }
  const order = shuffledIndices(n, seed);
  const nTest = Math.round(n * testFraction);
  return { train: selectRows(set, order.subarray(nTest)), test: selectRows(set, order.subarray(0, nTest)) };
}
