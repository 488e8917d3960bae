// Head detectors: the detection patterns and scores on hand-built attention patterns (TransformerLens'
// definitions), scores of a model's heads against hand-checked values, and repeated random sequences.
import { charGptConfig, GPT } from "@paramlens/nn";
import { manualSeed } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { attentionPatterns } from "../attention-patterns";
import { detectionPattern, headPatternScore, headScores, repeatedRandomTokens } from "./head-detectors";

describe("detection patterns", () => {
  const tokens = [7, 3, 5, 3, 5];
  const rows = (p: Float64Array) =>
    Array.from({ length: 5 }, (_, i) => Array.from(p.subarray(i * 5, i * 5 + 5)));

  it("previous-token: the sub-diagonal", () => {
    const p = rows(detectionPattern("previous-token", tokens));
    expect(p[0]).toEqual([0, 0, 0, 0, 0]);
    expect(p[3]).toEqual([0, 0, 1, 0, 0]);
  });

  it("duplicate-token: earlier positions holding the same token", () => {
    const p = rows(detectionPattern("duplicate-token", tokens));
    expect(p[3]).toEqual([0, 1, 0, 0, 0]); // 3 at position 1
    expect(p[4]).toEqual([0, 0, 1, 0, 0]); // 5 at position 2
    expect(p[1]).toEqual([0, 0, 0, 0, 0]);
  });

  it("induction: the token after an earlier occurrence of the current one", () => {
    const p = rows(detectionPattern("induction", tokens));
    expect(p[3]).toEqual([0, 0, 1, 0, 0]); // token 3 was at 1, so look at 2
    expect(p[4]).toEqual([0, 0, 0, 1, 0]); // token 5 was at 2, so look at 3
    expect(p[2]).toEqual([0, 0, 0, 0, 0]);
    expect(() => detectionPattern("bogus" as "induction", tokens)).toThrow(/unknown head kind/);
  });

  it("scores: the share of attention on the detection pattern (mul) or 1 − mean error·T (abs)", () => {
    const t = 3;
    const det = detectionPattern("previous-token", [1, 2, 3]);
    // rows sum to 1: query 1 puts 0.75 on key 0, query 2 puts 0.5 on key 1
    const pattern = [1, 0, 0, 0.75, 0.25, 0, 0.25, 0.5, 0.25];
    expect(headPatternScore(pattern, det, t)).toBeCloseTo(1.25 / 3, 12);
    expect(headPatternScore(pattern, det, t, { excludeBos: true })).toBeCloseTo(0.5 / 1, 12);
    expect(headPatternScore(pattern, det, t, { excludeCurrentToken: true })).toBeCloseTo(1.25 / 1.5, 12);
    // abs: Σ|a − d| = 1 + 0.25 + 0.25 + 0.25 + 0.5 + 0.25 = 2.5; 1 − (2.5 / 9)·3
    expect(headPatternScore(pattern, det, t, { errorMeasure: "abs" })).toBeCloseTo(1 - 2.5 / 3, 12);
    expect(headPatternScore(det, det, t, { errorMeasure: "abs" })).toBeCloseTo(1, 12);
    expect(() => headPatternScore([1], det, t)).toThrow(/T·T = 9/);
  });

  it("repeated random tokens repeat their first half, with an optional prefix", () => {
    const ids = repeatedRandomTokens({ batch: 3, seqLen: 6, vocabSize: 20, low: 2, prefix: 0, seed: 4 });
    expect(ids.shape).toEqual([3, 13]);
    expect(ids.dtype).toBe("int32");
    for (const row of ids.toNested() as number[][]) {
      expect(row[0]).toBe(0);
      expect(row.slice(1, 7)).toEqual(row.slice(7));
      for (const v of row.slice(1)) expect(v >= 2 && v < 20).toBe(true);
    }
    expect(() => repeatedRandomTokens({ batch: 0, seqLen: 2, vocabSize: 5 })).toThrow(/batch/);
  });
});

describe("headScores on a GPT", () => {
  it("averages each row's score over the batch, per layer and head, from the model's own patterns", () => {
    manualSeed(2);
    const gpt = new GPT(charGptConfig(12, { contextLength: 8, dModel: 8, nLayers: 2, nHeads: 2 }));
    gpt.eval();
    const ids = repeatedRandomTokens({ batch: 2, seqLen: 3, vocabSize: 12, seed: 1 });
    const scores = headScores(gpt, ids, "induction");
    expect(scores).toHaveLength(2);
    expect(scores[0]).toHaveLength(2);
    const pats = attentionPatterns(gpt, ["h.1.attn"], ids)["h.1.attn"]!.toNested() as number[][][][];
    const rows = ids.toNested() as number[][];
    const want =
      rows.reduce(
        (s, r, b) => s + headPatternScore(pats[b]![1]!.flat(), detectionPattern("induction", r), 6),
        0,
      ) / 2;
    expect(scores[1]![1]).toBeCloseTo(want, 12);
    expect(() => headScores(gpt, ids.float(), "induction")).toThrow(/int32/);
  });
});
