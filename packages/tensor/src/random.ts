// Seedable pseudo-random numbers: xoshiro128** (Blackman & Vigna, https://prng.di.unimi.it/) seeded by
// splitmix32, so manualSeed(n) makes every run bit-identical across Node and browsers. Not cryptographic.
// One global generator drives rand/randn/randint/randperm/dropout; a Generator can also be used alone.
// getState/setState (and getRngState/setRngState for the global one) snapshot and restore a stream exactly,
// like torch.Generator.get_state/set_state; the snapshot is plain JSON, not PyTorch's byte tensor, and
// PyTorch's streams (mt19937/Philox) are not reproduced.

/** The algorithm name a {@link GeneratorState} carries; setState refuses any other. */
export const GENERATOR_ALGORITHM = "xoshiro128**";

/**
 * A snapshot of a {@link Generator}: plain data, safe to JSON.stringify and parse back (every number is
 * an integer or a finite double, which JSON round-trips exactly).
 */
export interface GeneratorState {
  /** Always "xoshiro128**". */
  algorithm: string;
  /** The four 32-bit state words s0..s3: integers in [0, 2^32), not all zero. */
  state: number[];
  /** The second Box-Muller normal, cached for the next nextNormal() (null when none is waiting). */
  spareNormal: number | null;
}

/** Codes carried by {@link GeneratorStateError}. */
export type GeneratorStateErrorCode =
  | "NOT_OBJECT"
  | "ALGORITHM"
  | "LENGTH"
  | "WORD"
  | "ALL_ZERO"
  | "SPARE_NORMAL";

/** A state passed to setState/setRngState that no Generator could have produced. Names the field. */
export class GeneratorStateError extends Error {
  readonly code: GeneratorStateErrorCode;
  readonly op: string;
  /** The offending field of the GeneratorState: "algorithm", "state", "state[2]", "spareNormal" ("" for the whole). */
  readonly field: string;
  constructor(code: GeneratorStateErrorCode, op: string, field: string, detail: string) {
    super(`${op}: ${detail}`);
    this.name = "GeneratorStateError";
    this.code = code;
    this.op = op;
    this.field = field;
  }
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "number") return String(v);
  return v === null ? "null" : typeof v;
}

/** Checks that `value` is a GeneratorState and returns its contents as [s0, s1, s2, s3, spareNormal]. */
function parseState(op: string, value: unknown): [number, number, number, number, number | null] {
  const fail = (code: GeneratorStateErrorCode, field: string, detail: string): never => {
    throw new GeneratorStateError(code, op, field, detail);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(
      "NOT_OBJECT",
      "",
      `the state must be an object { algorithm, state, spareNormal } from getState(), got ${show(value)}`,
    );
  }
  const v = value as Record<string, unknown>;
  if (v.algorithm !== GENERATOR_ALGORITHM) {
    fail(
      "ALGORITHM",
      "algorithm",
      `algorithm must be ${JSON.stringify(GENERATOR_ALGORITHM)}, got ${show(v.algorithm)}`,
    );
  }
  const words = v.state;
  if (!Array.isArray(words) || words.length !== 4) {
    fail(
      "LENGTH",
      "state",
      `state must be an array of 4 words (xoshiro128** keeps 128 bits), got ${show(words)}`,
    );
  }
  for (let i = 0; i < 4; i++) {
    const w: unknown = (words as unknown[])[i];
    if (typeof w !== "number" || !Number.isInteger(w) || w < 0 || w >= 2 ** 32) {
      fail("WORD", `state[${i}]`, `state[${i}] must be an integer in [0, 2^32), got ${show(w)}`);
    }
  }
  const [s0, s1, s2, s3] = words as [number, number, number, number];
  // xoshiro's one forbidden state: all-zero words stay zero forever.
  if ((s0 | s1 | s2 | s3) === 0)
    fail("ALL_ZERO", "state", "state must not be all zeros (xoshiro128** would only output 0)");
  const spare = v.spareNormal;
  if (spare !== null && (typeof spare !== "number" || !Number.isFinite(spare))) {
    fail("SPARE_NORMAL", "spareNormal", `spareNormal must be a finite number or null, got ${show(spare)}`);
  }
  return [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0, spare as number | null];
}

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

  /**
   * A snapshot of the stream: after setState(snapshot), this or any Generator continues with exactly the
   * draws that followed getState(). The result is a fresh copy; changing it does not touch the generator.
   */
  getState(): GeneratorState {
    return {
      algorithm: GENERATOR_ALGORITHM,
      state: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0],
      spareNormal: this.spare,
    };
  }

  /** Restores a getState() snapshot (copied, so later changes to `state` do not leak in). */
  setState(state: GeneratorState): void {
    const [s0, s1, s2, s3, spare] = parseState("Generator.setState", state);
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    this.spare = spare;
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

/** A snapshot of the global generator (like torch.get_rng_state); see {@link Generator.getState}. */
export function getRngState(): GeneratorState {
  return defaultGenerator.getState();
}

/** Restores the global generator from a getRngState() snapshot (like torch.set_rng_state). */
export function setRngState(state: GeneratorState): void {
  parseState("setRngState", state); // so a bad state's error names the function that was called
  defaultGenerator.setState(state);
}
