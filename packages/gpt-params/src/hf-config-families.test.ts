// The families added for the calculator's coverage, each against the published total of a real checkpoint:
// GPT-1 (Hugging Face openai-gpt: 116,534,784 parameters), StarCoder (Li et al. 2023: 15.5B), Qwen3-0.6B and
// Qwen3-8B (model cards: 0.6B / 0.44B non-embedding, 8.2B / 6.95B non-embedding), Qwen3-30B-A3B (model card:
// 30.5B total, 3.3B activated, 29.9B non-embedding), Qwen1.5-MoE-A2.7B (model card: 14.3B total, 2.7B
// activated), Gemma 3 1B (999,885,952), OLMo 2 7B (OLMo 2 paper: 7.30B), Phi-3.5-MoE (model card: 41.9B total,
// 6.6B active), DeepSeek-V3 (Liu et al. 2024: 671B total, 37B activated), DeepSeek-V2 (236B, 21B) and
// V2-Lite (15.7B, 2.4B) — DeepSeek's "activated" leaves out the input embedding, a lookup; configs without
// model_type; multimodal wrappers' text_config.
import { describe, expect, it } from "vitest";
import { countParameters } from "./count";
import { ImportError } from "./errors";
import { fromHuggingFaceConfig } from "./hf-config";
import { kvCacheBytes } from "./memory";

const within = (x: number, published: number, halfUnit: number) => Math.abs(x - published) <= halfUnit;

const qwen3_8b = {
  model_type: "qwen3",
  vocab_size: 151936,
  hidden_size: 4096,
  intermediate_size: 12288,
  num_hidden_layers: 36,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  head_dim: 128,
  max_position_embeddings: 40960,
  tie_word_embeddings: false,
};

describe("published totals", () => {
  it("GPT-1 (openai-gpt): 116,534,784", () => {
    const c = fromHuggingFaceConfig({
      model_type: "openai-gpt",
      vocab_size: 40478,
      n_positions: 512,
      n_embd: 768,
      n_layer: 12,
      n_head: 12,
      afn: "gelu",
    });
    expect(c.finalNorm).toBe(false);
    expect(countParameters(c).total).toBe(116_534_784);
  });
  it("StarCoder (gpt_bigcode, MQA): 15.5B", () => {
    const c = fromHuggingFaceConfig({
      model_type: "gpt_bigcode",
      vocab_size: 49152,
      n_positions: 8192,
      n_embd: 6144,
      n_layer: 40,
      n_head: 48,
      n_inner: 24576,
      multi_query: true,
    });
    expect(c.nKVHeads).toBe(1);
    expect(within(countParameters(c).total, 15.5e9, 0.05e9)).toBe(true);
  });
  it("Qwen3-0.6B: 0.6B total, 0.44B non-embedding; Qwen3-8B: 8.2B and 6.95B", () => {
    const small = countParameters(
      fromHuggingFaceConfig({
        ...qwen3_8b,
        hidden_size: 1024,
        intermediate_size: 3072,
        num_hidden_layers: 28,
        num_attention_heads: 16,
        tie_word_embeddings: true,
      }),
    );
    expect(within(small.total, 0.6e9, 0.05e9)).toBe(true);
    expect(within(small.nonEmbedding, 0.44e9, 0.005e9)).toBe(true);
    const r = countParameters(fromHuggingFaceConfig(qwen3_8b));
    expect(within(r.total, 8.2e9, 0.05e9)).toBe(true);
    expect(within(r.nonEmbedding, 6.95e9, 0.005e9)).toBe(true);
    // q_norm and k_norm: 2 · 128 weights per layer.
    expect(r.breakdown["attention/qk_norm"]).toBe(36 * 256);
    expect(r.closedForm.value).toBe(r.total);
  });
  it("Qwen3-30B-A3B: 30.5B total, 3.3B activated, 29.9B non-embedding", () => {
    const r = countParameters(
      fromHuggingFaceConfig({
        ...qwen3_8b,
        model_type: "qwen3_moe",
        hidden_size: 2048,
        intermediate_size: 6144,
        num_hidden_layers: 48,
        num_attention_heads: 32,
        num_key_value_heads: 4,
        moe_intermediate_size: 768,
        num_experts: 128,
        num_experts_per_tok: 8,
      }),
    );
    expect(within(r.total, 30.5e9, 0.05e9)).toBe(true);
    // 3,353,032,704 by this count (router, 8 of 128 experts, attention, embeddings); the card prints 3.3B.
    expect(within(r.active, 3.3e9, 0.06e9)).toBe(true);
    expect(within(r.nonEmbedding, 29.9e9, 0.05e9)).toBe(true);
    expect(r.closedForm.value).toBe(r.total);
  });
  it("Qwen1.5-MoE-A2.7B (qwen2_moe): 14.3B total, 2.7B activated, with a gated shared expert", () => {
    const c = fromHuggingFaceConfig({
      model_type: "qwen2_moe",
      vocab_size: 151936,
      hidden_size: 2048,
      intermediate_size: 5632,
      num_hidden_layers: 24,
      num_attention_heads: 16,
      num_key_value_heads: 16,
      max_position_embeddings: 8192,
      num_experts: 60,
      num_experts_per_tok: 4,
      moe_intermediate_size: 1408,
      shared_expert_intermediate_size: 5632,
      decoder_sparse_step: 1,
      mlp_only_layers: [],
      tie_word_embeddings: false,
    });
    const r = countParameters(c);
    expect(within(r.total, 14.3e9, 0.05e9)).toBe(true);
    expect(within(r.active, 2.7e9, 0.05e9)).toBe(true);
    expect(r.breakdown["moe/shared_expert_gate"]).toBe(24 * 2048);
    expect(r.closedForm.value).toBe(r.total);
  });
  it("Qwen MoE: mlp_only_layers and decoder_sparse_step leave dense layers", () => {
    const c = fromHuggingFaceConfig({
      ...qwen3_8b,
      model_type: "qwen3_moe",
      num_hidden_layers: 6,
      moe_intermediate_size: 64,
      num_experts: 4,
      num_experts_per_tok: 2,
      decoder_sparse_step: 2,
      mlp_only_layers: [5],
    });
    expect(c.moe?.layers).toEqual([1, 3]);
  });
});

describe("Gemma 3, OLMo 2, Phi-3.5-MoE", () => {
  it("Gemma 3 1B (gemma3_text): 999,885,952, and the same inside a gemma3 wrapper's text_config", () => {
    const text = {
      model_type: "gemma3_text",
      vocab_size: 262144,
      hidden_size: 1152,
      intermediate_size: 6912,
      num_hidden_layers: 26,
      num_attention_heads: 4,
      num_key_value_heads: 1,
      head_dim: 256,
      max_position_embeddings: 32768,
    };
    expect(countParameters(fromHuggingFaceConfig(text)).total).toBe(999_885_952);
    const wrapped = fromHuggingFaceConfig({ model_type: "gemma3", text_config: text, vision_config: {} });
    expect(countParameters(wrapped).total).toBe(999_885_952);
  });
  it("OLMo 2 7B: 7.30B with q/k norms over the whole projections", () => {
    const r = countParameters(
      fromHuggingFaceConfig({
        model_type: "olmo2",
        vocab_size: 100352,
        hidden_size: 4096,
        intermediate_size: 11008,
        num_hidden_layers: 32,
        num_attention_heads: 32,
        num_key_value_heads: 32,
        max_position_embeddings: 4096,
      }),
    );
    expect(within(r.total, 7.3e9, 0.005e9)).toBe(true);
    expect(r.breakdown["attention/qk_norm"]).toBe(32 * 8192);
  });
  it("Phi-3.5-MoE: 41.9B total, 6.6B active", () => {
    const r = countParameters(
      fromHuggingFaceConfig({
        model_type: "phimoe",
        vocab_size: 32064,
        hidden_size: 4096,
        intermediate_size: 6400,
        num_hidden_layers: 32,
        num_attention_heads: 32,
        num_key_value_heads: 8,
        max_position_embeddings: 131072,
        num_local_experts: 16,
        num_experts_per_tok: 2,
      }),
    );
    expect(within(r.total, 41.9e9, 0.05e9)).toBe(true);
    expect(within(r.active, 6.6e9, 0.05e9)).toBe(true);
  });
});

describe("DeepSeek (multi-head latent attention, shared + routed experts, MTP)", () => {
  const v3 = {
    model_type: "deepseek_v3",
    vocab_size: 129280,
    hidden_size: 7168,
    intermediate_size: 18432,
    moe_intermediate_size: 2048,
    num_hidden_layers: 61,
    num_nextn_predict_layers: 1,
    num_attention_heads: 128,
    num_key_value_heads: 128,
    n_shared_experts: 1,
    n_routed_experts: 256,
    kv_lora_rank: 512,
    q_lora_rank: 1536,
    qk_rope_head_dim: 64,
    v_head_dim: 128,
    qk_nope_head_dim: 128,
    topk_method: "noaux_tc",
    num_experts_per_tok: 8,
    moe_layer_freq: 1,
    first_k_dense_replace: 3,
    max_position_embeddings: 163840,
  };
  const v2 = {
    ...v3,
    model_type: "deepseek_v2",
    vocab_size: 102400,
    hidden_size: 5120,
    intermediate_size: 12288,
    moe_intermediate_size: 1536,
    num_hidden_layers: 60,
    num_nextn_predict_layers: 0,
    n_shared_experts: 2,
    n_routed_experts: 160,
    num_experts_per_tok: 6,
    first_k_dense_replace: 1,
    topk_method: "group_limited_greedy",
  };
  const lite = {
    ...v2,
    hidden_size: 2048,
    intermediate_size: 10944,
    moe_intermediate_size: 1408,
    num_hidden_layers: 27,
    num_attention_heads: 16,
    num_key_value_heads: 16,
    n_routed_experts: 64,
    q_lora_rank: null,
    topk_method: "greedy",
  };
  const activated = (c: { vocab_size: number; hidden_size: number }, r: ReturnType<typeof countParameters>) =>
    r.active - c.vocab_size * c.hidden_size;
  it("V3: 671,026,419,200 parameters, ~37B activated, the MTP module apart", () => {
    const c = fromHuggingFaceConfig(v3);
    const r = countParameters(c);
    expect(r.total).toBe(671_026_419_200);
    expect(within(activated(v3, r), 37e9, 0.5e9)).toBe(true);
    expect(c.moe?.layers[0]).toBe(3);
    expect(c.moe?.routerBias).toBe(true); // e_score_correction_bias
    // One MoE block + enorm, hnorm, shared-head norm + eh_proj (2d × d); embedding and head shared.
    const block = r.perLayer[60]!.total;
    expect(r.mtp).toBe(block + 3 * 7168 + 2 * 7168 * 7168);
    expect(r.closedForm.value).toBe(r.total);
  });
  it("V2: 236B and 21B activated; V2-Lite (no query bottleneck): 15.7B and 2.4B", () => {
    const r2 = countParameters(fromHuggingFaceConfig(v2));
    expect(within(r2.total, 236e9, 0.5e9)).toBe(true);
    expect(within(activated(v2, r2), 21e9, 0.5e9)).toBe(true);
    const rl = countParameters(fromHuggingFaceConfig(lite));
    expect(within(rl.total, 15.7e9, 0.05e9)).toBe(true);
    expect(within(activated(lite, rl), 2.4e9, 0.06e9)).toBe(true);
    expect(rl.closedForm.value).toBe(rl.total);
  });
  it("the KV cache holds the latent: (512 + 64) values per token and layer", () => {
    const c = fromHuggingFaceConfig(v3);
    expect(kvCacheBytes(c, { contextLength: 1, dtype: "bf16" })).toBe(61 * 576 * 2);
  });
});

describe("configs that do not say model_type, and wrappers", () => {
  it("recognises the family from architectures[0], then from GPT-2's or Llama's field names", () => {
    const { model_type: _, ...noType } = qwen3_8b;
    const byArch = fromHuggingFaceConfig({ ...noType, architectures: ["Qwen3ForCausalLM"] });
    expect(countParameters(byArch).total).toBe(countParameters(fromHuggingFaceConfig(qwen3_8b)).total);
    expect(byArch.notes.join(" ")).toMatch(/architectures\[0\] = Qwen3ForCausalLM/);
    const gpt2 = fromHuggingFaceConfig({
      vocab_size: 50257,
      n_positions: 1024,
      n_embd: 768,
      n_layer: 12,
      n_head: 12,
      activation_function: "gelu_new",
    });
    expect(countParameters(gpt2).total).toBe(124_439_808);
    const llama = fromHuggingFaceConfig({
      vocab_size: 32000,
      hidden_size: 4096,
      intermediate_size: 11008,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 32,
      rms_norm_eps: 1e-5,
      max_position_embeddings: 4096,
    });
    expect(countParameters(llama).total).toBe(6_738_415_616);
    expect(() => fromHuggingFaceConfig({ hidden_size: 8 })).toThrow(ImportError);
  });
  it("counts the language model of a multimodal wrapper (Llava: text_config is Llama-2-7B)", () => {
    const c = fromHuggingFaceConfig({
      model_type: "llava",
      text_config: {
        model_type: "llama",
        vocab_size: 32000,
        hidden_size: 4096,
        intermediate_size: 11008,
        num_hidden_layers: 32,
        num_attention_heads: 32,
        max_position_embeddings: 4096,
      },
      vision_config: { model_type: "clip_vision_model" },
    });
    expect(countParameters(c).total).toBe(6_738_415_616);
    expect(c.notes.join(" ")).toMatch(/vision tower not counted/);
  });
});
