// Load a Hugging Face model folder from disk and generate from it. The folder is one of nn's test fixtures:
// a tiny random Llama (2 layers, 64-token vocabulary) in the hub's exact layout — config.json,
// generation_config.json, model.safetensors — with transformers' greedy tokens in reference.json.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadPretrained } from "@paramlens/nn/node";
import { tensor } from "@paramlens/tensor";

const dir = fileURLToPath(new URL("../../../../../packages/nn/fixtures/pretrained/llama/", import.meta.url));
const { model, config, family } = await loadPretrained(dir);
console.log(family, config.nLayers, config.vocabSize); // → llama 2 64

const { prompt, tokens } = JSON.parse(readFileSync(`${dir}reference.json`, "utf8")).greedy;
const ids = tensor([prompt], { dtype: "int32" }); // [B = 1, T = 6]
console.log(model.forward(ids).shape); // → 1,6,64
const out = model.generate(ids, { maxNewTokens: 8, temperature: 0 }); // greedy, with the KV cache
console.log(out.toArray().slice(prompt.length).join() === tokens.join()); // → true
