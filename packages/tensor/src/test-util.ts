// Test helpers shared by the *.test.ts files (not exported from the package): gradcheck assertions and
// approximate array comparison with readable failure messages.
import { expect } from "vitest";
import { type GradcheckOptions, gradcheck } from "./autograd/gradcheck";
import type { Tensor } from "./tensor";

/** Asserts that gradcheck passes, showing the worst element on failure. */
export function expectGradcheck(
  fn: (...xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options?: GradcheckOptions,
): void {
  const r = gradcheck(fn, inputs, options);
  expect(r.ok, r.message).toBe(true);
}

/** Asserts |actual - expected| <= atol + rtol·|expected| elementwise (NaN must match NaN, ±Infinity exactly). */
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
    if (Number.isNaN(e)) {
      expect(a, `index ${i}`).toBeNaN();
    } else if (!Number.isFinite(e)) {
      expect(a, `index ${i}`).toBe(e);
    } else if (Math.abs(a - e) > atol + rtol * Math.abs(e)) {
      throw new Error(`index ${i}: got ${a}, expected ${e} (atol ${atol}, rtol ${rtol})`);
    }
  }
}
