import { describe, expect, it } from "vitest";
import { DatasetError } from "./errors";
import { createRng, shuffledIndices, shuffleInPlace } from "./random";

describe("createRng", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 20 }, () => a.next());
    const sb = Array.from({ length: 20 }, () => b.next());
    const sc = Array.from({ length: 20 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });

  it("has uniform and normal moments within 5 standard errors", () => {
    const rng = createRng(7);
    const n = 200_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    for (let i = 0; i < n; i++) {
      su += rng.next();
      const z = rng.normal();
      sn += z;
      sn2 += z * z;
    }
    // U(0,1): mean 1/2, sd 1/sqrt(12). N(0,1): mean 0, sd 1; var of z^2 is 2.
    expect(Math.abs(su / n - 0.5)).toBeLessThan(5 / Math.sqrt(12 * n));
    expect(Math.abs(sn / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    const shifted = createRng(1);
    let m = 0;
    for (let i = 0; i < 10_000; i++) m += shifted.normal(3, 0.5);
    expect(Math.abs(m / 10_000 - 3)).toBeLessThan(5 * (0.5 / 100));
  });

  it("int(n) covers [0, n) evenly", () => {
    const rng = createRng(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(6)]++;
    // Binomial sd = sqrt(60000 * 1/6 * 5/6) ≈ 91.
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(5 * 91.3);
    expect(() => rng.int(0)).toThrow(DatasetError);
  });

  it("rejects non-integer seeds", () => {
    expect(() => createRng(0.5)).toThrow(/seed must be an integer/);
  });
});

describe("shuffles", () => {
  it("shuffledIndices is a seeded permutation", () => {
    const p = shuffledIndices(1000, 5);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(shuffledIndices(1000, 5))).toEqual(Array.from(p));
    expect(Array.from(shuffledIndices(1000, 6))).not.toEqual(Array.from(p));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it("shuffleInPlace puts every element in every position about equally often", () => {
    const rng = createRng(11);
    const hits = Array.from({ length: 4 }, () => new Array(4).fill(0));
    for (let t = 0; t < 40_000; t++) {
      const arr = shuffleInPlace([0, 1, 2, 3], rng);
      arr.forEach((v, pos) => {
        hits[v]![pos]++;
      });
    }
    // Each cell is Binomial(40000, 1/4): sd ≈ 86.6.
    for (const row of hits) for (const h of row) expect(Math.abs(h - 10_000)).toBeLessThan(5 * 86.6);
  });
});
