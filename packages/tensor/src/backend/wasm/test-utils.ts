// Test helpers for the wasm kernels: a seeded PRNG, float64 reference loops and tolerance checks.
// Only imported by *.test.ts files; not part of the public API.
import { expect } from "vitest";

/** Deterministic uniform floats in [lo, hi) (mulberry32), already rounded to f32. */
export function randomF32(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = lo + (hi - lo) * u;
  }
  return out;
}

/** f32 unit roundoff, 2^-24. */
export const U = 2 ** -24;

/**
 * Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise (expected in float64), reporting the
 * first failing index.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: { rtol?: number; atol?: number | ArrayLike<number> },
  label = "",
): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  const rtol = tol.rtol ?? 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) expect.fail(`${label}[${i}]: expected NaN, got ${a}`);
      continue;
    }
    if (!Number.isFinite(e)) {
      if (a !== e) expect.fail(`${label}[${i}]: expected ${e}, got ${a}`);
      continue;
    }
    const atol = typeof tol.atol === "number" ? tol.atol : (tol.atol?.[i] ?? 0);
    const bound = atol + rtol * Math.abs(e);
    if (!(Math.abs(a - e) <= bound)) {
      expect.fail(`${label}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > bound ${bound})`);
    }
  }
}

/**
 * Float64 op(A)·op(B) (+ C0) with the naive triple loop, and the rigorous f32 error bound per entry:
 * γ_{k+1}·(Σ_p |a_ip·b_pj| + |c0_ij|), γ_j = j·u/(1 − j·u) (Higham, Accuracy and Stability of Numerical
 * Algorithms, 2nd ed., §3.1), valid for any summation order.
 */
export function refMatmul(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  transA = false,
  transB = false,
  c0?: Float32Array,
): { value: Float64Array; bound: Float64Array } {
  const value = new Float64Array(m * n);
  const bound = new Float64Array(m * n);
  const gamma = ((k + 1) * U) / (1 - (k + 1) * U);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = c0 ? c0[i * n + j]! : 0;
      let abs = Math.abs(s);
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i]! : a[i * k + p]!;
        const bv = transB ? b[j * k + p]! : b[p * n + j]!;
        s += av * bv;
        abs += Math.abs(av * bv);
      }
      value[i * n + j] = s;
      bound[i * n + j] = gamma * abs + 1e-30;
    }
  }
  return { value, bound };
}
