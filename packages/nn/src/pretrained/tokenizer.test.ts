// loadTokenizer's own behaviour: byte-level BPE in the Llama 3 and Qwen2 layouts (no independent
// tokenizer with those vocabularies is available offline, so these check properties on GPT-2's real
// byte-level vocabulary: round trip, digit grouping of the split regex, ignore_merges, special tokens),
// streaming edge cases, and the typed errors for bad files and bad ids.

import { beforeAll, describe, expect, it } from "vitest";
import { TOKENIZER_TEST_STRINGS } from "../../test/tokenizer-strings";
import { GPT2_TOKENIZER_CONFIG, gpt2FromGpt3Encoder } from "../../test/tokenizer-vocabs";
import { loadTokenizer, type Tokenizer } from "./tokenizer";
import { TokenizerError } from "./tokenizer-errors";

// Pre-tokenizer regexes copied from the hub files: meta-llama/Meta-Llama-3-8B tokenizer.json and
// Qwen/Qwen2.5-0.5B tokenizer.json ("pre_tokenizer" -> Split -> pattern.Regex).
const LLAMA3_SPLIT =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const QWEN2_SPLIT =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

function addedToken(id: number, content: string) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

/** GPT-2's real byte-level vocabulary re-laid out as a Llama 3 (or Qwen2) tokenizer.json. */
function byteLevelLayout(style: "llama3" | "qwen2"): Record<string, unknown> {
  const gpt2 = gpt2FromGpt3Encoder() as { model: { vocab: Record<string, number>; merges: string[] } };
  const llama3 = style === "llama3";
  const specials = llama3
    ? [addedToken(50257, "<|begin_of_text|>"), addedToken(50258, "<|end_of_text|>")]
    : [
        addedToken(50257, "<|endoftext|>"),
        addedToken(50258, "<|im_start|>"),
        addedToken(50259, "<|im_end|>"),
      ];
  const vocab = { ...gpt2.model.vocab };
  delete vocab["<|endoftext|>"]; // id 50256 stays a hole, as unused ids do in real files
  const byteLevel = { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false };
  const template = {
    type: "TemplateProcessing",
    single: [
      { SpecialToken: { id: "<|begin_of_text|>", type_id: 0 } },
      { Sequence: { id: "A", type_id: 0 } },
    ],
    pair: [
      { SpecialToken: { id: "<|begin_of_text|>", type_id: 0 } },
      { Sequence: { id: "A", type_id: 0 } },
      { SpecialToken: { id: "<|begin_of_text|>", type_id: 1 } },
      { Sequence: { id: "B", type_id: 1 } },
    ],
    special_tokens: {
      "<|begin_of_text|>": { id: "<|begin_of_text|>", ids: [50257], tokens: ["<|begin_of_text|>"] },
    },
  };
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: specials,
    normalizer: llama3 ? null : { type: "NFC" },
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        {
          type: "Split",
          pattern: { Regex: llama3 ? LLAMA3_SPLIT : QWEN2_SPLIT },
          behavior: "Isolated",
          invert: false,
        },
        byteLevel,
      ],
    },
    post_processor: llama3
      ? {
          type: "Sequence",
          processors: [{ ...byteLevel, add_prefix_space: true, trim_offsets: false }, template],
        }
      : { ...byteLevel, trim_offsets: false },
    decoder: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: llama3,
      vocab,
      // newer tokenizers (>= 0.20) write merges as pairs; Qwen2.5's file does
      merges: llama3 ? gpt2.model.merges : gpt2.model.merges.map((m) => m.split(" ")),
    },
  };
}

describe("byte-level BPE, Llama 3 layout (Split regex + ByteLevel, ignore_merges, <|begin_of_text|>)", () => {
  let tok: Tokenizer;
  beforeAll(() => {
    tok = loadTokenizer({
      tokenizerJson: byteLevelLayout("llama3"),
      tokenizerConfig: { bos_token: "<|begin_of_text|>", eos_token: "<|end_of_text|>" },
    });
  });

  it("round-trips every test string and starts with <|begin_of_text|>", () => {
    for (const s of TOKENIZER_TEST_STRINGS) {
      const ids = tok.encode(s);
      expect(ids[0]).toBe(50257);
      expect(tok.decode(ids, { skipSpecialTokens: true })).toBe(s);
    }
    expect([tok.bosTokenId, tok.eosTokenId, tok.padTokenId]).toEqual([50257, 50258, null]);
    expect(tok.vocabSize).toBe(50259);
    expect(tok.idToToken(50256)).toBeNull(); // the hole
  });

  it("splits digits in groups of at most three (\\p{N}{1,3}), unlike GPT-2", () => {
    const pieces = tok.encode("1234567", { addSpecialTokens: false }).map((id) => tok.decode([id]));
    expect(pieces.join("")).toBe("1234567");
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(3);
    expect(tok.tokenize("1234567").join("")).toBe("1234567");
  });

  it("honours clean_up_tokenization_spaces when the config sets it", () => {
    const cleaning = loadTokenizer({
      tokenizerJson: byteLevelLayout("llama3"),
      tokenizerConfig: { clean_up_tokenization_spaces: true },
    });
    expect(tok.decode(tok.encode("a , b .", { addSpecialTokens: false }))).toBe("a , b .");
    expect(cleaning.decode(tok.encode("a , b .", { addSpecialTokens: false }))).toBe("a, b.");
  });
});

describe("byte-level BPE, Qwen2 layout (NFC, one digit per token, pair merges, no BOS)", () => {
  let tok: Tokenizer;
  beforeAll(() => {
    tok = loadTokenizer({
      tokenizerJson: byteLevelLayout("qwen2"),
      tokenizerConfig: { eos_token: "<|im_end|>", pad_token: "<|endoftext|>", bos_token: null },
    });
  });

  it("round-trips every NFC test string and adds no special tokens", () => {
    for (const s of TOKENIZER_TEST_STRINGS) {
      const ids = tok.encode(s);
      expect(tok.decode(ids)).toBe(s.normalize("NFC"));
      // <|endoftext|> written in the text is the special token 50257 in Qwen2's layout
      if (!s.includes("<|endoftext|>")) expect(ids.some((id) => id >= 50257)).toBe(false);
    }
    expect([tok.bosTokenId, tok.eosTokenId, tok.padTokenId]).toEqual([null, 50259, 50257]);
  });

  it("splits every digit and keeps chat tokens whole", () => {
    expect(tok.encode("2024").map((id) => tok.decode([id]))).toEqual(["2", "0", "2", "4"]);
    const ids = tok.encode("<|im_start|>user\nHi<|im_end|>");
    expect(ids[0]).toBe(50258);
    expect(ids.at(-1)).toBe(50259);
    expect(tok.decode(ids, { skipSpecialTokens: true })).toBe("user\nHi");
  });
});

describe("streaming decode", () => {
  let gpt2: Tokenizer;
  beforeAll(() => {
    gpt2 = loadTokenizer({ tokenizerJson: gpt2FromGpt3Encoder(), tokenizerConfig: GPT2_TOKENIZER_CONFIG });
  });

  it("holds back the bytes of an unfinished character and prints it whole", () => {
    const ids = gpt2.encode("🤗"); // three byte-level tokens for four UTF-8 bytes
    expect(ids.length).toBeGreaterThan(1);
    const stream = gpt2.decodeStream();
    const out = ids.map((id) => stream.push(id));
    expect(out.slice(0, -1).every((p) => p === "")).toBe(true);
    expect(out.at(-1)).toBe("🤗");
    expect(stream.flush()).toBe("");
  });

  it("flush prints an unfinished character as U+FFFD", () => {
    const ids = gpt2.encode("🤗");
    const stream = gpt2.decodeStream();
    for (const id of ids.slice(0, -1)) stream.push(id);
    expect(stream.flush()).toMatch(/^\uFFFD+$/);
  });

  it("a bad id throws and leaves the stream usable", () => {
    const stream = gpt2.decodeStream();
    expect(stream.push(gpt2.encode("Hi")[0] as number)).toBe("Hi");
    expect(() => stream.push(99999)).toThrow(TokenizerError);
    expect(stream.push(gpt2.encode(" there")[0] as number)).toBe(" there");
  });

  it("skips special tokens when asked", () => {
    const stream = gpt2.decodeStream({ skipSpecialTokens: true });
    expect(stream.push(50256)).toBe("");
    expect(stream.push(gpt2.encode("ok")[0] as number)).toBe("ok");
  });
});

describe("errors", () => {
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      if (e instanceof TokenizerError) return e.code;
      throw e;
    }
    return undefined;
  };
  let gpt2Json: Record<string, unknown>;
  beforeAll(() => {
    gpt2Json = gpt2FromGpt3Encoder();
  });

  it("rejects a tokenizer.json that is not one", () => {
    expect(code(() => loadTokenizer({ tokenizerJson: [1, 2] }))).toBe("BAD_TOKENIZER_JSON");
    expect(code(() => loadTokenizer({ tokenizerJson: { added_tokens: [] } }))).toBe("BAD_TOKENIZER_JSON");
    expect(code(() => loadTokenizer({ tokenizerJson: { ...gpt2Json, added_tokens: undefined } }))).toBe(
      "BAD_TOKENIZER_JSON",
    );
    const badModel = { ...gpt2Json, model: { type: "Nonsense" } };
    expect(() => loadTokenizer({ tokenizerJson: badModel })).toThrow(/tokenizer\.json could not be built/);
  });

  it("rejects a config whose special token is malformed or not in the vocabulary", () => {
    expect(code(() => loadTokenizer({ tokenizerJson: gpt2Json, tokenizerConfig: "x" }))).toBe(
      "BAD_TOKENIZER_CONFIG",
    );
    expect(code(() => loadTokenizer({ tokenizerJson: gpt2Json, tokenizerConfig: { eos_token: 5 } }))).toBe(
      "BAD_TOKENIZER_CONFIG",
    );
    const long = `<${"x".repeat(5000)}>`;
    try {
      loadTokenizer({ tokenizerJson: gpt2Json, tokenizerConfig: { pad_token: long } });
      expect.unreachable();
    } catch (e) {
      expect((e as TokenizerError).code).toBe("BAD_TOKENIZER_CONFIG");
      expect((e as Error).message.length).toBeLessThan(250); // the value is cut, not echoed whole
      expect((e as Error).message).toMatch(/pad_token/);
    }
  });

  it("special_tokens_map.json fills in what tokenizer_config.json does not say", () => {
    const tok = loadTokenizer({
      tokenizerJson: gpt2Json,
      tokenizerConfig: { eos_token: "<|endoftext|>" },
      specialTokensMap: { bos_token: { content: "<|endoftext|>" }, eos_token: "Hello" },
    });
    expect([tok.bosTokenId, tok.eosTokenId]).toEqual([50256, 50256]);
    const bare = loadTokenizer({ tokenizerJson: gpt2Json });
    expect([bare.bosTokenId, bare.eosTokenId, bare.padTokenId, bare.unkTokenId]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it("decode rejects ids outside the vocabulary and non-integers; encode rejects non-strings", () => {
    const tok = loadTokenizer({ tokenizerJson: gpt2Json });
    expect(tok.decode([])).toBe("");
    for (const bad of [-1, 50257, 1.5, Number.NaN])
      expect(code(() => tok.decode([15496, bad]))).toBe("BAD_TOKEN_ID");
    expect(() => tok.decode([50257])).toThrow(/ids\[0\] = 50257 is not a token id \(vocabulary size 50257\)/);
    expect(code(() => tok.encode(42 as unknown as string))).toBe("BAD_TEXT");
    expect(tok.tokenToId("no-such-token-here")).toBeNull();
    expect(tok.idToToken(-3)).toBeNull();
  });
});
