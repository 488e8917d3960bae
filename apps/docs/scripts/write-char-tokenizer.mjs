// Writes src/examples/nn/fixtures/char-tokenizer.json: a 64-id tokenizer.json in the layout transformers writes for
// Llama 2 (Lowercase + Prepend "▁" + Replace " " -> "▁" normalizer, <s> added by a TemplateProcessing
// post-processor, Replace/Fuse/Strip decoder, BPE over characters with 19 merges), sized for nn's tiny model
// fixtures (vocab_size 64) so the "Load a Hugging Face model" guide can tokenize for them.
// Run: node apps/docs/scripts/write-char-tokenizer.mjs
import { writeFileSync } from "node:fs";

const merges = [
  "▁ t",
  "h e",
  "▁t he",
  "i n",
  "e r",
  "a n",
  "o n",
  "▁ a",
  "r e",
  "a t",
  "▁ s",
  "e n",
  "o r",
  "▁ c",
  "▁ w",
  "i s",
  "▁ o",
  "e s",
  "i t",
];
const tokens = ["<unk>", "<s>", "</s>", "▁"];
for (let c = 97; c <= 122; c++) tokens.push(String.fromCharCode(c));
tokens.push(".", ",", "!", "?", "'");
for (let d = 0; d <= 9; d++) tokens.push(String(d));
for (const m of merges) tokens.push(m.replace(" ", ""));
if (tokens.length !== 64) throw new Error(`expected 64 tokens, got ${tokens.length}`);
const special = (id, content) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});

const tokenizerJson = {
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: [special(0, "<unk>"), special(1, "<s>"), special(2, "</s>")],
  normalizer: {
    type: "Sequence",
    normalizers: [
      { type: "Lowercase" },
      { type: "Prepend", prepend: "▁" },
      { type: "Replace", pattern: { String: " " }, content: "▁" },
    ],
  },
  pre_tokenizer: null,
  post_processor: {
    type: "TemplateProcessing",
    single: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
    pair: [
      { SpecialToken: { id: "<s>", type_id: 0 } },
      { Sequence: { id: "A", type_id: 0 } },
      { Sequence: { id: "B", type_id: 1 } },
    ],
    special_tokens: { "<s>": { id: "<s>", ids: [1], tokens: ["<s>"] } },
  },
  decoder: {
    type: "Sequence",
    decoders: [
      { type: "Replace", pattern: { String: "▁" }, content: " " },
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
    byte_fallback: false,
    vocab: Object.fromEntries(tokens.map((t, i) => [t, i])),
    merges,
  },
};
const out = new URL("../src/examples/nn/fixtures/char-tokenizer.json", import.meta.url);
writeFileSync(out, `${JSON.stringify(tokenizerJson, null, 2)}\n`);
console.error(`wrote ${out.pathname}`);
