// Next-token training data for fit(): overlapping windows of a token sequence (inputs [N, T], targets the
// same windows shifted by one) and the matching loss, cross-entropy over every position of [B, T, V] logits.
import { Tensor } from "@paramlens/tensor";
import { crossEntropy } from "../losses/cross-entropy";
import type { TensorDataset } from "./data";
import { TrainingError } from "./errors";

/** Windows starting every `stride` tokens: x = tokens[s, s+T), y = tokens[s+1, s+T+1). */
export function windowDataset(tokens: Int32Array, blockSize: number, stride = blockSize): TensorDataset {
  if (!Number.isInteger(blockSize) || blockSize < 1 || !Number.isInteger(stride) || stride < 1) {
    throw new TrainingError(
      "OPTION",
      `windowDataset: blockSize ${blockSize} and stride ${stride} must be positive integers`,
    );
  }
  if (tokens.length < blockSize + 1) {
    throw new TrainingError(
      "DATA",
      `windowDataset: ${tokens.length} tokens cannot fill one window of ${blockSize} + 1`,
    );
  }
  const n = Math.floor((tokens.length - blockSize - 1) / stride) + 1;
  const x = new Int32Array(n * blockSize);
  const y = new Int32Array(n * blockSize);
  for (let i = 0; i < n; i++) {
    const s = i * stride;
    x.set(tokens.subarray(s, s + blockSize), i * blockSize);
    y.set(tokens.subarray(s + 1, s + blockSize + 1), i * blockSize);
  }
  return { x: new Tensor(x, [n, blockSize]), y: new Tensor(y, [n, blockSize]) };
}

/** Mean next-token cross-entropy (nats) of logits [B, T, V] against targets [B, T]. */
export function languageModelLoss(logits: Tensor, targets: Tensor): Tensor {
  const v = logits.shape[logits.ndim - 1]!;
  return crossEntropy(logits.reshape([-1, v]), targets.reshape([-1]));
}
