import { describe, expect, it } from "vitest";
import { checkLabelledSet } from "../batches";
import type { LabelledSet } from "../types";
import { makeBlobs } from "./blobs";
import { MOON_CENTERS, makeMoons } from "./moons";
import { makeSpirals } from "./spirals";
import { makeXor } from "./xor";

function classCounts(set: LabelledSet): number[] {
  const counts = new Array(set.numClasses).fill(0);
  for (const label of set.y) counts[label]++;
  return counts;
}

const point = (set: LabelledSet, i: number): [number, number] => [set.x[2 * i]!, set.x[2 * i + 1]!];

describe("makeXor", () => {
  it("has the right shape, balanced classes, and labels given by the quadrant", () => {
    const set = makeXor({ n: 401, noise: 0.1, seed: 1 });
    checkLabelledSet(set);
    expect(set.xShape).toEqual([401, 2]);
    const [c0, c1] = classCounts(set);
    expect(Math.abs(c0! - c1!)).toBeLessThanOrEqual(1);
    for (let i = 0; i < 401; i++) {
      const [px, py] = point(set, i);
      // With noise 0.1 a point crossing an axis is a 10-sigma event.
      expect(px * py < 0 ? 1 : 0).toBe(set.y[i]);
    }
  });

  it("is deterministic under a seed", () => {
    expect(makeXor({ seed: 5 })).toEqual(makeXor({ seed: 5 }));
    expect(Array.from(makeXor({ seed: 5 }).x)).not.toEqual(Array.from(makeXor({ seed: 6 }).x));
  });

  it("rejects bad parameters", () => {
    expect(() => makeXor({ n: 0 })).toThrow(/makeXor: n must be an integer >= 1, got 0/);
    expect(() => makeXor({ noise: -1 })).toThrow(/noise must be a finite number >= 0, got -1/);
  });
});

describe("makeMoons", () => {
  it("puts noiseless points exactly on their arcs", () => {
    const set = makeMoons({ n: 101, noise: 0, seed: 0 });
    expect(set.xShape).toEqual([101, 2]);
    expect(classCounts(set)).toEqual([50, 51]);
    for (let i = 0; i < 101; i++) {
      const [px, py] = point(set, i);
      const label = set.y[i]!;
      const [cx, cy] = MOON_CENTERS[label]!;
      expect(Math.hypot(px - cx, py - cy)).toBeCloseTo(1, 5);
      // Class 0 is the upper half of its circle, class 1 the lower half of its own.
      if (label === 0) expect(py).toBeGreaterThanOrEqual(-1e-6);
      else expect(py).toBeLessThanOrEqual(0.5 + 1e-6);
    }
  });

  it("keeps noisy points near their arcs (mean distance error ≈ noise · sqrt(2/π))", () => {
    const noise = 0.05;
    const set = makeMoons({ n: 2000, noise, seed: 3 });
    let err = 0;
    for (let i = 0; i < 2000; i++) {
      const [px, py] = point(set, i);
      const [cx, cy] = MOON_CENTERS[set.y[i]!]!;
      err += Math.abs(Math.hypot(px - cx, py - cy) - 1);
    }
    // The radial component of 2-D N(0, σ²) noise is N(0, σ²); E|N(0, σ²)| = σ·sqrt(2/π) ≈ 0.04.
    expect(err / 2000).toBeGreaterThan(0.8 * noise * Math.sqrt(2 / Math.PI));
    expect(err / 2000).toBeLessThan(1.2 * noise * Math.sqrt(2 / Math.PI));
    expect(makeMoons({ n: 30, seed: 2 })).toEqual(makeMoons({ n: 30, seed: 2 }));
  });

  it("rejects bad parameters", () => {
    expect(() => makeMoons({ n: 1 })).toThrow(/n must be an integer >= 2, got 1/);
    expect(() => makeMoons({ noise: Number.NaN })).toThrow(/noise must be a finite number/);
  });
});

describe("makeSpirals", () => {
  it("puts noiseless points on their arm: radius in (0, 1] and angle 2πc/k + 2π·turns·r", () => {
    const classes = 4;
    const turns = 1.5;
    const set = makeSpirals({ n: 402, classes, turns, noise: 0, seed: 0 });
    expect(set.xShape).toEqual([402, 2]);
    expect(set.numClasses).toBe(4);
    expect(classCounts(set)).toEqual([101, 101, 100, 100]);
    for (let i = 0; i < 402; i++) {
      const [px, py] = point(set, i);
      const r = Math.hypot(px, py);
      expect(r).toBeGreaterThan(0);
      expect(r).toBeLessThanOrEqual(1 + 1e-6);
      const expected = (2 * Math.PI * set.y[i]!) / classes + 2 * Math.PI * turns * r;
      // Compare angles on the circle: the difference must be a multiple of 2π.
      const diff = Math.atan2(py, px) - expected;
      expect(Math.abs(Math.atan2(Math.sin(diff), Math.cos(diff)))).toBeLessThan(1e-4);
    }
  });

  it("is deterministic, and noise moves points off the arm", () => {
    expect(makeSpirals({ seed: 4 })).toEqual(makeSpirals({ seed: 4 }));
    const noisy = makeSpirals({ n: 300, classes: 3, noise: 0.2, seed: 4 });
    let moved = 0;
    for (let i = 0; i < 300; i++) {
      const [px, py] = point(noisy, i);
      const r = Math.hypot(px, py);
      const diff = Math.atan2(py, px) - ((2 * Math.PI * noisy.y[i]!) / 3 + 2 * Math.PI * r);
      if (Math.abs(Math.atan2(Math.sin(diff), Math.cos(diff))) > 0.01) moved++;
    }
    expect(moved).toBeGreaterThan(250);
  });

  it("rejects bad parameters", () => {
    expect(() => makeSpirals({ classes: 1 })).toThrow(/classes must be an integer >= 2, got 1/);
    expect(() => makeSpirals({ n: 2, classes: 3 })).toThrow(/n must be an integer >= 3, got 2/);
  });
});

describe("makeBlobs", () => {
  it("draws each class around its centre with the requested spread", () => {
    const centers = [
      [0, 0, 0],
      [5, -5, 2],
    ];
    const std = 0.5;
    const n = 4000;
    const set = makeBlobs({ n, centers, std, seed: 8 });
    expect(set.xShape).toEqual([n, 3]);
    expect(classCounts(set)).toEqual([2000, 2000]);
    for (let c = 0; c < 2; c++) {
      for (let d = 0; d < 3; d++) {
        let s = 0;
        let s2 = 0;
        for (let i = 0; i < n; i++) {
          if (set.y[i] !== c) continue;
          const v = set.x[3 * i + d]!;
          s += v;
          s2 += v * v;
        }
        const mean = s / 2000;
        const sd = Math.sqrt(s2 / 2000 - mean * mean);
        expect(Math.abs(mean - centers[c]![d]!)).toBeLessThan((5 * std) / Math.sqrt(2000));
        expect(Math.abs(sd - std)).toBeLessThan(0.05);
      }
    }
  });

  it("draws random centres inside the box, deterministically", () => {
    const set = makeBlobs({ n: 50, centers: 5, dims: 4, box: [-2, 3], seed: 1 });
    expect(set.centers).toHaveLength(5);
    for (const c of set.centers) {
      expect(c).toHaveLength(4);
      for (const v of c) expect(v >= -2 && v < 3).toBe(true);
    }
    expect(makeBlobs({ seed: 1 })).toEqual(makeBlobs({ seed: 1 }));
    expect(makeBlobs({ seed: 1 }).centers).not.toEqual(makeBlobs({ seed: 2 }).centers);
  });

  it("rejects bad parameters", () => {
    expect(() => makeBlobs({ centers: [[0, 0], [1]] })).toThrow(
      /centre 1 has 1 coordinates but centre 0 has 2/,
    );
    expect(() => makeBlobs({ centers: [] })).toThrow(/at least one non-empty centre/);
    expect(() => makeBlobs({ std: -0.1 })).toThrow(/std must be a finite number >= 0/);
    expect(() => makeBlobs({ n: 2, centers: 3 })).toThrow(/n must be an integer >= 3, got 2/);
  });
});
