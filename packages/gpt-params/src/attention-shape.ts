// The weight shapes of one attention block, standard (Q, K, V, O with grouped K/V heads) or multi-head
// latent attention (DeepSeek's q_a/q_b, kv_a/kv_b, o), in one place for the counts, the GGUF layout, the
// quantised sizes, the FLOPs and LoRA. It also says how wide the attention core is and what the KV cache
// holds per token and layer. Shapes only: no counting policy lives here.
import type { GPTConfig } from "./config";

/** One attention weight matrix: its llama.cpp tensor name, category, [in, out] and whether it has a bias. */
export interface AttentionMatrix {
  /** PEFT-style short name (q, k, v, o, q_a, q_b, kv_a, kv_b). */
  name: "q" | "k" | "v" | "o" | "q_a" | "q_b" | "kv_a" | "kv_b";
  /** llama.cpp's tensor stem (attn_q, attn_kv_a_mqa …). */
  gguf: string;
  /** llama-quant.cpp's category (attn_kv_b counts with the attn_v tensors). */
  category: "attn_q" | "attn_k" | "attn_v" | "attn_output" | "other";
  nIn: number;
  nOut: number;
  bias: boolean;
}

/** The matrices of one attention block, in llama.cpp's name order. */
export function attentionMatrices(c: GPTConfig): AttentionMatrix[] {
  const d = c.dModel;
  const h = c.nHeads;
  const m = c.mla;
  if (m) {
    // modeling_deepseek_v3.py: q_a_proj / q_b_proj (or q_proj), kv_a_proj_with_mqa, kv_b_proj, o_proj.
    const dQK = m.qkNopeHeadDim + m.qkRopeHeadDim;
    const out: AttentionMatrix[] = [];
    if (m.qLoraRank > 0) {
      out.push({
        name: "q_a",
        gguf: "attn_q_a",
        category: "other",
        nIn: d,
        nOut: m.qLoraRank,
        bias: c.bias.qkv,
      });
      out.push({
        name: "q_b",
        gguf: "attn_q_b",
        category: "other",
        nIn: m.qLoraRank,
        nOut: h * dQK,
        bias: false,
      });
    } else {
      out.push({ name: "q", gguf: "attn_q", category: "attn_q", nIn: d, nOut: h * dQK, bias: false });
    }
    out.push({
      name: "kv_a",
      gguf: "attn_kv_a_mqa",
      category: "other",
      nIn: d,
      nOut: m.kvLoraRank + m.qkRopeHeadDim,
      bias: c.bias.qkv,
    });
    out.push({
      name: "kv_b",
      gguf: "attn_kv_b",
      category: "attn_v",
      nIn: m.kvLoraRank,
      nOut: h * (m.qkNopeHeadDim + m.vHeadDim),
      bias: false,
    });
    out.push({
      name: "o",
      gguf: "attn_output",
      category: "attn_output",
      nIn: h * m.vHeadDim,
      nOut: d,
      bias: c.bias.attnOut,
    });
    return out;
  }
  const dAttn = h * c.headDim;
  const dKV = c.nKVHeads * c.headDim;
  return [
    { name: "q", gguf: "attn_q", category: "attn_q", nIn: d, nOut: dAttn, bias: c.bias.qkv },
    { name: "k", gguf: "attn_k", category: "attn_k", nIn: d, nOut: dKV, bias: c.bias.qkv },
    { name: "v", gguf: "attn_v", category: "attn_v", nIn: d, nOut: dKV, bias: c.bias.qkv },
    { name: "o", gguf: "attn_output", category: "attn_output", nIn: dAttn, nOut: d, bias: c.bias.attnOut },
  ];
}

/** Norm weights inside attention: q/k norms, or MLA's q_a and kv_a RMSNorms ([gguf stem, width] pairs). */
export function attentionNorms(c: GPTConfig): [string, number][] {
  if (c.mla) {
    const out: [string, number][] = [];
    if (c.mla.qLoraRank > 0) out.push(["attn_q_a_norm", c.mla.qLoraRank]);
    out.push(["attn_kv_a_norm", c.mla.kvLoraRank]);
    return out;
  }
  if (c.qkNorm === "head")
    return [
      ["attn_q_norm", c.headDim],
      ["attn_k_norm", c.headDim],
    ];
  if (c.qkNorm === "full") {
    return [
      ["attn_q_norm", c.nHeads * c.headDim],
      ["attn_k_norm", c.nKVHeads * c.headDim],
    ];
  }
  return [];
}

/** Widths of the attention core over all heads: q·k products (per key) and the weighted sum of values. */
export function attentionCore(c: GPTConfig): { qk: number; v: number } {
  if (c.mla)
    return { qk: c.nHeads * (c.mla.qkNopeHeadDim + c.mla.qkRopeHeadDim), v: c.nHeads * c.mla.vHeadDim };
  return { qk: c.nHeads * c.headDim, v: c.nHeads * c.headDim };
}

/**
 * Values the KV cache keeps per token and layer: 2 · n_kv · d_head, or for latent attention the latent and
 * the shared rotary key, kvLoraRank + qkRopeHeadDim (as DeepSeek's and vLLM's MLA kernels store it;
 * transformers' eager code caches the decompressed K and V instead).
 */
export function kvValuesPerTokenLayer(c: GPTConfig): number {
  if (c.mla) return c.mla.kvLoraRank + c.mla.qkRopeHeadDim;
  return 2 * c.nKVHeads * c.headDim;
}
