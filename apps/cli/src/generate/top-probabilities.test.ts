import { describe, expect, it } from "vitest";
import { topProbabilities } from "./top-probabilities";

/** Reference: full softmax, then a stable sort of all ids (independent of the k-best insertion). */
function reference(logits: number[], k: number) {
  const m = Math.max(...logits);
  const e = logits.map((x) => Math.exp(x - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e
    .map((x, id) => ({ id, prob: x / z }))
    .sort((a, b) => b.prob - a.prob || a.id - b.id)
    .slice(0, k);
}

describe("topProbabilities", () => {
  it("matches a full softmax + sort on random logits", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 50; trial++) {
      const v = 1 + Math.floor(rand() * 200);
      const logits = Array.from({ length: v }, () => Math.round((rand() * 20 - 10) * 4) / 4); // ties happen
      const k = 1 + Math.floor(rand() * 10);
      const got = topProbabilities(Float32Array.from(logits), k);
      const want = reference(Array.from(Float32Array.from(logits)), k);
      expect(got.map((g) => g.id)).toEqual(want.map((w) => w.id));
      for (const [i, g] of got.entries()) expect(g.prob).toBeCloseTo(want[i]?.prob ?? -1, 12);
    }
  });

  it("does not overflow on large logits and sums to 1 over the whole vocabulary", () => {
    const got = topProbabilities([1000, 1000, 999], 3);
    expect(got.map((g) => g.id)).toEqual([0, 1, 2]);
    expect(got.reduce((a, g) => a + g.prob, 0)).toBeCloseTo(1, 12);
    expect(got[0]?.prob).toBeCloseTo(1 / (2 + Math.exp(-1)), 12);
  });

  it("returns at most V entries and none for k = 0", () => {
    expect(topProbabilities([0, 0], 5)).toHaveLength(2);
    expect(topProbabilities([1, 2], 0)).toEqual([]);
  });
});
