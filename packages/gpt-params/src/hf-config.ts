// Maps a Hugging Face `config.json` onto a GPTConfig for the GPT-1, GPT-2, GPT-J, GPT-NeoX/Pythia, GPTBigCode
// (StarCoder), Llama, Mistral, Mixtral, Qwen2, Qwen2-MoE, Qwen3, Qwen3-MoE, Gemma 1/2/3, OLMo 2, Phi/Phi-3,
// Phi-3.5-MoE, DeepSeek-V2/V3, OPT, BLOOM and Falcon families, also when model_type is missing or the
// model sits under a text_config. This file parses the JSON (depth-capped) and picks the family; each
// family's field mapping and unstated rules, with citations, are in hf-family-rules.ts. Unknown families
// and variants are rejected, never guessed.
import { FormatError, jsonValueDepth, MAX_JSON_DEPTH, parseJsonCapped, showValue } from "@paramlens/formats";
import { type GPTConfig, validateConfig } from "./config";
import { ImportError } from "./errors";
import { buildFamily } from "./hf-family-rules";

type Json = Record<string, unknown>;

/** `model_type` values this importer understands. */
export const HF_FAMILIES: readonly string[] = [
  "gpt2",
  "gptj",
  "gpt_neox",
  "llama",
  "mistral",
  "mixtral",
  "qwen2",
  "gemma",
  "gemma2",
  "phi",
  "phi3",
  "opt",
  "bloom",
  "falcon",
  "openai-gpt",
  "gpt_bigcode",
  "qwen3",
  "qwen2_moe",
  "qwen3_moe",
  "gemma3_text",
  "olmo2",
  "phimoe",
  "deepseek_v2",
  "deepseek_v3",
];

// transformers' architecture class → model_type, for configs that omit model_type.
const ARCHITECTURES: Readonly<Record<string, string>> = {
  GPT2LMHeadModel: "gpt2",
  GPT2Model: "gpt2",
  GPTJForCausalLM: "gptj",
  GPTNeoXForCausalLM: "gpt_neox",
  LlamaForCausalLM: "llama",
  MistralForCausalLM: "mistral",
  MixtralForCausalLM: "mixtral",
  Qwen2ForCausalLM: "qwen2",
  Qwen3ForCausalLM: "qwen3",
  Qwen2MoeForCausalLM: "qwen2_moe",
  Qwen3MoeForCausalLM: "qwen3_moe",
  GemmaForCausalLM: "gemma",
  Gemma2ForCausalLM: "gemma2",
  PhiForCausalLM: "phi",
  Phi3ForCausalLM: "phi3",
  OPTForCausalLM: "opt",
  BloomForCausalLM: "bloom",
  FalconForCausalLM: "falcon",
  OpenAIGPTLMHeadModel: "openai-gpt",
  GPTBigCodeForCausalLM: "gpt_bigcode",
  Gemma3ForCausalLM: "gemma3_text",
  Olmo2ForCausalLM: "olmo2",
  PhimoeForCausalLM: "phimoe",
  DeepseekV2ForCausalLM: "deepseek_v2",
  DeepseekV3ForCausalLM: "deepseek_v3",
};

// A config without model_type: its `architectures` entry names the class, or (older files) its field names
// give the family away: GPT-2's n_embd/n_layer/n_head with activation_function, Llama's hidden_size with
// num_key_value_heads and rms_norm_eps. Anything else stays unknown.
function inferFamily(j: Json, notes: string[]): string | undefined {
  const arch = Array.isArray(j.architectures) ? j.architectures[0] : undefined;
  if (typeof arch === "string" && Object.hasOwn(ARCHITECTURES, arch)) {
    notes.push(`no model_type: family ${ARCHITECTURES[arch]} from architectures[0] = ${arch}`);
    return ARCHITECTURES[arch];
  }
  if ("n_embd" in j && "n_layer" in j && "n_head" in j && "activation_function" in j) {
    notes.push(
      "no model_type or architectures: GPT-2 recognised by n_embd, n_layer, n_head, activation_function",
    );
    return "gpt2";
  }
  if ("hidden_size" in j && "num_key_value_heads" in j && "rms_norm_eps" in j && "intermediate_size" in j) {
    notes.push("no model_type or architectures: Llama recognised by num_key_value_heads and rms_norm_eps");
    return "llama";
  }
  return undefined;
}
/**
 * Builds a validated {@link GPTConfig} from a Hugging Face `config.json` (parsed object or JSON text).
 * The rules applied are listed in the result's `notes`.
 * @throws {ImportError} `UNSUPPORTED_FAMILY`, `UNSUPPORTED_VARIANT`, `FIELD_MISSING`, `FIELD_INVALID` (a
 *   field of the wrong type, e.g. a string `head_dim`), `NESTING_TOO_DEEP` (JSON nested over 128 levels);
 *   {@link ConfigError} if the resulting config is invalid.
 * @example countParameters(fromHuggingFaceConfig(await (await fetch(url)).json())).total
 */
export function fromHuggingFaceConfig(input: Json | string): GPTConfig {
  let json: Json;
  if (typeof input === "string") {
    try {
      json = parseJsonCapped(input, { what: "config.json" }) as Json;
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      throw new ImportError(e.code === "NESTING_TOO_DEEP" ? "NESTING_TOO_DEEP" : "FIELD_INVALID", e.message);
    }
  } else json = input;
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new ImportError("FIELD_INVALID", "expected a config.json object");
  }
  // A parsed object may come from anywhere: refuse absurd nesting (JSON.stringify and any recursive walk of
  // a 100k-deep value overflow the stack) with the same cap as JSON text, 128 (serde_json's limit).
  if (jsonValueDepth(json, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new ImportError(
      "NESTING_TOO_DEEP",
      `config.json is nested more than ${MAX_JSON_DEPTH} levels deep`,
    );
  }
  const notes: string[] = [];
  // Multimodal wrappers (Llava, Gemma 3, Mistral 3 …) nest the language model under text_config: count it
  // (the vision tower and projector are not a GPT and are left out, as a note says).
  const nested = json.text_config;
  const wrapperType = json.model_type;
  if (
    nested !== null &&
    typeof nested === "object" &&
    !Array.isArray(nested) &&
    !(typeof wrapperType === "string" && HF_FAMILIES.includes(wrapperType))
  ) {
    notes.push(
      `text_config of ${showValue(wrapperType)}: the language model only (vision tower not counted)`,
    );
    json = { ...(nested as Json) };
  }
  const rawType = json.model_type ?? inferFamily(json, notes);
  // Falcon's first checkpoints shipped model_type "RefinedWeb"/"RefinedWebModel" before the rename.
  const family = rawType === "RefinedWeb" || rawType === "RefinedWebModel" ? "falcon" : rawType;
  if (typeof family !== "string" || !HF_FAMILIES.includes(family)) {
    throw new ImportError(
      "UNSUPPORTED_FAMILY",
      `model_type ${showValue(rawType)} is not supported; supported: ${HF_FAMILIES.join(", ")}`,
    );
  }
  const name =
    typeof json._name_or_path === "string" && json._name_or_path !== "" ? json._name_or_path : family;
  notes.unshift(`family ${family}`);
  const cfg = buildFamily(family, json, notes);
  return validateConfig({ name, ...cfg, notes });
}
