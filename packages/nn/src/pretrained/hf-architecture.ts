// config.json → what to build: the GPTConfig (shapes and counts, from @paramlens/gpt-params'
// fromHuggingFaceConfig) and the GPTOptions the config does not carry (norm eps, activation, rotary base,
// partial dims, layout and scaling, sliding window, residual wiring, Gemma's (1 + w) and √d, OPT's offset).
// A key absent from config.json takes the default of that family's config class in transformers v4.47
// (configuration_<family>.py, cited per family below). Variants that are not built are rejected with a
// PretrainedError, never approximated. It does not read weights (see weight-layout.ts).
import { fromHuggingFaceConfig, type GPTConfig, GptParamsError } from "@paramlens/gpt-params";
import type { MLPActivation } from "../layers/mlp";
import type { RopeScaling, RotaryOptions } from "../layers/rotary-embedding";
import type { GPTOptions } from "../models/gpt";
import { cut, PretrainedError } from "./errors";

type Json = Record<string, unknown>;

/** model_type values loadPretrained builds. */
export const PRETRAINED_FAMILIES = [
  "gpt2",
  "gpt_neox",
  "llama",
  "mistral",
  "mixtral",
  "qwen2",
  "gemma",
  "phi3",
  "opt",
  "gptj",
  "phi",
  "bloom",
  "falcon",
  "openai-gpt",
  "gpt_bigcode",
] as const;
export type PretrainedFamily = (typeof PRETRAINED_FAMILIES)[number];

export interface Architecture {
  family: PretrainedFamily;
  config: GPTConfig;
  options: GPTOptions;
}

const FILE = "config.json";

function bad(field: string, value: unknown, want: string): PretrainedError {
  return new PretrainedError("CONFIG_INVALID", `config.json: "${field}" is ${cut(value)}, expected ${want}`, {
    file: FILE,
  });
}

function num(j: Json, key: string, fallback: number): number {
  const v = j[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) throw bad(key, v, "a number");
  return v;
}

function bool(j: Json, key: string, fallback: boolean): boolean {
  const v = j[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "boolean") throw bad(key, v, "true or false");
  return v;
}

function unsupported(family: string, what: string): PretrainedError {
  return new PretrainedError("UNSUPPORTED_VARIANT", `config.json: ${family} with ${what} is not supported`, {
    file: FILE,
  });
}

/** Hugging Face ACT2FN names → our activations (transformers/activations.py). */
function activation(j: Json, key: string, fallback: string, family: string): MLPActivation {
  const v = j[key] ?? fallback;
  switch (v) {
    case "gelu":
      return "gelu"; // GELUActivation: exact erf form
    case "gelu_new": // NewGELUActivation: the tanh approximation
    case "gelu_pytorch_tanh": // PytorchGELUTanh: nn.functional.gelu(approximate="tanh")
    case "gelu_fast": // FastGELUActivation: the same tanh formula, constants inlined
      return "gelu_tanh";
    case "relu":
      return "relu";
    case "silu":
    case "swish":
      return "silu";
    default:
      throw unsupported(
        family,
        `${key} ${cut(v)} (supported: gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, relu, silu)`,
      );
  }
}

/** rope_scaling (transformers modeling_rope_utils.py ROPE_INIT_FUNCTIONS) → RopeScaling; rejects what is not built. */
function ropeScaling(j: Json, family: string): RopeScaling | null {
  const rs = j.rope_scaling;
  if (rs === undefined || rs === null) return null;
  if (typeof rs !== "object" || Array.isArray(rs)) throw bad("rope_scaling", rs, "an object or null");
  const r = rs as Json;
  const type = r.rope_type ?? r.type;
  const factor = (): number => {
    const f = r.factor;
    if (typeof f !== "number" || !(f >= 1)) throw bad("rope_scaling.factor", f, "a number ≥ 1");
    return f;
  };
  switch (type) {
    case "default":
      return null;
    case "linear":
      return { type: "linear", factor: factor() };
    case "dynamic":
      return { type: "dynamic", factor: factor(), maxPositions: num(j, "max_position_embeddings", 2048) };
    case "llama3": {
      const need = (k: string): number => {
        const v = r[k];
        if (typeof v !== "number" || !Number.isFinite(v)) throw bad(`rope_scaling.${k}`, v, "a number");
        return v;
      };
      return {
        type: "llama3",
        factor: factor(),
        lowFreqFactor: need("low_freq_factor"),
        highFreqFactor: need("high_freq_factor"),
        originalMaxPositions: need("original_max_position_embeddings"),
      };
    }
    case "longrope": {
      if (family !== "phi3") throw unsupported(family, `rope_scaling type "longrope" (built for phi3 only)`);
      // modeling_phi3.py Phi3LongRoPEScaledRotaryEmbedding: factors by sequence length, cos/sin scaled by
      // sqrt(1 + ln(max/original) / ln(original)) when max > original (configuration_phi3.py defaults:
      // max_position_embeddings 4096, original_max_position_embeddings 4096)
      const list = (k: string): number[] => {
        const v = r[k];
        if (!Array.isArray(v) || v.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
          throw bad(`rope_scaling.${k}`, v, "a list of numbers");
        }
        return v as number[];
      };
      const original = num(j, "original_max_position_embeddings", 4096);
      const scale = num(j, "max_position_embeddings", 4096) / original;
      return {
        type: "longrope",
        shortFactor: list("short_factor"),
        longFactor: list("long_factor"),
        originalMaxPositions: original,
        attentionFactor: scale <= 1 ? 1 : Math.sqrt(1 + Math.log(scale) / Math.log(original)),
      };
    }
    default:
      throw new PretrainedError(
        "UNSUPPORTED_VARIANT",
        `config.json: rope_scaling type ${cut(type)} is not supported (supported: default, linear, dynamic, llama3; longrope for phi3)`,
        { file: FILE },
      );
  }
}

function rotaryDims(headDim: number, fraction: number, family: string): number {
  const d = Math.floor(headDim * fraction);
  if (d < 2 || d % 2 !== 0) throw unsupported(family, `${d} rotary dims (head_dim ${headDim} × ${fraction})`);
  return d;
}

/**
 * Reads a parsed config.json. Throws PretrainedError UNSUPPORTED_MODEL for a model_type outside
 * {@link PRETRAINED_FAMILIES}, UNSUPPORTED_VARIANT / CONFIG_INVALID for what it cannot build exactly.
 */
export function architectureFromConfig(json: unknown): Architecture {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new PretrainedError("FILE_INVALID", `config.json must hold a JSON object, got ${cut(json)}`, {
      file: FILE,
    });
  }
  const j = json as Json;
  const family = j.model_type;
  if (typeof family !== "string" || !(PRETRAINED_FAMILIES as readonly string[]).includes(family)) {
    throw new PretrainedError(
      "UNSUPPORTED_MODEL",
      `config.json: model_type ${cut(family)} is not supported; supported: ${PRETRAINED_FAMILIES.join(", ")}`,
      { file: FILE },
    );
  }
  let config: GPTConfig;
  try {
    config = fromHuggingFaceConfig(j);
  } catch (e) {
    if (e instanceof GptParamsError) {
      const code =
        (e as { code?: string }).code === "UNSUPPORTED_VARIANT" ? "UNSUPPORTED_VARIANT" : "CONFIG_INVALID";
      throw new PretrainedError(code, `config.json: ${e.message}`, { file: FILE });
    }
    throw e;
  }
  const f = family as PretrainedFamily;
  return { family: f, config, options: familyOptions(f, j, config) };
}

function familyOptions(family: PretrainedFamily, j: Json, c: GPTConfig): GPTOptions {
  const rotary = (o: RotaryOptions): RotaryOptions => {
    const scaling = ropeScaling(j, family);
    return scaling ? { ...o, scaling } : o;
  };
  switch (family) {
    case "gpt2": {
      // configuration_gpt2.py: layer_norm_epsilon 1e-5, activation_function "gelu_new",
      // scale_attn_weights True, scale_attn_by_inverse_layer_idx False
      if (!bool(j, "scale_attn_weights", true)) throw unsupported(family, "scale_attn_weights false");
      if (bool(j, "scale_attn_by_inverse_layer_idx", false)) {
        throw unsupported(family, "scale_attn_by_inverse_layer_idx true");
      }
      if (bool(j, "add_cross_attention", false)) throw unsupported(family, "add_cross_attention true");
      return {
        normEps: num(j, "layer_norm_epsilon", 1e-5),
        activation: activation(j, "activation_function", "gelu_new", family),
      };
    }
    case "gptj": {
      // configuration_gptj.py: rotary_dim 64, layer_norm_epsilon 1e-5, activation_function "gelu_new";
      // modeling_gptj.py: rotate_every_two (interleaved pairs) on the first rotary_dim dims, base 10000
      const rd = j.rotary_dim === undefined ? 64 : j.rotary_dim;
      if (rd === null) throw unsupported(family, "rotary_dim null");
      if (typeof rd !== "number" || !Number.isInteger(rd) || rd > c.headDim) {
        throw bad("rotary_dim", rd, `an integer ≤ head_dim ${c.headDim}`);
      }
      return {
        normEps: num(j, "layer_norm_epsilon", 1e-5),
        activation: activation(j, "activation_function", "gelu_new", family),
        rotary: { dims: rotaryDims(c.headDim, rd / c.headDim, family), layout: "interleaved", base: 10000 },
      };
    }
    case "gpt_neox": {
      // configuration_gpt_neox.py: rotary_pct 0.25, rotary_emb_base 10000, layer_norm_eps 1e-5,
      // hidden_act "gelu", use_parallel_residual True
      const pct = num(j, "rotary_pct", num(j, "partial_rotary_factor", 0.25));
      return {
        normEps: num(j, "layer_norm_eps", 1e-5),
        activation: activation(j, "hidden_act", "gelu", family),
        rotary: rotary({
          dims: rotaryDims(c.headDim, pct, family),
          base: num(j, "rotary_emb_base", num(j, "rope_theta", 10000)),
        }),
        residual: bool(j, "use_parallel_residual", true) ? "parallel" : "sequential",
      };
    }
    case "llama":
    case "mistral":
    case "mixtral":
    case "qwen2":
    case "phi3": {
      // configuration_llama.py: rms_norm_eps 1e-6, rope_theta 10000, hidden_act "silu"
      // configuration_mistral.py: rms_norm_eps 1e-6, rope_theta 10000, sliding_window 4096
      // configuration_mixtral.py: rms_norm_eps 1e-5, rope_theta 1e6, sliding_window None
      // configuration_qwen2.py: rms_norm_eps 1e-6, rope_theta 10000, sliding_window only with use_sliding_window
      // configuration_phi3.py: rms_norm_eps 1e-5, rope_theta 10000, sliding_window None
      const eps = { llama: 1e-6, mistral: 1e-6, mixtral: 1e-5, qwen2: 1e-6, phi3: 1e-5 }[family];
      const theta = family === "mixtral" ? 1e6 : 10000;
      let window: unknown = null;
      if (family === "mistral") window = j.sliding_window === undefined ? 4096 : j.sliding_window;
      else if (family === "mixtral" || family === "phi3") window = j.sliding_window ?? null;
      else if (family === "qwen2") {
        window = bool(j, "use_sliding_window", false)
          ? j.sliding_window === undefined
            ? 4096
            : j.sliding_window
          : null;
      }
      if (window !== null && (typeof window !== "number" || !Number.isInteger(window) || window < 1)) {
        throw bad("sliding_window", window, "a positive integer or null");
      }
      return {
        normEps: num(j, "rms_norm_eps", eps),
        activation: activation(j, "hidden_act", "silu", family),
        rotary: rotary({ base: num(j, "rope_theta", theta) }),
        slidingWindow: window as number | null,
      };
    }
    case "gemma": {
      // configuration_gemma.py: rms_norm_eps 1e-6, rope_theta 10000, hidden_activation None → modeling_gemma.py
      // GemmaMLP uses "gelu_pytorch_tanh" (hidden_act is ignored); GemmaRMSNorm scales by (1 + w); GemmaModel
      // multiplies embeddings by torch.tensor(hidden_size ** 0.5, dtype) (float32 here)
      return {
        normEps: num(j, "rms_norm_eps", 1e-6),
        activation: activation(j, "hidden_activation", "gelu_pytorch_tanh", family),
        rotary: rotary({ base: num(j, "rope_theta", 10000) }),
        normWeightOffset: 1,
        embeddingScale: Math.fround(Math.sqrt(c.dModel)),
      };
    }
    case "opt": {
      // configuration_opt.py: activation_function "relu", do_layer_norm_before True,
      // layer_norm_elementwise_affine True; modeling_opt.py: nn.LayerNorm default eps 1e-5,
      // OPTLearnedPositionalEmbedding offset 2
      if (!bool(j, "layer_norm_elementwise_affine", true)) {
        throw unsupported(family, "layer_norm_elementwise_affine false");
      }
      return {
        normEps: 1e-5,
        activation: activation(j, "activation_function", "relu", family),
        residual: bool(j, "do_layer_norm_before", true) ? "sequential" : "post-norm",
        positionOffset: 2,
      };
    }
    case "phi": {
      // configuration_phi.py: layer_norm_eps 1e-5, hidden_act "gelu_new", partial_rotary_factor 0.5,
      // rope_theta 10000, qk_layernorm False
      if (bool(j, "qk_layernorm", false)) throw unsupported(family, "qk_layernorm true");
      return {
        normEps: num(j, "layer_norm_eps", 1e-5),
        activation: activation(j, "hidden_act", "gelu_new", family),
        rotary: rotary({
          dims: rotaryDims(c.headDim, num(j, "partial_rotary_factor", 0.5), family),
          base: num(j, "rope_theta", 10000),
        }),
      };
    }
    case "falcon": {
      // configuration_falcon.py: layer_norm_epsilon 1e-5, activation "gelu", rope_theta 10000, alibi False,
      // parallel_attn True, new_decoder_architecture False, num_ln_in_parallel_attn None (→ 2 with the new
      // architecture). modeling_falcon.py FalconDecoderLayer: 2 norms → ln_attn / ln_mlp in parallel; 1 norm
      // → input_layernorm feeds both; not parallel → input/post_attention_layernorm in sequence.
      if (bool(j, "alibi", false)) {
        // FalconAttention adds ALiBi before the 1/√d scaling (BLOOM adds it after): not built
        throw unsupported(family, "alibi true");
      }
      const parallel = bool(j, "parallel_attn", true);
      if (bool(j, "new_decoder_architecture", false) && !parallel) {
        throw unsupported(family, "new_decoder_architecture true and parallel_attn false");
      }
      return {
        normEps: num(j, "layer_norm_epsilon", 1e-5),
        activation: activation(j, "activation", "gelu", family),
        rotary: rotary({ base: num(j, "rope_theta", 10000) }),
        residual: parallel && c.normsPerLayer === 2 ? "parallel" : "sequential",
      };
    }
    case "openai-gpt": {
      // configuration_openai.py: afn "gelu", layer_norm_epsilon 1e-5; modeling_openai.py ACT_FNS maps "gelu"
      // to gelu_new (the tanh form); Block(scale=True): scores / √d; post-LN blocks, no final LayerNorm
      const afn = j.afn ?? "gelu";
      const map: Record<string, MLPActivation> = {
        gelu: "gelu_tanh",
        relu: "relu",
        silu: "silu",
        swish: "silu",
      };
      const act = typeof afn === "string" ? map[afn] : undefined;
      if (!act) throw unsupported(family, `afn ${cut(afn)} (supported: gelu, relu, silu, swish)`);
      return { normEps: num(j, "layer_norm_epsilon", 1e-5), activation: act, residual: "post-norm" };
    }
    case "gpt_bigcode": {
      // configuration_gpt_bigcode.py: activation_function "gelu_pytorch_tanh", layer_norm_epsilon 1e-5,
      // scale_attn_weights True (the fp32 softmax options change nothing in float32)
      if (!bool(j, "scale_attn_weights", true)) throw unsupported(family, "scale_attn_weights false");
      return {
        normEps: num(j, "layer_norm_epsilon", 1e-5),
        activation: activation(j, "activation_function", "gelu_pytorch_tanh", family),
      };
    }
    case "bloom": {
      // configuration_bloom.py: layer_norm_epsilon 1e-5, apply_residual_connection_post_layernorm False;
      // modeling_bloom.py bloom_gelu_forward is the tanh GELU
      if (bool(j, "apply_residual_connection_post_layernorm", false)) {
        throw unsupported(family, "apply_residual_connection_post_layernorm true");
      }
      return { normEps: num(j, "layer_norm_epsilon", 1e-5), activation: "gelu_tanh" };
    }
  }
}
