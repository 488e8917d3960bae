// Reads what a safetensors checkpoint's tensor names and shapes say about its architecture when no
// config.json is at hand: the naming family, layer count, d_model and vocabulary (token embedding),
// d_ff and KV width (first block's projections), gated MLP, tied head. Head counts are not in the
// shapes, so they are never guessed. Names and layouts follow transformers' modeling files.
export interface NamedShape {
  name: string;
  shape: readonly number[];
}

interface Family {
  name: string;
  /** Matches a tensor of the family's first block. */
  block: RegExp;
  /** MLP input projection of block 0 and which dimension is d_ff. */
  mlpIn: RegExp;
  /** Conv1D (GPT-2) stores [in, out]; nn.Linear stores [out, in]. */
  ffDim: 0 | 1;
  keyProj?: RegExp;
  gate?: RegExp;
}

// modeling_gpt2.py (Conv1D c_fc [d, d_ff]); modeling_llama.py / mistral / qwen2 (nn.Linear up_proj
// [d_ff, d], k_proj [d_kv, d], gate_proj); modeling_gpt_neox.py (dense_h_to_4h [d_ff, d]).
const FAMILIES: readonly Family[] = [
  { name: "GPT-2", block: /(^|\.)h\.0\.attn\.c_attn\./, mlpIn: /(^|\.)h\.0\.mlp\.c_fc\.weight$/, ffDim: 1 },
  {
    name: "Llama",
    block: /(^|\.)layers\.0\.self_attn\.q_proj\./,
    mlpIn: /(^|\.)layers\.0\.mlp\.up_proj\.weight$/,
    ffDim: 0,
    keyProj: /(^|\.)layers\.0\.self_attn\.k_proj\.weight$/,
    gate: /(^|\.)layers\.0\.mlp\.gate_proj\.weight$/,
  },
  {
    name: "GPT-NeoX",
    block: /(^|\.)layers\.0\.attention\.query_key_value\./,
    mlpIn: /(^|\.)layers\.0\.mlp\.dense_h_to_4h\.weight$/,
    ffDim: 0,
  },
];

// Token-embedding tensor names: GPT-2 wte, Llama embed_tokens, BLOOM/Falcon word_embeddings,
// Meta's tok_embeddings, GPT-NeoX embed_in.
const EMBEDDING = /(?:^|\.)(?:wte|embed_tokens|word_embeddings|tok_embeddings|embed_in)\.weight$/;
// A separate LM head: lm_head (most), embed_out (GPT-NeoX), output (Meta's original layout).
const HEAD = /(?:^|\.)(?:lm_head|embed_out|output)\.weight$/;

/** Architecture fields readable from names and shapes; empty when nothing is recognised. */
export function inferArchitecture(
  tensors: readonly NamedShape[],
  layers: number,
): Record<string, string | number> {
  const fields: Record<string, string | number> = {};
  const family = FAMILIES.find((f) => tensors.some((t) => f.block.test(t.name)));
  if (family) fields.family = family.name;
  if (layers > 0) fields.layers = layers;
  const embedding = tensors.find((t) => EMBEDDING.test(t.name) && t.shape.length === 2);
  if (embedding) {
    fields.vocab = embedding.shape[0] ?? 0;
    fields.d_model = embedding.shape[1] ?? 0;
    fields.lm_head = tensors.some((t) => HEAD.test(t.name)) ? "separate" : "tied (no head tensor)";
  }
  if (family) {
    const mlpIn = tensors.find((t) => family.mlpIn.test(t.name) && t.shape.length === 2);
    const ff = mlpIn?.shape[family.ffDim];
    if (ff !== undefined) fields.d_ff = ff;
    if (family.gate) fields.mlp = tensors.some((t) => family.gate?.test(t.name)) ? "gated" : "plain";
    const key = family.keyProj ? tensors.find((t) => family.keyProj?.test(t.name)) : undefined;
    if (key?.shape[0] !== undefined) fields.kv_width = key.shape[0];
  }
  return fields;
}
