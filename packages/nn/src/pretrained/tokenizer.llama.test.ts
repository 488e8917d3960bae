// Llama 2's SentencePiece-style BPE (byte fallback, "▁" for spaces, <s> added by the post-processor)
// through loadTokenizer, checked against llama-tokenizer-js (an independent JS implementation of
// Llama's tokenizer) on the real 32000-token vocabulary, in both layouts transformers writes
// (test/tokenizer-vocabs.ts).

import llamaTokenizer from "llama-tokenizer-js";
import { beforeAll, describe, expect, it } from "vitest";
import { TOKENIZER_TEST_STRINGS } from "../../test/tokenizer-strings";
import { LLAMA2_TOKENIZER_CONFIG, llama2TokenizerJson } from "../../test/tokenizer-vocabs";
import { loadTokenizer, type Tokenizer } from "./tokenizer";

// llama-tokenizer-js knows no special tokens inside text; Llama's <s>/</s> in text are special for HF.
const PLAIN = TOKENIZER_TEST_STRINGS.filter((s) => !s.includes("<s>") && !s.includes("</s>") && s.length > 0);

function mismatches(tok: Tokenizer, strings: readonly string[], reference = (s: string) => s) {
  const bad: { s: string; ours: number[]; ref: number[] }[] = [];
  for (const s of strings) {
    const ours = tok.encode(s);
    const ref = llamaTokenizer.encode(reference(s), true, true); // <s> + "▁" + text, like HF's Llama
    if (ours.length !== ref.length || ours.some((id, i) => id !== ref[i])) bad.push({ s, ours, ref });
  }
  return bad;
}

describe("Llama 2 tokenizer.json, legacy layout (the hub file: Prepend + Replace normalizer)", () => {
  let tok: Tokenizer;
  beforeAll(() => {
    tok = loadTokenizer({
      tokenizerJson: llama2TokenizerJson("legacy"),
      tokenizerConfig: LLAMA2_TOKENIZER_CONFIG,
    });
  });

  it("has Llama 2's vocabulary and special tokens", () => {
    expect(tok.vocabSize).toBe(32000);
    expect([tok.unkTokenId, tok.bosTokenId, tok.eosTokenId, tok.padTokenId]).toEqual([0, 1, 2, null]);
    expect(tok.specialTokenIds).toEqual(new Set([0, 1, 2]));
    expect(tok.tokenize("Hello world")).toEqual(["▁Hello", "▁world"]);
  });

  it(`gives llama-tokenizer-js's ids on ${PLAIN.length} test strings`, () => {
    expect(PLAIN.length).toBeGreaterThanOrEqual(300);
    expect(mismatches(tok, PLAIN)).toEqual([]);
  });

  it("decodes back to the text (byte fallback restores bytes outside the vocabulary)", () => {
    for (const s of PLAIN) expect(tok.decode(tok.encode(s), { skipSpecialTokens: true })).toBe(s);
    expect(tok.encode("🤗")).toEqual([1, 29871, 243, 162, 167, 154]); // ▁ then <0xF0> <0x9F> <0xA4> <0x97>
  });

  it("adds <s> only with addSpecialTokens, and splits <s> out of the text", () => {
    expect(tok.encode("Hi", { addSpecialTokens: false })).toEqual(tok.encode("Hi").slice(1));
    expect(tok.encode("Hi")[0]).toBe(1);
    expect(tok.decode(tok.encode("Hi"))).toBe("<s> Hi");
    expect(tok.encode("a</s>", { addSpecialTokens: false })).toEqual([
      ...tok.encode("a", { addSpecialTokens: false }),
      2,
    ]);
  });

  it("streams the same text as one decode, never printing half a character", () => {
    for (const s of PLAIN) {
      const stream = tok.decodeStream({ skipSpecialTokens: true });
      const pieces = tok.encode(s).map((id) => stream.push(id));
      pieces.push(stream.flush());
      for (const p of pieces) expect(p.includes("\uFFFD")).toBe(false);
      expect(pieces.join("")).toBe(s);
    }
  });
});

describe("Llama 2 tokenizer.json, Metaspace layout (legacy=False, prepend_scheme first)", () => {
  let tok: Tokenizer;
  beforeAll(() => {
    tok = loadTokenizer({
      tokenizerJson: llama2TokenizerJson("metaspace"),
      tokenizerConfig: LLAMA2_TOKENIZER_CONFIG,
    });
  });

  it(`gives llama-tokenizer-js's ids on ${PLAIN.length - 1} test strings`, () => {
    // Metaspace does not prepend "▁" to a text that already starts with one (tokenizers'
    // pre_tokenizers/metaspace.rs), so " x" gives "▁x" where the legacy layout and
    // llama-tokenizer-js give "▁▁x": for those strings the reference encodes the text without its
    // first space (except " " itself, which would leave llama-tokenizer-js an empty text, for which it
    // returns no ids at all).
    const strings = PLAIN.filter((s) => s !== " ");
    const withLeadingSpace = PLAIN.filter((s) => s.startsWith(" ")).length;
    expect(withLeadingSpace).toBeGreaterThan(10);
    expect(strings.length).toBeGreaterThanOrEqual(300);
    expect(mismatches(tok, strings, (s) => (s.startsWith(" ") ? s.slice(1) : s))).toEqual([]);
  });

  it("does not double the space of a text starting with one", () => {
    expect(tok.encode(" Hello", { addSpecialTokens: false })).toEqual(
      tok.encode("Hello", { addSpecialTokens: false }),
    );
  });
});
