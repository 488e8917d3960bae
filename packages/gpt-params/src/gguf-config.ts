// Builds a GPTConfig from a GGUF header's metadata for llama.cpp's `llama` architecture (which also carries
// Mistral and Mixtral conversions), so a GGUF file's tensor count can be cross-checked against its config.
// Other architectures are rejected rather than guessed; weights are never read.
import { showValue } from "@paramlens/formats";
import { type GPTConfig, validateConfig } from "./config";
import { ImportError } from "./errors";
import type { GGUFHeader } from "./gguf";

function meta(header: GGUFHeader, key: string, fallback?: number): number {
  const v = header.metadata[key];
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (fallback !== undefined) return fallback;
  throw new ImportError("FIELD_MISSING", `GGUF metadata has no numeric "${key}"`);
}

/**
 * The config a `llama`-architecture GGUF describes. Keys follow llama.cpp's naming (`llama.block_count`,
 * `llama.embedding_length`, `llama.attention.head_count_kv`, `llama.expert_count` …); the vocabulary size is
 * the length of `tokenizer.ggml.tokens`; the head is tied when the file has no `output.weight` tensor
 * (llama.cpp then reuses `token_embd.weight`).
 * @throws {ImportError} `UNSUPPORTED_FAMILY` for other architectures, `FIELD_MISSING` for absent keys.
 */
export function configFromGGUF(header: GGUFHeader): GPTConfig {
  const arch = header.architecture;
  if (arch !== "llama") {
    throw new ImportError(
      "UNSUPPORTED_FAMILY",
      `GGUF architecture ${showValue(arch)} is not supported; supported: llama`,
    );
  }
  const tokens = header.metadata["tokenizer.ggml.tokens"];
  if (!Array.isArray(tokens))
    throw new ImportError("FIELD_MISSING", 'GGUF metadata has no "tokenizer.ggml.tokens" array');
  const heads = meta(header, "llama.attention.head_count");
  const experts = meta(header, "llama.expert_count", 0);
  const name = header.metadata["general.name"];
  return validateConfig({
    name: typeof name === "string" ? name : "gguf",
    vocabSize: tokens.length,
    contextLength: meta(header, "llama.context_length"),
    dModel: meta(header, "llama.embedding_length"),
    nLayers: meta(header, "llama.block_count"),
    nHeads: heads,
    nKVHeads: meta(header, "llama.attention.head_count_kv", heads),
    dFF: meta(header, "llama.feed_forward_length"),
    mlp: "swiglu",
    norm: "rmsnorm",
    position: "rotary",
    bias: { qkv: false, attnOut: false, mlp: false, lmHead: false },
    tiedEmbeddings: !header.tensors.some((t) => t.name === "output.weight"),
    moe: experts > 0 ? { nExperts: experts, expertsPerToken: meta(header, "llama.expert_used_count") } : null,
    notes: ["from GGUF metadata (llama architecture)"],
  });
}
