// Generate from a small GPT with and without the KV cache: the cache keeps each layer's keys and values,
// so every new token runs one position instead of the whole context, and the tokens are the same.
import { GPT, KVCache } from "@paramlens/nn";
import { manualSeed, tensor } from "@paramlens/tensor";

manualSeed(0); // the initial weights
const gpt = new GPT({ vocabSize: 65, contextLength: 64, dModel: 64, nLayers: 2, nHeads: 4 });
const prompt = tensor([[1, 2, 3, 4]], { dtype: "int32" }); // [B = 1, T = 4]

const cached = gpt.generate(prompt, { maxNewTokens: 20, temperature: 0 }); // greedy, KV-cached
const full = gpt.generate(prompt, { maxNewTokens: 20, temperature: 0, useCache: false });
console.log(cached.shape); // → 1,24
console.log(cached.toArray().join() === full.toArray().join()); // → true

// The cache by hand: prefill the prompt, then one token at a time.
const cache = new KVCache();
gpt.call(prompt, { cache });
console.log(cache.length); // → 4
gpt.call(tensor([[5]], { dtype: "int32" }), { cache });
console.log(cache.length); // → 5
