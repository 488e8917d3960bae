// The GPT config type and its validation: fills defaults (GPT-2 small's, as nanoGPT's GPTConfig does) and
// rejects anything that would give a wrong count. It does not count anything; see count.ts.
import { showValue } from "@paramlens/formats";
import { ConfigError } from "./errors";

/** Feed-forward block: `gelu` is the two-matrix MLP (GPT-2); `swiglu`/`geglu` are gated, three matrices. */
export type MLPKind = "gelu" | "swiglu" | "geglu";
/** `layernorm` has a weight and a bias per channel; `rmsnorm` only a weight. */
export type NormKind = "layernorm" | "rmsnorm";
/** Only `learned` absolute positions own parameters; rotary, ALiBi and none add no weights. */
export type PositionKind = "learned" | "rotary" | "alibi" | "none";

/**
 * Norms on queries and keys inside attention: `head` normalises each head's vector with one weight of
 * d_head shared by the heads (Qwen3, Gemma 3: `q_norm`/`k_norm`), `full` the whole projection (OLMo 2:
 * widths d_attn and d_kv); `none` for most models.
 */
export type QKNormKind = "none" | "head" | "full";

/**
 * Multi-head latent attention (DeepSeek-V2/V3, Liu et al. 2024 §2.1): queries through an optional low-rank
 * bottleneck (q_a → RMSNorm → q_b), keys and values through one shared latent of width kvLoraRank (kv_a →
 * RMSNorm → kv_b) plus a decoupled rotary key of width qkRopeHeadDim shared by the heads. A head's query/key
 * width is qkNopeHeadDim + qkRopeHeadDim, its value width vHeadDim. The KV cache holds the latent and the
 * rotary key: kvLoraRank + qkRopeHeadDim values per token per layer.
 */
export interface MLAConfig {
  /** Rank of the query bottleneck; 0 for a direct q_proj (DeepSeek-V2-Lite). */
  qLoraRank: number;
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
}

/** Which linear layers carry a bias vector. */
export interface BiasConfig {
  /** Bias on the Q, K and V projections (GPT-2, Qwen2, Phi: yes; Llama: no). */
  qkv: boolean;
  /** Bias on the attention output projection. */
  attnOut: boolean;
  /** Bias on every MLP (and expert) matrix. */
  mlp: boolean;
  /** Bias on the LM head (GPT-J, Phi: yes; almost everyone else: no). */
  lmHead: boolean;
}

/** Mixture-of-experts settings; `null` on the config means a dense model. */
export interface MoEConfig {
  /** Routed experts per MoE layer (Mixtral: 8). */
  nExperts: number;
  /** Routed experts each token uses (Mixtral: 2). */
  expertsPerToken: number;
  /** Experts every token always uses, outside the router (DeepSeek-MoE style); 0 for Mixtral. */
  nSharedExperts: number;
  /** Hidden width of one routed expert; defaults to the config's `dFF`. */
  expertDFF: number;
  /** Hidden width of one shared expert; defaults to `expertDFF`. */
  sharedExpertDFF: number;
  /** Indices (0-based) of the layers whose MLP is a MoE; defaults to every layer. */
  layers: number[];
  /** Whether the router's linear layer has a bias. */
  routerBias: boolean;
  /** A learned sigmoid gate (d → 1) on the shared experts' output (Qwen2-MoE `shared_expert_gate`). */
  sharedExpertGate: boolean;
}

/** A fully specified decoder-only transformer. Build one with {@link validateConfig}. */
export interface GPTConfig {
  /** Free-form label shown in reports. */
  name: string;
  /** Token vocabulary size V (rows of the token embedding). */
  vocabSize: number;
  /** Context length n_ctx: the longest sequence the model attends over. */
  contextLength: number;
  /** Residual stream width d_model. */
  dModel: number;
  /** Number of transformer blocks L. */
  nLayers: number;
  /** Query heads h. */
  nHeads: number;
  /** Key/value heads: `nHeads` for MHA, fewer for GQA, 1 for MQA. */
  nKVHeads: number;
  /** Width of one head; defaults to dModel / nHeads. */
  headDim: number;
  /** Hidden width of the MLP. */
  dFF: number;
  mlp: MLPKind;
  norm: NormKind;
  position: PositionKind;
  /** Rows of the learned position table: usually `contextLength`, OPT keeps 2 more. 0 unless learned. */
  positionRows: number;
  /** Norm layers inside each block: 2 (pre-attention, pre-MLP), 1 (GPT-J/Phi parallel block), 4 (Gemma-2). */
  normsPerLayer: number;
  /** Whether a norm follows the last block (GPT-1's post-LN layout has none). */
  finalNorm: boolean;
  /** A norm right after the token embedding (BLOOM's `word_embeddings_layernorm`). */
  embeddingNorm: boolean;
  /** Query/key norms inside attention (see {@link QKNormKind}). */
  qkNorm: QKNormKind;
  /** Multi-head latent attention instead of Q/K/V projections; `null` for standard attention. */
  mla: MLAConfig | null;
  /** Multi-token-prediction modules (DeepSeek-V3: 1), counted apart from `total` by countParameters. */
  mtpModules: number;
  bias: BiasConfig;
  /** LM head shares the token embedding matrix. */
  tiedEmbeddings: boolean;
  moe: MoEConfig | null;
  /** Assumptions recorded by importers (e.g. which family rule was applied); never affects counts. */
  notes: string[];
}

/** What {@link validateConfig} accepts: any subset of the fields; the rest get defaults. */
export interface GPTConfigInput {
  name?: string;
  vocabSize?: number;
  contextLength?: number;
  dModel?: number;
  nLayers?: number;
  nHeads?: number;
  nKVHeads?: number;
  headDim?: number;
  dFF?: number;
  /** Alternative to `dFF`: dFF = ffMultiplier · dModel (must come out as an integer). */
  ffMultiplier?: number;
  mlp?: MLPKind;
  norm?: NormKind;
  position?: PositionKind;
  positionRows?: number;
  normsPerLayer?: number;
  finalNorm?: boolean;
  embeddingNorm?: boolean;
  qkNorm?: QKNormKind;
  mla?: MLAConfig | null;
  mtpModules?: number;
  bias?: Partial<BiasConfig>;
  tiedEmbeddings?: boolean;
  moe?: (Partial<MoEConfig> & { nExperts: number; expertsPerToken: number }) | null;
  notes?: string[];
}

// Largest dimension we accept; totals past 2^53 are caught by countParameters.
const MAX_DIM = 2 ** 31 - 1;
// Layers get one perLayer entry each; no published model comes near this, and it keeps a report instant.
const MAX_LAYERS = 100_000;

const TOP_FIELDS: readonly string[] = [
  "name",
  "vocabSize",
  "contextLength",
  "dModel",
  "nLayers",
  "nHeads",
  "nKVHeads",
  "headDim",
  "dFF",
  "ffMultiplier",
  "mlp",
  "norm",
  "position",
  "positionRows",
  "normsPerLayer",
  "finalNorm",
  "embeddingNorm",
  "qkNorm",
  "mla",
  "mtpModules",
  "bias",
  "tiedEmbeddings",
  "moe",
  "notes",
];
const BIAS_FIELDS: readonly string[] = ["qkv", "attnOut", "mlp", "lmHead"];
const MLA_FIELDS: readonly string[] = [
  "qLoraRank",
  "kvLoraRank",
  "qkNopeHeadDim",
  "qkRopeHeadDim",
  "vHeadDim",
];
const MOE_FIELDS: readonly string[] = [
  "nExperts",
  "expertsPerToken",
  "nSharedExperts",
  "expertDFF",
  "sharedExpertDFF",
  "layers",
  "routerBias",
  "sharedExpertGate",
];

function checkKnown(obj: object, known: readonly string[], prefix: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      const near = known.find((k) => k.toLowerCase() === key.toLowerCase().replace(/_/g, ""));
      const hint = near ? `; did you mean ${near}?` : `; known fields: ${known.join(", ")}`;
      throw new ConfigError(`${prefix}${key}`, "known-field", `unknown field "${key}"${hint}`);
    }
  }
}

function int(field: string, value: unknown, min: number, max = MAX_DIM): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      field,
      "integer-range",
      `${String(value)} must be an integer between ${min} and ${max}`,
    );
  }
  return value;
}

function bool(field: string, value: unknown): boolean {
  if (typeof value !== "boolean")
    throw new ConfigError(field, "boolean", `${String(value)} must be true or false`);
  return value;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(field, "enum", `${showValue(value)} must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/**
 * Checks a partial config and fills every missing field, returning a complete {@link GPTConfig}.
 *
 * Defaults are GPT-2 small's (V 50257, n_ctx 1024, d 768, 12 layers, 12 heads, GELU MLP with d_ff = 4d,
 * LayerNorm, learned positions, biases everywhere except the LM head, tied embeddings), so
 * `validateConfig({})` describes the 124,439,808-parameter GPT-2.
 *
 * @throws {ConfigError} naming the field and the rule, e.g.
 *   `config.dModel: d_model 1000 is not divisible by n_heads 12 …`.
 * @example
 * const llamaish = validateConfig({ dModel: 4096, nLayers: 32, nHeads: 32, mlp: "swiglu", dFF: 11008 });
 */
export function validateConfig(input: GPTConfigInput = {}): GPTConfig {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ConfigError("(root)", "object", `expected a config object, got ${showValue(input)}`);
  }
  checkKnown(input, TOP_FIELDS, "");
  const name = input.name ?? "custom";
  if (typeof name !== "string") throw new ConfigError("name", "string", `${String(name)} must be a string`);

  const vocabSize = int("vocabSize", input.vocabSize ?? 50257, 1);
  const contextLength = int("contextLength", input.contextLength ?? 1024, 1);
  const dModel = int("dModel", input.dModel ?? 768, 1);
  const nLayers = int("nLayers", input.nLayers ?? 12, 1, MAX_LAYERS);
  const nHeads = int("nHeads", input.nHeads ?? 12, 1);
  const nKVHeads = int("nKVHeads", input.nKVHeads ?? nHeads, 1);
  if (nKVHeads > nHeads || nHeads % nKVHeads !== 0) {
    throw new ConfigError(
      "nKVHeads",
      "divides-n-heads",
      `n_heads ${nHeads} is not divisible by n_kv_heads ${nKVHeads} (each KV head must serve a whole group of query heads)`,
    );
  }
  let headDim: number;
  if (input.headDim === undefined) {
    if (dModel % nHeads !== 0) {
      throw new ConfigError(
        "dModel",
        "divisible-by-n-heads",
        `d_model ${dModel} is not divisible by n_heads ${nHeads} (set headDim to use another head width)`,
      );
    }
    headDim = dModel / nHeads;
  } else {
    headDim = int("headDim", input.headDim, 1);
  }

  let dFF: number;
  if (input.ffMultiplier !== undefined) {
    const m = input.ffMultiplier;
    if (typeof m !== "number" || !Number.isFinite(m) || m <= 0) {
      throw new ConfigError("ffMultiplier", "positive", `${String(m)} must be a positive number`);
    }
    const raw = m * dModel;
    const rounded = Math.round(raw);
    if (Math.abs(raw - rounded) > 1e-6 * Math.max(1, raw)) {
      throw new ConfigError(
        "ffMultiplier",
        "integer-d-ff",
        `ffMultiplier ${m} × d_model ${dModel} = ${raw} is not an integer d_ff; set dFF instead`,
      );
    }
    if (input.dFF !== undefined && input.dFF !== rounded) {
      throw new ConfigError(
        "dFF",
        "agrees-with-multiplier",
        `dFF ${input.dFF} disagrees with ffMultiplier ${m} × d_model ${dModel} = ${rounded}; give one of them`,
      );
    }
    dFF = int("dFF", rounded, 1);
  } else {
    dFF = int("dFF", input.dFF ?? 4 * dModel, 1);
  }

  const mlp = oneOf<MLPKind>("mlp", input.mlp ?? "gelu", ["gelu", "swiglu", "geglu"]);
  const norm = oneOf<NormKind>("norm", input.norm ?? "layernorm", ["layernorm", "rmsnorm"]);
  const position = oneOf<PositionKind>("position", input.position ?? "learned", [
    "learned",
    "rotary",
    "alibi",
    "none",
  ]);
  let positionRows = 0;
  if (position === "learned") {
    positionRows = int("positionRows", input.positionRows ?? contextLength, 1);
    if (positionRows < contextLength) {
      throw new ConfigError(
        "positionRows",
        "covers-context",
        `${positionRows} learned position rows cannot cover contextLength ${contextLength}`,
      );
    }
  } else if (input.positionRows !== undefined && input.positionRows !== 0) {
    throw new ConfigError(
      "positionRows",
      "learned-only",
      `${input.positionRows} position rows given, but position "${position}" has no position table`,
    );
  }

  const normsPerLayer = input.normsPerLayer ?? 2;
  if (
    typeof normsPerLayer !== "number" ||
    !Number.isInteger(normsPerLayer) ||
    normsPerLayer < 0 ||
    normsPerLayer > 4
  ) {
    throw new ConfigError(
      "normsPerLayer",
      "integer-range",
      `${String(normsPerLayer)} must be an integer from 0 to 4`,
    );
  }
  const finalNorm = bool("finalNorm", input.finalNorm ?? true);
  const embeddingNorm = bool("embeddingNorm", input.embeddingNorm ?? false);
  const qkNorm = oneOf<QKNormKind>("qkNorm", input.qkNorm ?? "none", ["none", "head", "full"]);
  let mla: MLAConfig | null = null;
  if (input.mla !== undefined && input.mla !== null) {
    const m = input.mla;
    if (typeof m !== "object")
      throw new ConfigError("mla", "object", `${showValue(m)} must be an object or null`);
    checkKnown(m, MLA_FIELDS, "mla.");
    mla = {
      qLoraRank: int("mla.qLoraRank", m.qLoraRank ?? 0, 0),
      kvLoraRank: int("mla.kvLoraRank", m.kvLoraRank, 1),
      qkNopeHeadDim: int("mla.qkNopeHeadDim", m.qkNopeHeadDim, 1),
      qkRopeHeadDim: int("mla.qkRopeHeadDim", m.qkRopeHeadDim, 0),
      vHeadDim: int("mla.vHeadDim", m.vHeadDim, 1),
    };
    if (qkNorm !== "none") {
      throw new ConfigError(
        "qkNorm",
        "not-with-mla",
        "latent attention has its own norms; set qkNorm to none",
      );
    }
  }
  const mtpModules = int("mtpModules", input.mtpModules ?? 0, 0, 16);

  const b = input.bias ?? {};
  if (b === null || typeof b !== "object")
    throw new ConfigError("bias", "object", `${String(b)} must be an object`);
  checkKnown(b, BIAS_FIELDS, "bias.");
  const bias: BiasConfig = {
    qkv: bool("bias.qkv", b.qkv ?? true),
    attnOut: bool("bias.attnOut", b.attnOut ?? true),
    mlp: bool("bias.mlp", b.mlp ?? true),
    lmHead: bool("bias.lmHead", b.lmHead ?? false),
  };
  const tiedEmbeddings = bool("tiedEmbeddings", input.tiedEmbeddings ?? true);

  let moe: MoEConfig | null = null;
  if (input.moe !== undefined && input.moe !== null) {
    const m = input.moe;
    if (typeof m !== "object")
      throw new ConfigError("moe", "object", `${String(m)} must be an object or null`);
    checkKnown(m, MOE_FIELDS, "moe.");
    const nExperts = int("moe.nExperts", m.nExperts, 1);
    const expertsPerToken = int("moe.expertsPerToken", m.expertsPerToken, 1);
    if (expertsPerToken > nExperts) {
      throw new ConfigError(
        "moe.expertsPerToken",
        "at-most-n-experts",
        `${expertsPerToken} experts per token exceeds the ${nExperts} experts available`,
      );
    }
    const nSharedExperts = int("moe.nSharedExperts", m.nSharedExperts ?? 0, 0);
    const expertDFF = int("moe.expertDFF", m.expertDFF ?? dFF, 1);
    const sharedExpertDFF = int("moe.sharedExpertDFF", m.sharedExpertDFF ?? expertDFF, 1);
    const rawLayers = m.layers ?? Array.from({ length: nLayers }, (_, i) => i);
    if (!Array.isArray(rawLayers) || rawLayers.length === 0) {
      throw new ConfigError("moe.layers", "non-empty", `${showValue(rawLayers)} must be a non-empty array`);
    }
    const seen = new Set<number>();
    for (const layer of rawLayers) {
      if (typeof layer !== "number" || !Number.isInteger(layer) || layer < 0 || layer >= nLayers) {
        throw new ConfigError(
          "moe.layers",
          "layer-index",
          `layer ${String(layer)} is not in 0..${nLayers - 1}`,
        );
      }
      if (seen.has(layer)) throw new ConfigError("moe.layers", "unique", `layer ${layer} is listed twice`);
      seen.add(layer);
    }
    const layers = [...seen].sort((x, y) => x - y);
    const routerBias = bool("moe.routerBias", m.routerBias ?? false);
    const sharedExpertGate = bool("moe.sharedExpertGate", m.sharedExpertGate ?? false);
    if (sharedExpertGate && nSharedExperts === 0) {
      throw new ConfigError(
        "moe.sharedExpertGate",
        "needs-shared-experts",
        "a shared-expert gate needs nSharedExperts ≥ 1",
      );
    }
    moe = {
      nExperts,
      expertsPerToken,
      nSharedExperts,
      expertDFF,
      sharedExpertDFF,
      layers,
      routerBias,
      sharedExpertGate,
    };
  }

  const notes = input.notes ?? [];
  if (!Array.isArray(notes) || notes.some((n) => typeof n !== "string")) {
    throw new ConfigError("notes", "string-array", `${showValue(notes)} must be an array of strings`);
  }

  return {
    name,
    vocabSize,
    contextLength,
    dModel,
    nLayers,
    nHeads,
    nKVHeads,
    headDim,
    dFF,
    mlp,
    norm,
    position,
    positionRows,
    normsPerLayer,
    finalNorm,
    embeddingNorm,
    qkNorm,
    mla,
    mtpModules,
    bias,
    tiedEmbeddings,
    moe,
    notes: [...notes],
  };
}
