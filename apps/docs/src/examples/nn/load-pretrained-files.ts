// The same model from a map of files, as a browser passes them (File, Blob, Response, bytes or URL), here
// with a tokenizer.json: a 64-token character-level tokenizer in Llama 2's layout
// (scripts/write-char-tokenizer.mjs), since the fixture itself ships none.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadPretrained } from "@paramlens/nn";
import { tensor } from "@paramlens/tensor";

const dir = fileURLToPath(new URL("../../../../../packages/nn/fixtures/pretrained/llama/", import.meta.url));
const files = {
  "config.json": readFileSync(`${dir}config.json`),
  "model.safetensors": readFileSync(`${dir}model.safetensors`),
  "tokenizer.json": readFileSync(new URL("./fixtures/char-tokenizer.json", import.meta.url)),
  "tokenizer_config.json": new TextEncoder().encode('{"bos_token": "<s>", "eos_token": "</s>"}'),
};
const { model, tokenizer } = await loadPretrained(files);
if (!tokenizer) throw new Error("expected a tokenizer");

const ids = tokenizer.encode("The cat sat."); // <s> first: the post-processor adds it
console.log(ids.join()); // → 1,47,58,54,55,54,30
console.log(tokenizer.tokenize("The cat sat.").join(" ")); // → ▁the ▁c at ▁s at .
console.log(tokenizer.decode(ids, { skipSpecialTokens: true })); // → the cat sat.
console.log(tokenizer.bosTokenId, tokenizer.eosTokenId, tokenizer.vocabSize); // → 1 2 64

// Stream the continuation: push ids as they come, print what push returns.
const out = model.generate(tensor([ids], { dtype: "int32" }), { maxNewTokens: 8, temperature: 0 });
const next = out.toArray().slice(ids.length);
const stream = tokenizer.decodeStream({ skipSpecialTokens: true });
let text = "";
for (const id of next) text += stream.push(id);
text += stream.flush();
console.log(text === tokenizer.decode(next, { skipSpecialTokens: true })); // → true
