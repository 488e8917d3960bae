// Random windows of a token sequence for next-token prediction (nanoGPT's get_batch): inputs are
// tokens[i, i+T) and targets tokens[i+1, i+T+1) for B random start positions i.
import { checkInt, DatasetError } from "./errors";
import type { Rng } from "./random";

export interface SequenceBatch {
  /** [B, T] input ids, row-major. */
  readonly inputs: Int32Array;
  /** [B, T] target ids: the inputs shifted left by one. */
  readonly targets: Int32Array;
  readonly shape: readonly [number, number];
  /** [B] the start offset of each window. */
  readonly starts: Int32Array;
}

/** Draws `batchSize` windows of `blockSize` tokens (plus one for the target) uniformly from `tokens`. */
export function sampleSequenceBatch(
  tokens: Int32Array,
  options: { batchSize: number; blockSize: number; rng: Rng },
): SequenceBatch {
  const { batchSize, blockSize, rng } = options;
  checkInt("sampleSequenceBatch", "batchSize", batchSize, 1);
  checkInt("sampleSequenceBatch", "blockSize", blockSize, 1);
  if (tokens.length < blockSize + 1) {
    throw new DatasetError(
      "INVALID_ARGUMENT",
      `sampleSequenceBatch: blockSize ${blockSize} needs at least ${blockSize + 1} tokens, got ${tokens.length}`,
    );
  }
  const inputs = new Int32Array(batchSize * blockSize);
  const targets = new Int32Array(batchSize * blockSize);
  const starts = new Int32Array(batchSize);
  const positions = tokens.length - blockSize; // valid starts: 0..length−blockSize−1
  for (let b = 0; b < batchSize; b++) {
    const s = rng.int(positions);
    starts[b] = s;
    inputs.set(tokens.subarray(s, s + blockSize), b * blockSize);
    targets.set(tokens.subarray(s + 1, s + blockSize + 1), b * blockSize);
  }
  return { inputs, targets, shape: [batchSize, blockSize], starts };
}
