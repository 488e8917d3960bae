// The per-family rules of the Hugging Face config.json importer: for each model_type, which fields give the
// dimensions and what the JSON leaves unstated (biases, tying, extra position rows, KV heads, norm layout,
// experts), each citing the transformers (or the model's own) modeling file or config class that fixes it.
// hf-config.ts parses the file and picks the family; this file only maps fields.
import { showValue } from "@paramlens/formats";
import type { GPTConfigInput } from "./config";
import { ImportError } from "./errors";

type Json = Record<string, unknown>;

export function num(json: Json, keys: string | string[], fallback?: number): number {
  for (const key of Array.isArray(keys) ? keys : [keys]) {
    const v = json[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ImportError("FIELD_INVALID", `"${key}" is ${showValue(v)}, expected a number`);
    }
    return v;
  }
  if (fallback !== undefined) return fallback;
  const names = Array.isArray(keys) ? keys.join('" or "') : keys;
  throw new ImportError("FIELD_MISSING", `config.json has no "${names}"`);
}

export function flag(json: Json, key: string, fallback: boolean): boolean {
  const v = json[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "boolean")
    throw new ImportError("FIELD_INVALID", `"${key}" is ${showValue(v)}, expected true or false`);
  return v;
}

/** The GPTConfigInput of one family; appends the rules it applied to `notes`. */
export function buildFamily(family: string, j: Json, notes: string[]): GPTConfigInput {
  switch (family) {
    case "gpt2": {
      // modeling_gpt2.py: Conv1D layers all carry biases; lm_head = nn.Linear(..., bias=False), tied to wte
      // (PretrainedConfig.tie_word_embeddings defaults to true); wpe has n_positions rows; n_inner None → 4·n_embd.
      const d = num(j, ["n_embd", "hidden_size"]);
      notes.push(
        "GPT-2: biases on every Conv1D, none on lm_head; lm_head tied to wte; d_ff = n_inner or 4·n_embd",
      );
      return {
        vocabSize: num(j, "vocab_size"),
        contextLength: num(j, ["n_positions", "n_ctx"]),
        dModel: d,
        nLayers: num(j, ["n_layer", "num_hidden_layers"]),
        nHeads: num(j, ["n_head", "num_attention_heads"]),
        dFF: num(j, "n_inner", 4 * d),
        tiedEmbeddings: flag(j, "tie_word_embeddings", true),
      };
    }
    case "gptj": {
      // modeling_gptj.py: q/k/v/out_proj bias=False; fc_in/fc_out with bias; lm_head nn.Linear with bias;
      // one ln_1 per block feeding attention and MLP in parallel; GPTJConfig tie_word_embeddings=False.
      const d = num(j, ["n_embd", "hidden_size"]);
      notes.push(
        "GPT-J: no attention biases, MLP biases, lm_head bias; one LayerNorm per block; untied; rotary",
      );
      return {
        vocabSize: num(j, "vocab_size"),
        contextLength: num(j, ["n_positions", "n_ctx"]),
        dModel: d,
        nLayers: num(j, ["n_layer", "num_hidden_layers"]),
        nHeads: num(j, ["n_head", "num_attention_heads"]),
        dFF: num(j, "n_inner", 4 * d),
        position: "rotary",
        normsPerLayer: 1,
        bias: { qkv: false, attnOut: false, mlp: true, lmHead: true },
        tiedEmbeddings: flag(j, "tie_word_embeddings", false),
      };
    }
    case "gpt_neox": {
      // modeling_gpt_neox.py: query_key_value and dense use bias=config.attention_bias (default True);
      // MLP dense_h_to_4h/dense_4h_to_h have biases; embed_out bias=False; input_layernorm and
      // post_attention_layernorm both exist even with use_parallel_residual; GPTNeoXConfig tie_word_embeddings=False.
      const bias = flag(j, "attention_bias", true);
      notes.push(
        "GPT-NeoX: attention biases per attention_bias (default true), MLP biases, embed_out without bias, untied, two LayerNorms per block",
      );
      return {
        ...common(j),
        position: "rotary",
        bias: { qkv: bias, attnOut: bias, mlp: true, lmHead: false },
        tiedEmbeddings: flag(j, "tie_word_embeddings", false),
      };
    }
    case "llama":
    case "mistral":
    case "mixtral":
    case "qwen2":
    case "phi3": {
      // modeling_llama.py: q/k/v/o bias=config.attention_bias (default False), MLP bias=config.mlp_bias
      // (default False); Mistral/Mixtral: no biases. Qwen2 (modeling_qwen2.py): q/k/v bias=True, o_proj
      // bias=False. Phi-3 (modeling_phi3.py): fused qkv_proj and gate_up_proj, no biases. All: RMSNorm,
      // SwiGLU, rotary; tie_word_embeddings defaults to False in each config class.
      const attnBias = flag(j, "attention_bias", false);
      const mlpBias = flag(j, "mlp_bias", false);
      const qkvBias = family === "qwen2" ? true : attnBias;
      const out: GPTConfigInput = {
        ...common(j),
        mlp: "swiglu",
        norm: "rmsnorm",
        position: "rotary",
        bias: { qkv: qkvBias, attnOut: family === "qwen2" ? false : attnBias, mlp: mlpBias, lmHead: false },
        tiedEmbeddings: flag(j, "tie_word_embeddings", false),
      };
      notes.push(
        family === "qwen2"
          ? "Qwen2: Q/K/V biases, none on o_proj or MLP; RMSNorm, SwiGLU, rotary"
          : `${family}: biases per attention_bias/mlp_bias (default false); RMSNorm, SwiGLU, rotary`,
      );
      if (family === "mixtral") {
        // modeling_mixtral.py: gate = nn.Linear(hidden, num_local_experts, bias=False); experts w1/w2/w3.
        out.moe = {
          nExperts: num(j, "num_local_experts"),
          expertsPerToken: num(j, "num_experts_per_tok"),
          routerBias: false,
        };
        notes.push("Mixtral: every layer MoE; router without bias");
      }
      return out;
    }
    case "deepseek_v2":
    case "deepseek_v3": {
      // DeepSeek's modeling_deepseek.py (deepseek-ai/DeepSeek-V2, -V3 repositories; transformers'
      // modeling_deepseek_v3.py follows it): multi-head latent attention (q_a_proj → q_a_layernorm → q_b_proj,
      // or q_proj when q_lora_rank is null; kv_a_proj_with_mqa → kv_a_layernorm → kv_b_proj; o_proj),
      // attention_bias default False, RMSNorm, SwiGLU. Layer i is MoE when i >= first_k_dense_replace and
      // i % moe_layer_freq == 0; its shared experts are one MLP of width moe_intermediate_size ·
      // n_shared_experts; the router's weight is [n_routed_experts, d] and topk_method "noaux_tc" (V3) adds
      // e_score_correction_bias [n_routed_experts]. num_nextn_predict_layers MTP modules are counted apart.
      const attnBias = flag(j, "attention_bias", false);
      const nLayers = num(j, "num_hidden_layers");
      const nope = num(j, "qk_nope_head_dim");
      const rope = num(j, "qk_rope_head_dim");
      const out: GPTConfigInput = {
        ...common(j),
        headDim: nope + rope,
        mlp: "swiglu",
        norm: "rmsnorm",
        position: "rotary",
        mla: {
          qLoraRank: num(j, "q_lora_rank", 0),
          kvLoraRank: num(j, "kv_lora_rank"),
          qkNopeHeadDim: nope,
          qkRopeHeadDim: rope,
          vHeadDim: num(j, "v_head_dim"),
        },
        mtpModules: num(j, "num_nextn_predict_layers", 0),
        bias: { qkv: attnBias, attnOut: attnBias, mlp: false, lmHead: false },
        tiedEmbeddings: flag(j, "tie_word_embeddings", false),
      };
      out.nKVHeads = out.nHeads;
      const routed = j.n_routed_experts;
      if (routed !== undefined && routed !== null) {
        const firstDense = num(j, "first_k_dense_replace", 0);
        const freq = num(j, "moe_layer_freq", 1);
        const layers = Array.from({ length: nLayers }, (_, i) => i).filter(
          (i) => i >= firstDense && i % freq === 0,
        );
        const expertDFF = num(j, "moe_intermediate_size");
        const shared = num(j, "n_shared_experts", 0);
        out.moe = {
          nExperts: num(j, "n_routed_experts"),
          expertsPerToken: num(j, "num_experts_per_tok"),
          expertDFF,
          nSharedExperts: shared > 0 ? 1 : 0,
          ...(shared > 0 ? { sharedExpertDFF: expertDFF * shared } : {}),
          layers,
          routerBias: j.topk_method === "noaux_tc",
        };
      }
      notes.push(
        `${family}: multi-head latent attention (KV cache holds the latent: kv_lora_rank + qk_rope_head_dim per token and layer); shared + routed experts after ${String(j.first_k_dense_replace ?? 0)} dense layers`,
      );
      return out;
    }
    case "gemma3_text": {
      // modeling_gemma3.py (transformers 4.50): Gemma 2's block (four RMSNorms, GeGLU, explicit head_dim, no
      // biases, tied embeddings) plus q_norm/k_norm = Gemma3RMSNorm(head_dim). Multimodal Gemma 3 checkpoints
      // wrap this config in text_config.
      notes.push("gemma3: Gemma 2 block + per-head q/k RMSNorm; GeGLU, tied embeddings, 4 norms per block");
      return {
        ...common(j),
        headDim: num(j, "head_dim", 256),
        mlp: "geglu",
        norm: "rmsnorm",
        position: "rotary",
        normsPerLayer: 4,
        qkNorm: "head",
        bias: { qkv: false, attnOut: false, mlp: false, lmHead: false },
        tiedEmbeddings: flag(j, "tie_word_embeddings", true),
      };
    }
    case "olmo2": {
      // modeling_olmo2.py: RMSNorm after attention and after the MLP (post_attention_layernorm,
      // post_feedforward_layernorm: two per block), q_norm over the whole q projection and k_norm over the
      // whole k projection, attention_bias default False, SwiGLU, rotary, tie_word_embeddings default False.
      const attnBias = flag(j, "attention_bias", false);
      notes.push("olmo2: post-norm blocks, q/k RMSNorm over the full projections, SwiGLU, rotary");
      return {
        ...common(j),
        mlp: "swiglu",
        norm: "rmsnorm",
        position: "rotary",
        qkNorm: "full",
        bias: { qkv: attnBias, attnOut: attnBias, mlp: false, lmHead: false },
        tiedEmbeddings: flag(j, "tie_word_embeddings", false),
      };
    }
    case "phimoe": {
      // modeling_phimoe.py: LayerNorm with bias; q/k/v/o bias = attention_bias (PhimoeConfig default True);
      // lm_head bias = lm_head_bias (default True); router Linear(d, num_local_experts, bias=False); experts
      // w1/w2/w3 without bias; every layer MoE; tie_word_embeddings default False.
      const attnBias = flag(j, "attention_bias", true);
      notes.push("phimoe: LayerNorm, attention and LM-head biases, every layer MoE without router bias");
      return {
        ...common(j),
        mlp: "swiglu",
        norm: "layernorm",
        position: "rotary",
        bias: { qkv: attnBias, attnOut: attnBias, mlp: false, lmHead: flag(j, "lm_head_bias", true) },
        tiedEmbeddings: flag(j, "tie_word_embeddings", false),
        moe: {
          nExperts: num(j, "num_local_experts"),
          expertsPerToken: num(j, "num_experts_per_tok"),
          routerBias: false,
        },
      };
    }
    case "gemma":
    case "gemma2": {
      // modeling_gemma.py / modeling_gemma2.py: explicit head_dim (q_proj is d × heads·head_dim), GeGLU MLP,
      // RMSNorm, no biases (attention_bias default False); GemmaConfig/Gemma2Config tie_word_embeddings=True.
      // Gemma-2 blocks have four norms: input, post_attention, pre_feedforward, post_feedforward.
      const attnBias = flag(j, "attention_bias", false);
      notes.push(
        `${family}: explicit head_dim, GeGLU, RMSNorm, tied embeddings, ${family === "gemma2" ? 4 : 2} norms per block`,
      );
      return {
        ...common(j),
        headDim: num(j, "head_dim", 256),
        mlp: "geglu",
        norm: "rmsnorm",
        position: "rotary",
        normsPerLayer: family === "gemma2" ? 4 : 2,
        bias: { qkv: attnBias, attnOut: attnBias, mlp: false, lmHead: false },
        tiedEmbeddings: flag(j, "tie_word_embeddings", true),
      };
    }
    case "phi": {
      // modeling_phi.py: q/k/v/dense with bias, fc1/fc2 with bias, one input_layernorm per block (parallel
      // attention and MLP), final_layernorm, lm_head nn.Linear with bias; PhiConfig tie_word_embeddings=False.
      notes.push(
        "Phi: biases everywhere including lm_head; one LayerNorm per block; untied; (partial) rotary",
      );
      return {
        ...common(j),
        position: "rotary",
        normsPerLayer: 1,
        bias: { qkv: true, attnOut: true, mlp: true, lmHead: true },
        tiedEmbeddings: flag(j, "tie_word_embeddings", false),
      };
    }
    case "opt": {
      // modeling_opt.py: OPTLearnedPositionalEmbedding keeps max_position_embeddings + 2 rows ("offset 2");
      // all linears use bias=config.enable_bias (default True); final_layer_norm only if do_layer_norm_before
      // and not _remove_final_layer_norm; lm_head bias=False and tied (tie_word_embeddings default True).
      const d = num(j, "hidden_size");
      const proj = num(j, "word_embed_proj_dim", d);
      if (proj !== d) {
        throw new ImportError(
          "UNSUPPORTED_VARIANT",
          `OPT with word_embed_proj_dim ${proj} ≠ hidden_size ${d} (project_in/project_out, e.g. opt-350m) is not modelled`,
        );
      }
      const bias = flag(j, "enable_bias", true);
      const ctx = num(j, "max_position_embeddings");
      const finalNorm = flag(j, "do_layer_norm_before", true) && !flag(j, "_remove_final_layer_norm", false);
      notes.push(
        "OPT: position table has max_position_embeddings + 2 rows; biases per enable_bias; tied; no lm_head bias",
      );
      return {
        vocabSize: num(j, "vocab_size"),
        contextLength: ctx,
        positionRows: ctx + 2,
        dModel: d,
        nLayers: num(j, "num_hidden_layers"),
        nHeads: num(j, "num_attention_heads"),
        dFF: num(j, "ffn_dim"),
        finalNorm,
        bias: { qkv: bias, attnOut: bias, mlp: bias, lmHead: false },
        tiedEmbeddings: flag(j, "tie_word_embeddings", true),
      };
    }
    case "bloom": {
      // modeling_bloom.py: word_embeddings_layernorm after the embedding; ALiBi (no position table);
      // query_key_value, dense and MLP linears with bias; 4·h MLP; lm_head bias=False, tied.
      const d = num(j, ["hidden_size", "n_embed"]);
      notes.push(
        "BLOOM: ALiBi, LayerNorm on the embeddings, biases everywhere but lm_head, tied; context from seq_length or 2048",
      );
      return {
        vocabSize: num(j, "vocab_size"),
        contextLength: num(j, ["seq_length", "max_position_embeddings"], 2048),
        dModel: d,
        nLayers: num(j, ["n_layer", "num_hidden_layers"]),
        nHeads: num(j, ["n_head", "num_attention_heads"]),
        dFF: 4 * d,
        position: "alibi",
        embeddingNorm: true,
        tiedEmbeddings: flag(j, "tie_word_embeddings", true),
      };
    }
    case "openai-gpt": {
      // modeling_openai.py: Conv1D c_attn/c_proj/c_fc with biases; post-LN blocks (ln_1 after attention, ln_2
      // after the MLP) and no final LayerNorm; MLP width 4·n_embd; learned positions (n_positions rows);
      // lm_head nn.Linear(bias=False) tied to tokens_embed.
      const d = num(j, ["n_embd", "hidden_size"]);
      notes.push("GPT-1: post-LN, no final LayerNorm, biases on every Conv1D, d_ff = 4·n_embd, tied head");
      return {
        vocabSize: num(j, "vocab_size"),
        contextLength: num(j, ["n_positions", "n_ctx"]),
        dModel: d,
        nLayers: num(j, ["n_layer", "num_hidden_layers"]),
        nHeads: num(j, ["n_head", "num_attention_heads"]),
        dFF: 4 * d,
        finalNorm: false,
        tiedEmbeddings: flag(j, "tie_word_embeddings", true),
      };
    }
    case "gpt_bigcode": {
      // modeling_gpt_bigcode.py: c_attn = Linear(d, d + 2·kv_dim) with kv_dim = head_dim when multi_query
      // (default true, StarCoder's MQA), biases on every Linear, LayerNorms ln_1/ln_2/ln_f, learned wpe,
      // n_inner or 4·d, lm_head without bias, tied.
      const d = num(j, ["n_embd", "hidden_size"]);
      const heads = num(j, ["n_head", "num_attention_heads"]);
      const mqa = flag(j, "multi_query", true);
      notes.push(
        `GPTBigCode: ${mqa ? "multi-query attention (one K/V head)" : "multi-head attention"}; biases; tied head`,
      );
      return {
        vocabSize: num(j, "vocab_size"),
        contextLength: num(j, ["n_positions", "n_ctx"]),
        dModel: d,
        nLayers: num(j, ["n_layer", "num_hidden_layers"]),
        nHeads: heads,
        nKVHeads: mqa ? 1 : heads,
        dFF: num(j, "n_inner", 4 * d),
        tiedEmbeddings: flag(j, "tie_word_embeddings", true),
      };
    }
    case "qwen3":
    case "qwen2_moe":
    case "qwen3_moe": {
      // modeling_qwen3.py / modeling_qwen3_moe.py: q/k/v/o bias = attention_bias (default False), q_norm and
      // k_norm RMSNorm(head_dim) per layer, head_dim 128 by default. modeling_qwen2_moe.py: Q/K/V biases,
      // no o_proj bias, no q/k norms; its sparse block adds a shared expert with a d → 1 sigmoid gate. MoE
      // layers: not in mlp_only_layers and (i + 1) % decoder_sparse_step == 0; the others are dense MLPs.
      // Router Linear(d, num_experts, bias=False). tie_word_embeddings defaults to False.
      const qwen2moe = family === "qwen2_moe";
      const attnBias = flag(j, "attention_bias", false);
      const out: GPTConfigInput = {
        ...common(j),
        mlp: "swiglu",
        norm: "rmsnorm",
        position: "rotary",
        qkNorm: qwen2moe ? "none" : "head",
        bias: {
          qkv: qwen2moe ? true : attnBias,
          attnOut: qwen2moe ? false : attnBias,
          mlp: false,
          lmHead: false,
        },
        tiedEmbeddings: flag(j, "tie_word_embeddings", false),
      };
      if (!qwen2moe && out.headDim === undefined) out.headDim = 128; // Qwen3Config(head_dim=128)
      if (family !== "qwen3") {
        const nLayers = num(j, "num_hidden_layers");
        const step = num(j, "decoder_sparse_step", 1);
        const only = j.mlp_only_layers ?? [];
        if (!Array.isArray(only) || only.some((x) => typeof x !== "number")) {
          throw new ImportError(
            "FIELD_INVALID",
            `"mlp_only_layers" is ${showValue(only)}, expected a list of layer numbers`,
          );
        }
        const layers = Array.from({ length: nLayers }, (_, i) => i).filter(
          (i) => !only.includes(i) && (i + 1) % step === 0,
        );
        const shared = qwen2moe ? num(j, "shared_expert_intermediate_size") : 0;
        out.moe = {
          nExperts: num(j, "num_experts"),
          expertsPerToken: num(j, "num_experts_per_tok"),
          expertDFF: num(j, "moe_intermediate_size"),
          nSharedExperts: shared > 0 ? 1 : 0,
          ...(shared > 0 ? { sharedExpertDFF: shared, sharedExpertGate: true } : {}),
          layers,
          routerBias: false,
        };
      }
      notes.push(
        qwen2moe
          ? "Qwen2-MoE: Q/K/V biases; routed experts plus one gated shared expert; RMSNorm, SwiGLU, rotary"
          : `${family}: per-head q/k RMSNorm; biases per attention_bias (default false); RMSNorm, SwiGLU, rotary`,
      );
      return out;
    }
    case "falcon": {
      // modeling_falcon.py / configuration_falcon.py: KV heads = num_kv_heads if new_decoder_architecture,
      // else 1 if multi_query (default True), else num_attention_heads. Linear biases follow `bias`
      // (default False). Norms: new_decoder_architecture → num_ln_in_parallel_attn (default 2);
      // parallel_attn (default True) → 1; else 2. Rotary unless alibi. lm_head bias=False, tied.
      const d = num(j, ["hidden_size", "n_embed"]);
      const heads = num(j, ["num_attention_heads", "n_head"]);
      const newArch = flag(j, "new_decoder_architecture", false);
      const multiQuery = flag(j, "multi_query", true);
      const kv = newArch ? num(j, ["num_kv_heads", "n_head_kv"], heads) : multiQuery ? 1 : heads;
      const parallel = flag(j, "parallel_attn", true);
      const norms = newArch ? num(j, "num_ln_in_parallel_attn", 2) : parallel ? 1 : 2;
      const bias = flag(j, "bias", false);
      notes.push(
        `Falcon: ${kv} KV head(s), ${norms} LayerNorm(s) per block, linear biases ${bias}, tied; context default 2048`,
      );
      return {
        vocabSize: num(j, "vocab_size"),
        contextLength: num(j, "max_position_embeddings", 2048),
        dModel: d,
        nLayers: num(j, ["num_hidden_layers", "n_layer"]),
        nHeads: heads,
        nKVHeads: kv,
        dFF: num(j, "ffn_hidden_size", 4 * d),
        position: flag(j, "alibi", false) ? "alibi" : "rotary",
        normsPerLayer: norms,
        bias: { qkv: bias, attnOut: bias, mlp: bias, lmHead: false },
        tiedEmbeddings: flag(j, "tie_word_embeddings", true),
      };
    }
    default:
      throw new ImportError("UNSUPPORTED_FAMILY", `model_type "${family}" is not supported`);
  }
}

// Fields spelled the same across the Llama-style and NeoX/Phi configs.
function common(j: Json): GPTConfigInput {
  const heads = num(j, "num_attention_heads");
  const out: GPTConfigInput = {
    vocabSize: num(j, "vocab_size"),
    contextLength: num(j, "max_position_embeddings"),
    dModel: num(j, "hidden_size"),
    nLayers: num(j, "num_hidden_layers"),
    nHeads: heads,
    nKVHeads: num(j, "num_key_value_heads", heads),
    dFF: num(j, "intermediate_size"),
  };
  // LlamaConfig & co.: head_dim defaults to hidden_size // num_attention_heads; when present it must be a
  // number (a string used to be ignored silently, giving a wrong count)
  if (j.head_dim !== undefined && j.head_dim !== null) out.headDim = num(j, "head_dim");
  return out;
}
