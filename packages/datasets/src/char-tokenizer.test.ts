import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CharTokenizer, unigramEntropy } from "./char-tokenizer";
import { TEXT_CORPUS, TEXT_CORPUS_SOURCE } from "./corpus/text-corpus";
import { DatasetError } from "./errors";
import { createRng } from "./random";
import { sampleSequenceBatch } from "./sequence-batches";

// Written by scripts/make-text-corpus.py (Python's collections.Counter and math.log), not by this code.
const fixture = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "text-corpus.json"), "utf8")) as {
  chars: number;
  distinctChars: number;
  sha256: string;
  unigramEntropyNats: number;
};

describe("TEXT_CORPUS", () => {
  it("is the extracted text, byte for byte", () => {
    expect(createHash("sha256").update(TEXT_CORPUS, "utf8").digest("hex")).toBe(fixture.sha256);
    expect(TEXT_CORPUS.length).toBe(fixture.chars);
    expect(TEXT_CORPUS.startsWith("Chapter 1\n\n\nIt is a truth universally acknowledged")).toBe(true);
    expect(TEXT_CORPUS_SOURCE.license).toBe("public domain");
  });
});

describe("CharTokenizer", () => {
  it("round-trips the corpus and has one id per distinct character", () => {
    const tok = CharTokenizer.fromText(TEXT_CORPUS);
    expect(tok.size).toBe(fixture.distinctChars);
    const ids = tok.encode(TEXT_CORPUS);
    expect(ids.length).toBe(TEXT_CORPUS.length);
    expect(tok.decode(ids)).toBe(TEXT_CORPUS);
  });

  it("sorts the vocabulary by code point and encodes by it", () => {
    const tok = CharTokenizer.fromText("hello world");
    expect(tok.vocab).toEqual([" ", "d", "e", "h", "l", "o", "r", "w"]);
    expect(Array.from(tok.encode("hold"))).toEqual([3, 5, 4, 1]);
  });

  it("treats an astral character as one token", () => {
    const tok = CharTokenizer.fromText("a😀b");
    expect(tok.size).toBe(3);
    expect(Array.from(tok.encode("😀a"))).toEqual([2, 0]);
    expect(tok.decode([2, 1])).toBe("😀b");
  });

  it("errors on characters and ids outside the vocabulary", () => {
    const tok = CharTokenizer.fromText("abc");
    expect(() => tok.encode("abz")).toThrow(
      /character "z" \(U\+007A\) at position 2 is not in the 3-character vocabulary/,
    );
    expect(() => tok.decode([0, 3])).toThrow(/id 3 at position 1 is outside 0..2/);
    expect(() => new CharTokenizer(["a", "a"])).toThrow(DatasetError);
    expect(() => new CharTokenizer(["ab"])).toThrow(/must be one character/);
  });
});

describe("unigramEntropy", () => {
  it("matches hand-computed values", () => {
    expect(unigramEntropy("aaaa")).toBe(0);
    expect(unigramEntropy("aabb")).toBeCloseTo(Math.log(2), 12);
    expect(unigramEntropy("abcd")).toBeCloseTo(Math.log(4), 12);
    expect(unigramEntropy("aaab")).toBeCloseTo(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), 12);
  });

  it("matches Python's value for the corpus", () => {
    expect(unigramEntropy(TEXT_CORPUS)).toBeCloseTo(fixture.unigramEntropyNats, 10);
    // Below ln(vocab size), the entropy of a uniform guess.
    expect(unigramEntropy(TEXT_CORPUS)).toBeLessThan(Math.log(fixture.distinctChars));
  });

  it("rejects empty text", () => {
    expect(() => unigramEntropy("")).toThrow(/text is empty/);
  });
});

describe("sampleSequenceBatch", () => {
  it("returns windows whose targets are the inputs shifted by one", () => {
    const tokens = Int32Array.from({ length: 50 }, (_, i) => i);
    const batch = sampleSequenceBatch(tokens, { batchSize: 8, blockSize: 5, rng: createRng(1) });
    expect(batch.shape).toEqual([8, 5]);
    for (let b = 0; b < 8; b++) {
      const s = batch.starts[b]!;
      expect(s >= 0 && s + 5 < 50).toBe(true);
      expect(Array.from(batch.inputs.subarray(5 * b, 5 * b + 5))).toEqual([s, s + 1, s + 2, s + 3, s + 4]);
      expect(Array.from(batch.targets.subarray(5 * b, 5 * b + 5))).toEqual([
        s + 1,
        s + 2,
        s + 3,
        s + 4,
        s + 5,
      ]);
    }
    const again = sampleSequenceBatch(tokens, { batchSize: 8, blockSize: 5, rng: createRng(1) });
    expect(Array.from(again.starts)).toEqual(Array.from(batch.starts));
  });

  it("can reach the last window and rejects sequences that are too short", () => {
    const tokens = Int32Array.from([7, 8, 9]);
    const batch = sampleSequenceBatch(tokens, { batchSize: 4, blockSize: 2, rng: createRng(0) });
    expect(Array.from(batch.starts)).toEqual([0, 0, 0, 0]);
    expect(Array.from(batch.targets.subarray(0, 2))).toEqual([8, 9]);
    expect(() => sampleSequenceBatch(tokens, { batchSize: 1, blockSize: 3, rng: createRng(0) })).toThrow(
      /blockSize 3 needs at least 4 tokens, got 3/,
    );
  });
});
