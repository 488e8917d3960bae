// Seedable pseudo-random numbers: xoshiro128** (Blackman & Vigna, https://prng.di.unimi.it/) seeded by
// splitmix32, so manualSeed(n) makes every run bit-identical across Node and browsers. Not cryptographic.
// One global generator drives rand/randn/randint/randperm/dropout; a Generator can also be used alone.

/** A xoshiro128** stream. */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Resets the stream; the same seed always gives the same sequence. */
  seed(seed: number): void {
    if (!Number.isFinite(seed)) throw new RangeError(`manualSeed: seed must be a finite number, got ${seed}`);
    // splitmix32 expands one 32-bit seed into four non-zero state words.
    let x = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spare = null;
  }

  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 24 random bits, so every value is exactly representable in float32. */
  nextFloat(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** Standard normal by the Box-Muller transform; the second value of each pair is kept for the next call. */
  nextNormal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u1 = ((this.nextUint32() >>> 8) + 1) / 16777216; // (0, 1]: log(u1) is finite
    const u2 = (this.nextUint32() >>> 8) / 16777216;
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [low, high) without modulo bias (rejection sampling). */
  nextInt(low: number, high: number): number {
    const range = high - low;
    if (range <= 0) throw new RangeError(`randint: high (${high}) must be greater than low (${low})`);
    if (range > 2 ** 32) throw new RangeError(`randint: range ${range} exceeds 2^32`);
    const limit = 2 ** 32 - (2 ** 32 % range);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return low + (x % range);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The generator used by every random function in the package. */
export const defaultGenerator = new Generator(0x5eed);

/** Seeds the global generator: after manualSeed(n) every random op gives the same values on every run. */
export function manualSeed(seed: number): void {
  defaultGenerator.seed(seed);
}
