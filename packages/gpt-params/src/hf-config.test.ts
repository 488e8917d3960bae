// fromHuggingFaceConfig: each family's config.json (values as published on the Hugging Face Hub) must give
// the checkpoint's published parameter count, which exercises every unstated family rule.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countParameters } from "./count";
import { ImportError } from "./errors";
import { fromHuggingFaceConfig } from "./hf-config";

// [model id, config.json fields that matter, published parameter count and where it is published]
const CASES: [string, Record<string, unknown>, number][] = [
  // Sum of parameters of the HF checkpoints (shown on each model page's "Model size"/safetensors panel).
  [
    "openai-community/gpt2",
    {
      model_type: "gpt2",
      vocab_size: 50257,
      n_positions: 1024,
      n_embd: 768,
      n_layer: 12,
      n_head: 12,
      n_inner: null,
    },
    124_439_808,
  ],
  [
    "EleutherAI/gpt-j-6b",
    {
      model_type: "gptj",
      vocab_size: 50400,
      n_positions: 2048,
      n_embd: 4096,
      n_layer: 28,
      n_head: 16,
      rotary_dim: 64,
      tie_word_embeddings: false,
    },
    6_050_882_784,
  ],
  // Pythia README table: 70,426,624 (70M) and 162,322,944 (160M).
  [
    "EleutherAI/pythia-160m",
    {
      model_type: "gpt_neox",
      vocab_size: 50304,
      max_position_embeddings: 2048,
      hidden_size: 768,
      num_hidden_layers: 12,
      num_attention_heads: 12,
      intermediate_size: 3072,
      use_parallel_residual: true,
      tie_word_embeddings: false,
    },
    162_322_944,
  ],
  [
    "meta-llama/Llama-2-7b-hf",
    {
      model_type: "llama",
      vocab_size: 32000,
      max_position_embeddings: 4096,
      hidden_size: 4096,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 32,
      intermediate_size: 11008,
      tie_word_embeddings: false,
    },
    6_738_415_616,
  ],
  [
    "meta-llama/Meta-Llama-3-8B",
    {
      model_type: "llama",
      vocab_size: 128256,
      max_position_embeddings: 8192,
      hidden_size: 4096,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      intermediate_size: 14336,
      attention_bias: false,
      mlp_bias: false,
      tie_word_embeddings: false,
    },
    8_030_261_248,
  ],
  // meta-llama/Llama-3.2-1B: 1,235,814,400 (tied embeddings, set in its config.json).
  [
    "meta-llama/Llama-3.2-1B",
    {
      model_type: "llama",
      vocab_size: 128256,
      max_position_embeddings: 131072,
      hidden_size: 2048,
      num_hidden_layers: 16,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      head_dim: 64,
      intermediate_size: 8192,
      tie_word_embeddings: true,
    },
    1_235_814_400,
  ],
  [
    "mistralai/Mistral-7B-v0.1",
    {
      model_type: "mistral",
      vocab_size: 32000,
      max_position_embeddings: 32768,
      hidden_size: 4096,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      intermediate_size: 14336,
      tie_word_embeddings: false,
    },
    7_241_732_096,
  ],
  [
    "mistralai/Mixtral-8x7B-v0.1",
    {
      model_type: "mixtral",
      vocab_size: 32000,
      max_position_embeddings: 32768,
      hidden_size: 4096,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      intermediate_size: 14336,
      num_local_experts: 8,
      num_experts_per_tok: 2,
      tie_word_embeddings: false,
    },
    46_702_792_704,
  ],
  // Qwen2 model card: Qwen2-0.5B 494,032,768 (tied embeddings, Q/K/V biases).
  [
    "Qwen/Qwen2-0.5B",
    {
      model_type: "qwen2",
      vocab_size: 151936,
      max_position_embeddings: 131072,
      hidden_size: 896,
      num_hidden_layers: 24,
      num_attention_heads: 14,
      num_key_value_heads: 2,
      intermediate_size: 4864,
      tie_word_embeddings: true,
    },
    494_032_768,
  ],
  // google/gemma-2b: 2,506,172,416; google/gemma-2-2b: 2,614,341,888.
  [
    "google/gemma-2b",
    {
      model_type: "gemma",
      vocab_size: 256000,
      max_position_embeddings: 8192,
      hidden_size: 2048,
      num_hidden_layers: 18,
      num_attention_heads: 8,
      num_key_value_heads: 1,
      head_dim: 256,
      intermediate_size: 16384,
    },
    2_506_172_416,
  ],
  [
    "google/gemma-2-2b",
    {
      model_type: "gemma2",
      vocab_size: 256000,
      max_position_embeddings: 8192,
      hidden_size: 2304,
      num_hidden_layers: 26,
      num_attention_heads: 8,
      num_key_value_heads: 4,
      head_dim: 256,
      intermediate_size: 9216,
    },
    2_614_341_888,
  ],
  // microsoft/phi-2: 2,779,683,840; microsoft/Phi-3-mini-4k-instruct: 3,821,079,552.
  [
    "microsoft/phi-2",
    {
      model_type: "phi",
      vocab_size: 51200,
      max_position_embeddings: 2048,
      hidden_size: 2560,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      intermediate_size: 10240,
      partial_rotary_factor: 0.4,
      tie_word_embeddings: false,
    },
    2_779_683_840,
  ],
  [
    "microsoft/Phi-3-mini-4k-instruct",
    {
      model_type: "phi3",
      vocab_size: 32064,
      max_position_embeddings: 4096,
      hidden_size: 3072,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 32,
      intermediate_size: 8192,
      tie_word_embeddings: false,
    },
    3_821_079_552,
  ],
  // facebook/opt-125m: 125,239,296 (2050 position rows for 2048 positions).
  [
    "facebook/opt-125m",
    {
      model_type: "opt",
      vocab_size: 50272,
      max_position_embeddings: 2048,
      hidden_size: 768,
      num_hidden_layers: 12,
      num_attention_heads: 12,
      ffn_dim: 3072,
      word_embed_proj_dim: 768,
      do_layer_norm_before: true,
      enable_bias: true,
    },
    125_239_296,
  ],
  // bigscience/bloom-560m: 559,214,592.
  [
    "bigscience/bloom-560m",
    { model_type: "bloom", vocab_size: 250880, hidden_size: 1024, n_layer: 24, n_head: 16, seq_length: 2048 },
    559_214_592,
  ],
  // tiiuae/falcon-7b: 6,921,720,704 (multi-query, parallel attention, one LayerNorm, no biases, tied).
  [
    "tiiuae/falcon-7b",
    {
      model_type: "falcon",
      vocab_size: 65024,
      hidden_size: 4544,
      num_hidden_layers: 32,
      num_attention_heads: 71,
      multi_query: true,
      parallel_attn: true,
      bias: false,
      new_decoder_architecture: false,
      alibi: false,
    },
    6_921_720_704,
  ],
];

describe("fromHuggingFaceConfig reproduces published checkpoint counts", () => {
  for (const [id, json, count] of CASES) {
    it(`${id}: ${count.toLocaleString("en-US")}`, () => {
      const config = fromHuggingFaceConfig({ _name_or_path: id, ...json });
      expect(config.name).toBe(id);
      expect(config.notes.length).toBeGreaterThan(1);
      expect(countParameters(config).total).toBe(count);
    });
  }
  it("accepts JSON text and the committed fixture", () => {
    const text = readFileSync(new URL("../test/fixtures/gpt2-config.json", import.meta.url), "utf8");
    expect(countParameters(fromHuggingFaceConfig(text)).total).toBe(124_439_808);
  });
  it("applies the family rules that the JSON leaves unstated", () => {
    const qwen = fromHuggingFaceConfig({
      model_type: "qwen2",
      vocab_size: 10,
      max_position_embeddings: 8,
      hidden_size: 8,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      intermediate_size: 16,
    });
    expect(qwen.bias).toEqual({ qkv: true, attnOut: false, mlp: false, lmHead: false });
    expect(qwen.tiedEmbeddings).toBe(false);
    const opt = fromHuggingFaceConfig({
      model_type: "opt",
      vocab_size: 10,
      max_position_embeddings: 8,
      hidden_size: 8,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      ffn_dim: 16,
    });
    expect(opt.positionRows).toBe(10);
    const falcon40 = fromHuggingFaceConfig({
      model_type: "RefinedWeb",
      vocab_size: 10,
      hidden_size: 64,
      num_hidden_layers: 1,
      num_attention_heads: 8,
      num_kv_heads: 2,
      new_decoder_architecture: true,
    });
    expect(falcon40.nKVHeads).toBe(2);
    expect(falcon40.normsPerLayer).toBe(2);
    const gptj = fromHuggingFaceConfig({
      model_type: "gptj",
      vocab_size: 10,
      n_positions: 8,
      n_embd: 8,
      n_layer: 1,
      n_head: 2,
    });
    expect(gptj.bias.lmHead).toBe(true);
    expect(gptj.normsPerLayer).toBe(1);
    const noFinal = fromHuggingFaceConfig({
      model_type: "opt",
      vocab_size: 10,
      max_position_embeddings: 8,
      hidden_size: 8,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      ffn_dim: 16,
      do_layer_norm_before: false,
    });
    expect(noFinal.finalNorm).toBe(false);
  });
});

describe("fromHuggingFaceConfig errors", () => {
  const code = (input: unknown): string => {
    try {
      fromHuggingFaceConfig(input as Record<string, unknown>);
    } catch (e) {
      expect(e).toBeInstanceOf(ImportError);
      expect((e as Error).message).toMatch(/^fromHuggingFaceConfig: /);
      return (e as ImportError).code;
    }
    throw new Error("test: expected an ImportError");
  };
  it("rejects unknown families, naming the supported ones", () => {
    expect(code({ model_type: "t5" })).toBe("UNSUPPORTED_FAMILY");
    expect(code({})).toBe("UNSUPPORTED_FAMILY");
  });
  it("rejects OPT's project_in/project_out variant instead of miscounting it", () => {
    expect(
      code({
        model_type: "opt",
        vocab_size: 50272,
        max_position_embeddings: 2048,
        hidden_size: 1024,
        word_embed_proj_dim: 512,
        num_hidden_layers: 24,
        num_attention_heads: 16,
        ffn_dim: 4096,
      }),
    ).toBe("UNSUPPORTED_VARIANT");
  });
  it("refuses a wrong-typed head_dim for Llama-family configs instead of ignoring it", () => {
    const llama = {
      model_type: "llama",
      vocab_size: 32000,
      max_position_embeddings: 4096,
      hidden_size: 4096,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      intermediate_size: 11008,
    };
    for (const head_dim of ["128", [128], true, Number.NaN]) {
      expect(code({ ...llama, head_dim })).toBe("FIELD_INVALID");
    }
    expect(fromHuggingFaceConfig({ ...llama, head_dim: 64 }).headDim).toBe(64);
    expect(fromHuggingFaceConfig({ ...llama, head_dim: null }).headDim).toBe(128);
  });
  it("refuses JSON nested past 128 levels, as text or as a parsed object, with a typed error", () => {
    const deepText = `{"model_type":"llama","rope_scaling":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    expect(code(deepText)).toBe("NESTING_TOO_DEEP");
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { x: deep };
    expect(code({ model_type: "llama", rope_scaling: deep })).toBe("NESTING_TOO_DEEP");
    expect(code({ model_type: "llama", vocab_size: deep })).toBe("NESTING_TOO_DEEP");
    expect(code("{oops")).toBe("FIELD_INVALID");
  });
  it("names missing and mistyped fields", () => {
    expect(code({ model_type: "llama", vocab_size: 10 })).toBe("FIELD_MISSING");
    expect(
      code({ model_type: "gpt2", vocab_size: "big", n_positions: 8, n_embd: 8, n_layer: 1, n_head: 2 }),
    ).toBe("FIELD_INVALID");
    expect(
      code({
        model_type: "gptj",
        vocab_size: 10,
        n_positions: 8,
        n_embd: 8,
        n_layer: 1,
        n_head: 2,
        tie_word_embeddings: "no",
      }),
    ).toBe("FIELD_INVALID");
    expect(code("{not json")).toBe("FIELD_INVALID");
  });
});
