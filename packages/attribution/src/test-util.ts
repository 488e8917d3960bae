// Test helpers (not exported from the package): small models built from raw tensor ops with fixed
// weights, and approximate comparison with readable failure messages.
import { avgPool2d, conv2d, Generator, type Tensor, tensor } from "@paramlens/tensor";
import { expect } from "vitest";

/** Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol = 1e-5,
  rtol = 1e-5,
): void {
  expect(actual.length, "length").toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    expect(Math.abs(a - e), `index ${i}: got ${a}, expected ${e}`).toBeLessThanOrEqual(
      atol + rtol * Math.abs(e),
    );
  }
}

/** Fixed pseudo-random values (seeded, so tests do not depend on the global generator). */
export function fixedValues(seed: number, shape: number[], scale = 1): Tensor {
  const g = new Generator(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Array.from({ length: n }, () => g.nextNormal() * scale),
    shape,
  );
}

/** f(x) = x @ w + b: x [N, D], w [D, C], b [C] → [N, C]. */
export function linearModel(w: Tensor, b?: Tensor): (x: Tensor) => Tensor {
  return (x) => (b ? x.matmul(w).add(b) : x.matmul(w));
}

/**
 * The tiny ReLU net used for hand-computed values: f(x1, x2) = relu(x1 − x2) + 2·relu(x1 + x2 − 1),
 * x [N, 2] → [N].
 */
export function tinyRelu(x: Tensor): Tensor {
  const w = tensor([
    [1, 1],
    [-1, 1],
  ]); // [2 in, 2 hidden]
  const b = tensor([0, -1]);
  const v = tensor([[1], [2]]); // [2 hidden, 1]
  return x.matmul(w).add(b).relu().matmul(v).reshape([x.shape[0]!]);
}

/**
 * A small conv net with fixed weights: [N, 1, 6, 6] → conv 3×3 (2 channels) → tanh → avg-pool 2 →
 * flatten [N, 8] → linear → [N, 3]. Smooth (tanh) so IG quadrature converges.
 */
export function smallConvNet(): (x: Tensor) => Tensor {
  const k = fixedValues(11, [2, 1, 3, 3], 0.5);
  const kb = fixedValues(12, [2], 0.1);
  const w = fixedValues(13, [8, 3], 0.5);
  const b = fixedValues(14, [3], 0.1);
  return (x) => {
    const h = conv2d(x, k, kb).tanh(); // [N, 2, 4, 4]
    const p = avgPool2d(h, { kernelSize: 2 }); // [N, 2, 2, 2]
    return p.reshape([x.shape[0]!, 8]).matmul(w).add(b); // [N, 3]
  };
}

/** A ReLU conv net (non-smooth), same layout as smallConvNet. */
export function reluConvNet(): (x: Tensor) => Tensor {
  const k = fixedValues(21, [2, 1, 3, 3], 0.5);
  const w = fixedValues(23, [8, 3], 0.5);
  return (x) => {
    const h = conv2d(x, k).relu(); // [N, 2, 4, 4]
    const p = avgPool2d(h, { kernelSize: 2 }); // [N, 2, 2, 2]
    return p.reshape([x.shape[0]!, 8]).matmul(w); // [N, 3]
  };
}
