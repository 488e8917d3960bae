// Describe a model field by field; invalid configs throw a ConfigError that names the field.
import { ConfigError, countParameters } from "@paramlens/gpt-params";

// Llama 2 7B: RMSNorm, SwiGLU MLP, rotary positions, no biases, untied LM head.
const llama = countParameters({
  vocabSize: 32000,
  contextLength: 4096,
  dModel: 4096,
  nLayers: 32,
  nHeads: 32,
  dFF: 11008,
  mlp: "swiglu",
  norm: "rmsnorm",
  position: "rotary",
  bias: { qkv: false, attnOut: false, mlp: false },
  tiedEmbeddings: false,
});
console.log(llama.total); // → 6738415616

try {
  countParameters({ dModel: 1000, nHeads: 12 });
} catch (e) {
  if (e instanceof ConfigError) console.log(e.field); // → dModel
}
