// A small seeded PRNG (mulberry32) with uniform, integer and normal draws plus a Fisher–Yates shuffle.
// It exists so datasets are reproducible without depending on @paramlens/tensor; it is not
// cryptographic and makes no claim of statistical quality beyond "good enough for toy data".
import { checkInt } from "./errors";

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Normal draw with the given mean and standard deviation (Box–Muller). */
  normal(mean?: number, std?: number): number;
}

/** Creates a PRNG from a 32-bit integer seed. The same seed always gives the same sequence. */
export function createRng(seed: number): Rng {
  checkInt("createRng", "seed", seed, -(2 ** 31), 2 ** 32 - 1);
  let state = seed >>> 0;
  let spare: number | undefined;
  // mulberry32 by Tommy Ettinger (public domain): one 32-bit state word, full 2^32 period.
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int(n) {
      checkInt("Rng.int", "n", n, 1, 2 ** 32);
      return Math.floor(next() * n);
    },
    uniform(lo, hi) {
      return lo + (hi - lo) * next();
    },
    normal(mean = 0, std = 1) {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return mean + std * z;
      }
      // 1 - next() is in (0, 1], so the log is finite.
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return mean + std * r * Math.cos(theta);
    },
  };
}

/** Shuffles `array` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(array: T, rng: Rng): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = array[i];
    array[i] = array[j];
    array[j] = tmp;
  }
  return array;
}

/** A seeded random permutation of 0..n-1. */
export function shuffledIndices(n: number, seed: number): Int32Array {
  checkInt("shuffledIndices", "n", n, 0);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return shuffleInPlace(idx, createRng(seed));
}
