// GGUF quantisation mixes: the ggml type llama.cpp's `llama-quantize` gives each tensor of a model for a
// file type such as Q4_K_M, and the exact bytes of tensor data that makes (block scales and mins included,
// since they are part of each ggml block). Source: ggml-org/llama.cpp src/llama-quant.cpp at commit
// 007dbbf3fd17eefe9b47fee45f48f7ba5e62b714 (`llama_ftype_get_default_type`, `tensor_allows_quantization`,
// `llama_tensor_get_type_impl`, `tensor_type_fallback`), and convert_hf_to_gguf.py for what stays F32.
// Deliberately left out: the file header (tokenizer strings, metadata; ~0.7 MB for a 32k vocabulary), and
// architecture-specific rules this config cannot see (Falcon's output/ffn_down rules, fused attn_qkv
// layouts of GPT-2/NeoX/BLOOM, which llama.cpp treats like attn_v): tensors are named as llama.cpp names
// Llama-family tensors (separate attn_q/attn_k/attn_v).
import { attentionMatrices, attentionNorms } from "./attention-shape";
import type { GPTConfig, GPTConfigInput } from "./config";
import { validateConfig } from "./config";
import { ArgumentError } from "./errors";
import { GGML_TYPES } from "./gguf";

/** A ggml storage type name (GGML_TYPES' names). */
export type GGMLTypeName = string;

/** What a ggml type costs: `blockElements` values share `blockBytes` bytes (scales and mins included). */
export interface GGMLTypeSize {
  blockElements: number;
  blockBytes: number;
  /** 8 · blockBytes / blockElements. */
  bitsPerWeight: number;
}

const SIZE_BY_NAME: ReadonlyMap<string, GGMLTypeSize> = new Map(
  Object.values(GGML_TYPES).map(([name, blockElements, blockBytes]) => [
    name,
    { blockElements, blockBytes, bitsPerWeight: (8 * blockBytes) / blockElements },
  ]),
);

/** Block size and bytes of a ggml type by name (`Q4_K` → 256 values in 144 bytes: 4.5 bits). */
export function ggmlTypeSize(type: GGMLTypeName): GGMLTypeSize {
  const size = SIZE_BY_NAME.get(type);
  if (size === undefined) {
    throw new ArgumentError("ggmlTypeSize", "type", `"${String(type).slice(0, 40)}" is not a ggml type`);
  }
  return size;
}

// llama_ftype → default tensor type (llama_ftype_get_default_type).
const DEFAULT_TYPE = {
  F32: "F32",
  F16: "F16",
  BF16: "BF16",
  Q4_0: "Q4_0",
  Q4_1: "Q4_1",
  Q5_0: "Q5_0",
  Q5_1: "Q5_1",
  Q8_0: "Q8_0",
  Q2_K: "Q2_K",
  Q2_K_S: "Q2_K",
  Q3_K_S: "Q3_K",
  Q3_K_M: "Q3_K",
  Q3_K_L: "Q3_K",
  Q4_K_S: "Q4_K",
  Q4_K_M: "Q4_K",
  Q5_K_S: "Q5_K",
  Q5_K_M: "Q5_K",
  Q6_K: "Q6_K",
  IQ1_S: "IQ1_S",
  IQ1_M: "IQ1_M",
  IQ2_XXS: "IQ2_XXS",
  IQ2_XS: "IQ2_XS",
  IQ2_S: "IQ2_XS",
  IQ2_M: "IQ2_S",
  IQ3_XXS: "IQ3_XXS",
  IQ3_XS: "IQ3_S",
  IQ3_S: "IQ3_S",
  IQ3_M: "IQ3_S",
  IQ4_NL: "IQ4_NL",
  IQ4_XS: "IQ4_XS",
  TQ1_0: "TQ1_0",
  TQ2_0: "TQ2_0",
  MXFP4_MOE: "MXFP4",
} as const;

/** A `llama-quantize` file type (the names its command line takes, e.g. `Q4_K_M`). */
export type GGUFFileType = keyof typeof DEFAULT_TYPE;

/** Every file type {@link ggufQuantize} knows, in llama-quantize's order of size. */
export const GGUF_FILE_TYPES: readonly GGUFFileType[] = Object.freeze(
  Object.keys(DEFAULT_TYPE) as GGUFFileType[],
);

/** llama.cpp's tensor categories (src/llama-quant.cpp `tensor_category`). */
export type GGUFTensorCategory =
  | "token_embd"
  | "output"
  | "attn_q"
  | "attn_k"
  | "attn_v"
  | "attn_output"
  | "ffn_gate"
  | "ffn_up"
  | "ffn_down"
  | "other";

/** One tensor as llama.cpp stores it: `ne[0]` is the row length (a weight's input features). */
export interface GGUFTensorShape {
  name: string;
  category: GGUFTensorCategory;
  /** ggml dimensions, fastest first. */
  ne: number[];
  elements: number;
  /** Block index, or -1 outside the blocks. */
  layer: number;
  /** Whether llama-quantize may quantise it (2-D+ weights that are not norms, router, positions). */
  quantizable: boolean;
  /** The type convert_hf_to_gguf writes when the tensor is not quantised (F32 for 1-D, router, positions). */
  sourceType: "F32" | "SOURCE";
}

// convert_hf_to_gguf.py writes 1-D tensors, norms, the MoE router and learned positions as F32, and
// llama-quantize leaves them alone (tensor_allows_quantization); callers pass `f32` for the 2-D ones.
function tensor(
  name: string,
  category: GGUFTensorCategory,
  ne: number[],
  layer: number,
  f32 = ne.length < 2,
): GGUFTensorShape {
  let elements = 1;
  for (const n of ne) elements *= n;
  return { name, category, ne, elements, layer, quantizable: !f32, sourceType: f32 ? "F32" : "SOURCE" };
}

/**
 * The tensors of a config in llama.cpp's names and ggml shapes, in the order llama-quantize visits them
 * (non-block tensors first, then block by block; llama_model_loader sorts weights by block number).
 */
export function ggufTensorLayout(input: GPTConfig | GPTConfigInput): GGUFTensorShape[] {
  const c = validateConfig(input as GPTConfigInput);
  const d = c.dModel;
  const out: GGUFTensorShape[] = [];
  const norm = (name: string, layer: number) => {
    out.push(tensor(`${name}.weight`, "other", [d], layer));
    if (c.norm === "layernorm") out.push(tensor(`${name}.bias`, "other", [d], layer));
  };
  const linear = (
    name: string,
    cat: GGUFTensorCategory,
    nIn: number,
    nOut: number,
    bias: boolean,
    l: number,
  ) => {
    out.push(tensor(`${name}.weight`, cat, [nIn, nOut], l));
    if (bias) out.push(tensor(`${name}.bias`, "other", [nOut], l));
  };
  const global: GGUFTensorShape[] = [];
  global.push(tensor("token_embd.weight", "token_embd", [d, c.vocabSize], -1));
  if (c.position === "learned")
    global.push(tensor("position_embd.weight", "other", [d, c.positionRows], -1, true));
  out.push(...global);
  if (c.embeddingNorm) norm("token_embd_norm", -1);
  if (c.finalNorm) norm("output_norm", -1);
  if (!c.tiedEmbeddings) out.push(tensor("output.weight", "output", [d, c.vocabSize], -1));
  if (c.bias.lmHead) out.push(tensor("output.bias", "other", [c.vocabSize], -1));
  const gated = c.mlp !== "gelu";
  const moeLayers = new Set(c.moe?.layers ?? []);
  for (let i = 0; i < c.nLayers; i++) {
    const p = `blk.${i}.`;
    norm(`${p}attn_norm`, i);
    for (const m of attentionMatrices(c)) linear(`${p}${m.gguf}`, m.category, m.nIn, m.nOut, m.bias, i);
    for (const [stem, width] of attentionNorms(c)) {
      out.push(tensor(`${p}${stem}.weight`, "other", [width], i));
      if (c.norm === "layernorm") out.push(tensor(`${p}${stem}.bias`, "other", [width], i));
    }
    if (c.normsPerLayer >= 2) norm(`${p}ffn_norm`, i);
    if (c.normsPerLayer >= 3) norm(`${p}post_attention_norm`, i);
    if (c.normsPerLayer >= 4) norm(`${p}post_ffw_norm`, i);
    const mlp = (suffix: string, ff: number, experts: number) => {
      const ne = (a: number, b: number) => (experts > 0 ? [a, b, experts] : [a, b]);
      const bias = c.bias.mlp;
      if (gated) out.push(tensor(`${p}ffn_gate${suffix}.weight`, "ffn_gate", ne(d, ff), i));
      out.push(tensor(`${p}ffn_up${suffix}.weight`, "ffn_up", ne(d, ff), i));
      out.push(tensor(`${p}ffn_down${suffix}.weight`, "ffn_down", ne(ff, d), i));
      if (bias) {
        if (gated) out.push(tensor(`${p}ffn_gate${suffix}.bias`, "other", [ff * Math.max(1, experts)], i));
        out.push(tensor(`${p}ffn_up${suffix}.bias`, "other", [ff * Math.max(1, experts)], i));
        out.push(tensor(`${p}ffn_down${suffix}.bias`, "other", [d * Math.max(1, experts)], i));
      }
    };
    if (c.moe && moeLayers.has(i)) {
      out.push(tensor(`${p}ffn_gate_inp.weight`, "other", [d, c.moe.nExperts], i, true));
      if (c.moe.routerBias) out.push(tensor(`${p}ffn_gate_inp.bias`, "other", [c.moe.nExperts], i));
      mlp("_exps", c.moe.expertDFF, c.moe.nExperts);
      if (c.moe.nSharedExperts > 0) mlp("_shexp", c.moe.sharedExpertDFF * c.moe.nSharedExperts, 0);
      if (c.moe.sharedExpertGate) out.push(tensor(`${p}ffn_gate_inp_shexp.weight`, "other", [d], i));
    } else {
      mlp("", c.dFF, 0);
    }
  }
  return out;
}

/** Options for {@link ggufQuantize}. */
export interface GGUFQuantizeOptions {
  /** Type of the unquantised GGUF being quantised (what non-quantisable 2-D tensors keep). Default F16. */
  sourceType?: "F32" | "F16" | "BF16";
  /** Whether an importance matrix is given (changes a few IQ mixes). Default false. */
  imatrix?: boolean;
}

/** One tensor's outcome. */
export interface GGUFTensorQuant extends GGUFTensorShape {
  type: GGMLTypeName;
  bytes: number;
}

/** What {@link ggufQuantize} returns. */
export interface GGUFQuantReport {
  fileType: GGUFFileType;
  tensors: GGUFTensorQuant[];
  /** Tensor data bytes: what llama.cpp prints as "model size" (the file adds its header). */
  bytes: number;
  elements: number;
  /** 8 · bytes / elements, llama.cpp's "BPW". */
  bitsPerWeight: number;
  /** Per ggml type: tensors, elements and bytes. */
  byType: Record<GGMLTypeName, { tensors: number; elements: number; bytes: number }>;
  /** Rules that applied only approximately for this config. */
  notes: string[];
}

const IQ_LOW = new Set<GGUFFileType>(["IQ2_XXS", "IQ2_XS", "IQ1_S", "IQ2_S", "IQ2_M", "IQ1_M"]);

// i < n/8, the last eighth, and every third block in between (llama-quant.cpp `use_more_bits`).
function useMoreBits(i: number, n: number): boolean {
  const e = Math.trunc(n / 8);
  return i < e || i >= Math.trunc((7 * n) / 8) || (i - e) % 3 === 2;
}

// tensor_type_fallback: a row length the block size does not divide falls back to a 32-block type, then F16.
const FALLBACK: Readonly<Record<string, string>> = {
  IQ1_S: "IQ4_NL",
  IQ1_M: "IQ4_NL",
  IQ2_XXS: "IQ4_NL",
  IQ2_XS: "IQ4_NL",
  IQ2_S: "IQ4_NL",
  IQ3_XXS: "IQ4_NL",
  IQ3_S: "IQ4_NL",
  IQ4_XS: "IQ4_NL",
  Q2_K: "Q4_0",
  Q3_K: "Q4_0",
  TQ1_0: "Q4_0",
  TQ2_0: "Q4_0",
  Q4_K: "Q5_0",
  Q5_K: "Q5_1",
  Q6_K: "Q8_0",
};

function fallback(type: GGMLTypeName, ncols: number): GGMLTypeName {
  if (ncols % ggmlTypeSize(type).blockElements === 0) return type;
  const t = FALLBACK[type] ?? "F16";
  return ncols % ggmlTypeSize(t).blockElements === 0 ? t : "F16";
}

// File types whose LM head llama.cpp keeps at Q5_K, and those that bump attn_output for 8-expert models.
const OUTPUT_Q5K = new Set<GGUFFileType>([
  "IQ2_XXS",
  "IQ2_XS",
  "IQ3_XXS",
  "IQ1_S",
  "IQ2_S",
  "IQ2_M",
  "IQ1_M",
]);
const MOE8_ATTN_OUTPUT_Q5K = new Set<GGUFFileType>([
  "Q2_K",
  "IQ3_XS",
  "IQ3_XXS",
  "Q3_K_S",
  "Q3_K_M",
  "IQ4_NL",
  "Q4_K_S",
  "Q4_K_M",
  "IQ3_S",
  "IQ3_M",
  "IQ4_XS",
]);

interface QuantState {
  ftype: GGUFFileType;
  nGQA: number;
  nExpert: number;
  nLayers: number;
  is70B: boolean;
  tied: boolean;
  imatrix: boolean;
  iAttnV: number;
  nAttnV: number;
  iFfnDown: number;
}

// llama_tensor_get_type_impl, branch for branch (Falcon-only branches omitted: no architecture here).
function pickType(s: QuantState, t: GGUFTensorShape, base: GGMLTypeName): GGMLTypeName {
  const f = s.ftype;
  let type = base;
  const cat = t.category;
  if (cat === "output" || (s.tied && cat === "token_embd")) {
    if (f === "MXFP4_MOE") return "Q8_0";
    if (t.ne[0]! % ggmlTypeSize(type).blockElements !== 0) return "Q8_0";
    if (OUTPUT_Q5K.has(f)) return "Q5_K";
    return type !== "Q8_0" ? "Q6_K" : type;
  }
  if (f === "MXFP4_MOE") return (t.ne[2] ?? 1) > 1 ? "MXFP4" : "Q8_0";
  if (cat === "token_embd") {
    if (f === "IQ2_XXS" || f === "IQ2_XS" || f === "IQ1_S" || f === "IQ1_M") return "Q2_K";
    if (f === "IQ2_S" || f === "IQ2_M" || f === "IQ3_XXS") return "IQ3_S";
    if (f === "TQ1_0" || f === "TQ2_0") return "Q4_K";
    return type;
  }
  const layer = t.layer;
  if (IQ_LOW.has(f)) {
    if (cat === "attn_v") {
      type = s.nGQA >= 4 || s.nExpert >= 4 ? "Q4_K" : f === "IQ2_S" || f === "IQ2_M" ? "IQ3_S" : "Q2_K";
      s.iAttnV++;
    } else if (s.nExpert === 8 && cat === "attn_k") {
      type = "Q4_K";
    } else if (cat === "ffn_down") {
      if (s.iFfnDown < Math.trunc(s.nLayers / 8)) type = f === "IQ2_S" || f === "IQ2_M" ? "IQ3_S" : "Q2_K";
      s.iFfnDown++;
    } else if (cat === "attn_output") {
      if (s.nExpert === 8) type = "Q5_K";
      else if (f === "IQ1_S" || f === "IQ1_M") type = "IQ2_XXS";
      else if (f === "IQ2_S" || f === "IQ2_M") type = "IQ3_S";
    }
    return type;
  }
  if (cat === "attn_v") {
    const gqa4 = s.nGQA >= 4;
    if (f === "Q2_K") type = gqa4 ? "Q4_K" : "Q3_K";
    else if (f === "Q2_K_S" && gqa4) type = "Q4_K";
    else if (f === "IQ3_XXS") type = gqa4 ? "Q4_K" : !s.imatrix ? "IQ3_S" : "IQ3_XXS";
    else if ((f === "IQ3_XS" || f === "IQ3_S") && gqa4) type = "Q4_K";
    else if (f === "IQ3_M") type = "Q4_K";
    else if (f === "Q3_K_M") type = s.iAttnV < 2 ? "Q5_K" : "Q4_K";
    else if (f === "Q3_K_L") type = "Q5_K";
    else if ((f === "IQ4_NL" || f === "IQ4_XS") && gqa4) type = "Q5_K";
    else if ((f === "Q4_K_M" || f === "Q5_K_M") && useMoreBits(s.iAttnV, s.nAttnV)) type = "Q6_K";
    else if (f === "Q4_K_S" && s.iAttnV < 4) type = "Q5_K";
    if (s.is70B && (type === "Q3_K" || type === "Q4_K")) type = "Q5_K";
    if (s.nExpert === 8) type = "Q8_0";
    s.iAttnV++;
    return type;
  }
  if (cat === "attn_k") {
    if (s.nExpert === 8) type = "Q8_0";
    else if (f === "IQ3_XS") type = "IQ3_XXS";
    else if (f === "IQ3_XXS") type = "IQ2_S";
    return type;
  }
  if (cat === "attn_q") {
    if (f === "IQ3_XS") type = "IQ3_XXS";
    else if (f === "IQ3_XXS") type = "IQ2_S";
    return type;
  }
  if (cat === "ffn_down") {
    // With experts llama.cpp reads the block from the name; without, its counter equals the block index.
    const i = s.nExpert > 1 ? layer : s.iFfnDown;
    const n = s.nLayers;
    const e8 = Math.trunc(n / 8);
    if (f === "Q2_K") type = "Q3_K";
    else if (f === "Q2_K_S") {
      if (i < e8) type = "Q4_K";
    } else if (f === "IQ3_XXS" && !s.imatrix) type = i < e8 ? "Q4_K" : "Q3_K";
    else if (f === "Q3_K_M") type = i < Math.trunc(n / 16) ? "Q5_K" : "Q4_K";
    else if (f === "IQ3_M" && (i < e8 || (s.nExpert === 8 && useMoreBits(i, n)))) type = "Q4_K";
    else if (f === "Q3_K_L") type = "Q5_K";
    else if (f === "Q4_K_M") {
      if (useMoreBits(i, n)) type = "Q6_K";
    } else if (i < e8 && (f === "IQ4_NL" || f === "IQ4_XS") && !s.imatrix) type = "Q5_K";
    else if (f === "Q5_K_M" && useMoreBits(i, n)) type = "Q6_K";
    else if (f === "Q4_K_S" && i < e8) type = "Q5_K";
    else if ((f === "Q4_0" || f === "Q5_0") && s.imatrix && i < e8) type = f === "Q4_0" ? "Q4_1" : "Q5_1";
    s.iFfnDown++;
    return type;
  }
  if (cat === "attn_output") {
    if (s.nExpert === 8) {
      if (MOE8_ATTN_OUTPUT_Q5K.has(f)) type = "Q5_K";
    } else if (f === "Q2_K") type = "Q3_K";
    else if (f === "IQ3_XXS") type = "IQ3_S";
    else if (f === "Q3_K_M") type = "Q4_K";
    else if (f === "Q3_K_L") type = "Q5_K";
    else if (f === "IQ3_M") type = "Q4_K";
    return type;
  }
  if (cat === "ffn_gate" || cat === "ffn_up") {
    if (f === "IQ3_XS" && layer >= Math.trunc(s.nLayers / 8) && layer < Math.trunc((7 * s.nLayers) / 8)) {
      type = "IQ3_XXS";
    }
    return type;
  }
  return type;
}

/**
 * The tensor types and tensor-data bytes of a GGUF file that `llama-quantize` would write for `config` at
 * file type `fileType` (e.g. Q4_K_M keeps the LM head at Q6_K and gives Q6_K to half of the attn_v and
 * ffn_down tensors). Exact for Llama-family layouts; see the file comment for what is left out.
 * @example ggufQuantize(presets["llama2-7b"].config, "Q4_K_M").bitsPerWeight // 4.84 (llama.cpp's table: 4.84)
 */
export function ggufQuantize(
  input: GPTConfig | GPTConfigInput,
  fileType: GGUFFileType,
  options: GGUFQuantizeOptions = {},
): GGUFQuantReport {
  const fn = "ggufQuantize";
  if (typeof fileType !== "string" || !Object.hasOwn(DEFAULT_TYPE, fileType)) {
    throw new ArgumentError(
      fn,
      "fileType",
      `"${String(fileType).slice(0, 40)}" is not a llama-quantize file type (${GGUF_FILE_TYPES.join(", ")})`,
    );
  }
  const sourceType = options.sourceType ?? "F16";
  if (!["F32", "F16", "BF16"].includes(sourceType)) {
    throw new ArgumentError(
      fn,
      "sourceType",
      `"${String(sourceType).slice(0, 40)}" must be F32, F16 or BF16`,
    );
  }
  const config = validateConfig(input as GPTConfigInput);
  const layout = ggufTensorLayout(config);
  const base: GGMLTypeName = DEFAULT_TYPE[fileType];
  const quantized = base !== "F32" && base !== "F16" && base !== "BF16";
  const notes: string[] = [];
  // llama.cpp (llama-model.cpp) calls an 80-block Llama/Qwen2 with grouped KV heads "70B" and bumps attn_v.
  const is70B = config.nLayers === 80 && config.nKVHeads < config.nHeads;
  if (is70B && quantized) notes.push("80 blocks with grouped KV heads: llama.cpp's 70B attn_v rule applied");
  const state: QuantState = {
    ftype: fileType,
    nGQA: config.nHeads / config.nKVHeads,
    nExpert: config.moe?.nExperts ?? 0,
    nLayers: config.nLayers,
    is70B,
    tied: config.tiedEmbeddings,
    imatrix: options.imatrix ?? false,
    iAttnV: 0,
    nAttnV: layout.filter((t) => t.category === "attn_v").length,
    iFfnDown: 0,
  };
  const tensors: GGUFTensorQuant[] = [];
  const byType: GGUFQuantReport["byType"] = {};
  let bytes = 0;
  let elements = 0;
  for (const t of layout) {
    let type: GGMLTypeName;
    if (!t.quantizable) type = t.sourceType === "F32" ? "F32" : sourceType;
    else if (!quantized) type = base;
    else type = fallback(pickType(state, t, base), t.ne[0]!);
    const size = ggmlTypeSize(type);
    const b = (t.elements / size.blockElements) * size.blockBytes;
    // The layout was built for this call, so each entry becomes its own result without a copy.
    const q = t as GGUFTensorQuant;
    q.type = type;
    q.bytes = b;
    tensors.push(q);
    const entry = byType[type] ?? { tensors: 0, elements: 0, bytes: 0 };
    entry.tensors++;
    entry.elements += t.elements;
    entry.bytes += b;
    byType[type] = entry;
    bytes += b;
    elements += t.elements;
  }
  return { fileType, tensors, bytes, elements, bitsPerWeight: (8 * bytes) / elements, byType, notes };
}
