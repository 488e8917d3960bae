// In-memory datasets for fit(): x [N, ...] and y [N, ...] tensors, batches by copying rows in a given
// order, and the seeded per-epoch permutation. The order depends only on (seed, epoch), so a resumed run
// sees the same batches. No streaming or augmentation.
import { contiguous, Generator, Tensor } from "@paramlens/tensor";
import { TrainingError } from "./errors";

export interface TensorDataset {
  /** Inputs, first dim = samples. */
  x: Tensor;
  /** Targets, first dim = samples (int32 class indices or float32 values). */
  y: Tensor;
}

export function checkDataset(where: string, d: TensorDataset): number {
  if (!d || !(d.x instanceof Tensor) || !(d.y instanceof Tensor)) {
    throw new TrainingError("DATA", `fit: ${where} must be { x: Tensor, y: Tensor }`);
  }
  const n = d.x.shape[0];
  if (d.x.ndim < 1 || d.y.ndim < 1 || n !== d.y.shape[0] || n === 0) {
    throw new TrainingError(
      "DATA",
      `fit: ${where}.x [${d.x.shape.join(",")}] and ${where}.y [${d.y.shape.join(",")}] need the same non-zero first dim`,
    );
  }
  return n!;
}

/** Rows `idx[start..end)` of t, copied into a new contiguous tensor [end − start, ...]. */
export function takeRows(t: Tensor, idx: Int32Array, start: number, end: number): Tensor {
  const c = contiguous(t.detach());
  const row = c.size / c.shape[0]!;
  const out =
    c.dtype === "int32" ? new Int32Array((end - start) * row) : new Float32Array((end - start) * row);
  for (let i = start; i < end; i++) {
    const from = c.offset + idx[i]! * row;
    out.set(c.data.subarray(from, from + row), (i - start) * row);
  }
  return new Tensor(out, [end - start, ...c.shape.slice(1)]);
}

/** Mixes two integers into a 32-bit seed (splitmix-style), so (seed, k) pairs give unrelated streams. */
export function mixSeed(seed: number, k: number): number {
  let z = (Math.trunc(seed) ^ Math.imul(k + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** The sample order of one epoch: a Fisher–Yates shuffle seeded by (seed, epoch), or 0..n−1. */
export function epochOrder(n: number, seed: number, epoch: number, shuffle: boolean): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (!shuffle) return idx;
  const gen = new Generator(mixSeed(seed, epoch));
  for (let i = n - 1; i > 0; i--) {
    const j = gen.nextInt(0, i + 1);
    const tmp = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = tmp;
  }
  return idx;
}

/** Wraps a plain-array labelled set (as @paramlens/datasets returns) as tensors, without copying. */
export function toTensorDataset(set: {
  readonly x: Float32Array;
  readonly xShape: readonly number[];
  readonly y: Int32Array;
}): TensorDataset {
  return { x: new Tensor(set.x, set.xShape), y: new Tensor(set.y, [set.y.length]) };
}
