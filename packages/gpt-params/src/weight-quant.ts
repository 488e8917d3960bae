// Bytes of quantised weights and KV caches, exact to the stored layout of each format: GGUF file types
// (through gguf-quantize.ts), GPTQ and AWQ checkpoints (int32-packed weights, per-group fp16 scales and packed
// zero points, GPTQ's g_idx), bitsandbytes NF4 with or without double quantisation and LLM.int8(), and FP8
// with per-tensor, per-channel or 128×128 block scales. It says which tensors each format quantises and
// keeps the rest at 16 bits. It does not model runtime workspace or dequantisation buffers.
import { attentionMatrices, kvValuesPerTokenLayer } from "./attention-shape";
import { choice, integer } from "./check-args";
import type { GPTConfig, GPTConfigInput } from "./config";
import { validateConfig } from "./config";
import { countParameters } from "./count";
import { ArgumentError } from "./errors";
import { type GGUFFileType, ggufQuantize } from "./gguf-quantize";

/** A weight quantisation scheme. */
export type WeightQuant =
  | { kind: "dense"; dtype: "fp32" | "fp16" | "bf16" }
  | { kind: "gguf"; fileType: GGUFFileType }
  | { kind: "gptq"; bits: 2 | 3 | 4 | 8; groupSize: number }
  | { kind: "awq"; groupSize: number }
  | { kind: "nf4"; doubleQuant: boolean }
  | { kind: "int8" }
  | { kind: "fp8"; scales: "tensor" | "channel" | "block" };

/** What {@link quantizedWeightBytes} returns. */
export interface QuantizedWeights {
  scheme: WeightQuant;
  /** Every weight's bytes, quantised or kept. */
  bytes: number;
  parameters: number;
  /** 8 · bytes / parameters. */
  bitsPerWeight: number;
  /** Parameters stored quantised (the block/expert matrices) and their bytes. */
  quantized: { parameters: number; bytes: number };
  /** Parameters kept at 16 bits (embeddings, LM head, norms, biases, router) and their bytes. */
  kept: { parameters: number; bytes: number };
  /** The per-matrix byte formula, in words. */
  formula: string;
}

// One matrix of shape [out, in] = [n, k]: bytes of its quantised storage.
function matrixBytes(q: WeightQuant, k: number, n: number): number {
  switch (q.kind) {
    case "gptq": {
      // AutoGPTQ / transformers "gptq" layout: qweight int32 [k·b/32, n], qzeros int32 [k/g, n·b/32],
      // scales fp16 [k/g, n], g_idx int32 [k].
      const g = q.groupSize === -1 ? k : q.groupSize;
      const groups = Math.ceil(k / g);
      return (k * n * q.bits) / 8 + (groups * n * q.bits) / 8 + groups * n * 2 + 4 * k;
    }
    case "awq": {
      // AutoAWQ GEMM layout: qweight int32 [k, n/8], qzeros int32 [k/g, n/8], scales fp16 [k/g, n].
      const groups = Math.ceil(k / q.groupSize);
      return (k * n) / 2 + (groups * n) / 2 + groups * n * 2;
    }
    case "nf4": {
      // bitsandbytes Params4bit: 4-bit codes, one absmax per 64 values: fp32, or (double quantisation,
      // Dettmers et al. 2023 QLoRA §3) an 8-bit absmax plus one fp32 constant per 256 absmax values.
      const values = k * n;
      const blocks = Math.ceil(values / 64);
      return values / 2 + (q.doubleQuant ? blocks + 4 * Math.ceil(blocks / 256) : 4 * blocks);
    }
    case "int8":
      // LLM.int8() (Dettmers et al. 2022): int8 weights and one fp32 scale per output row (SCB).
      return k * n + 4 * n;
    case "fp8": {
      // e4m3 weights with fp32 scales: one per tensor, per output row, or per 128×128 block (DeepSeek-V3).
      const scales =
        q.scales === "tensor" ? 1 : q.scales === "channel" ? n : Math.ceil(k / 128) * Math.ceil(n / 128);
      return k * n + 4 * scales;
    }
    case "dense":
      return k * n * (q.dtype === "fp32" ? 4 : 2);
    case "gguf":
      throw new ArgumentError("quantizedWeightBytes", "scheme", "gguf is sized by ggufQuantize");
  }
}

const FORMULA: Record<WeightQuant["kind"], string> = {
  dense: "k·n·bytes",
  gguf: "Σ tensors (elements / block) · block bytes (llama.cpp ggml types)",
  gptq: "k·n·b/8 + ⌈k/g⌉·n·(b/8 + 2) + 4k (qweight, qzeros, fp16 scales, g_idx)",
  awq: "k·n/2 + ⌈k/g⌉·n·(1/2 + 2) (qweight, qzeros, fp16 scales)",
  nf4: "k·n/2 + absmax (fp32 per 64, or 8-bit per 64 + fp32 per 64·256 with double quantisation)",
  int8: "k·n + 4n (int8 weights, fp32 row scales)",
  fp8: "k·n + 4·scales (e4m3 weights, fp32 scales)",
};

function checkScheme(q: WeightQuant): void {
  const fn = "quantizedWeightBytes";
  if (q === null || typeof q !== "object")
    throw new ArgumentError(fn, "scheme", "must be an object with a kind");
  choice(fn, "scheme.kind", q.kind, ["dense", "gguf", "gptq", "awq", "nf4", "int8", "fp8"] as const);
  if (q.kind === "gptq") {
    choice(fn, "scheme.bits", String(q.bits), ["2", "3", "4", "8"] as const);
    if (q.groupSize !== -1) integer(fn, "scheme.groupSize", q.groupSize);
  }
  if (q.kind === "awq") integer(fn, "scheme.groupSize", q.groupSize);
  if (q.kind === "fp8") choice(fn, "scheme.scales", q.scales, ["tensor", "channel", "block"] as const);
  if (q.kind === "dense") choice(fn, "scheme.dtype", q.dtype, ["fp32", "fp16", "bf16"] as const);
}

/**
 * Bytes of a model's weights under a quantisation scheme. GPTQ, AWQ, NF4, int8 and FP8 quantise the
 * attention and MLP (and expert) matrices and keep embeddings, LM head, norms, biases and the MoE router at
 * 16 bits, as AutoGPTQ, AutoAWQ and transformers' bitsandbytes integration do by default.
 * @example quantizedWeightBytes(presets["llama2-7b"].config, { kind: "nf4", doubleQuant: true }).bitsPerWeight
 */
export function quantizedWeightBytes(
  input: GPTConfig | GPTConfigInput,
  scheme: WeightQuant,
): QuantizedWeights {
  checkScheme(scheme);
  const config = validateConfig(input as GPTConfigInput);
  const report = countParameters(config);
  if (scheme.kind === "gguf") {
    const g = ggufQuantize(config, scheme.fileType);
    let qp = 0;
    let qb = 0;
    for (const t of g.tensors) {
      if (t.quantizable) {
        qp += t.elements;
        qb += t.bytes;
      }
    }
    return {
      scheme,
      bytes: g.bytes,
      parameters: g.elements,
      bitsPerWeight: g.bitsPerWeight,
      quantized: { parameters: qp, bytes: qb },
      kept: { parameters: g.elements - qp, bytes: g.bytes - qb },
      formula: FORMULA.gguf,
    };
  }
  const d = config.dModel;
  const gated = config.mlp !== "gelu";
  // Per block: [in, out] of every quantised matrix.
  const attention: [number, number][] = attentionMatrices(config).map((m) => [m.nIn, m.nOut]);
  const mlp = (ff: number): [number, number][] =>
    gated
      ? [
          [d, ff],
          [d, ff],
          [ff, d],
        ]
      : [
          [d, ff],
          [ff, d],
        ];
  const moeLayers = new Set(config.moe?.layers ?? []);
  let qp = 0;
  let qb = 0;
  const add = (mats: [number, number][], times: number) => {
    for (const [k, n] of mats) {
      qp += times * k * n;
      qb += times * matrixBytes(scheme, k, n);
    }
  };
  for (let i = 0; i < config.nLayers; i++) {
    add(attention, 1);
    const moe = config.moe;
    if (moe && moeLayers.has(i)) {
      add(mlp(moe.expertDFF), moe.nExperts);
      if (moe.nSharedExperts > 0) add(mlp(moe.sharedExpertDFF), moe.nSharedExperts);
    } else {
      add(mlp(config.dFF), 1);
    }
  }
  const keptParams = report.total - qp;
  const keptBytes = keptParams * (scheme.kind === "dense" && scheme.dtype === "fp32" ? 4 : 2);
  const bytes = qb + keptBytes;
  return {
    scheme,
    bytes,
    parameters: report.total,
    bitsPerWeight: (8 * bytes) / report.total,
    quantized: { parameters: qp, bytes: qb },
    kept: { parameters: keptParams, bytes: keptBytes },
    formula: FORMULA[scheme.kind],
  };
}

/**
 * KV-cache storage types with their bytes per cached value. llama.cpp's `--cache-type-k/-v` types store
 * ggml blocks (q8_0: 34 bytes per 32 values, q4_0: 18 per 32; common/arg.cpp `kv_cache_types`); fp8 is
 * vLLM's `kv_cache_dtype="fp8"` (one byte, scales per tensor).
 */
export const KV_CACHE_TYPES: Readonly<Record<string, number>> = Object.freeze({
  f32: 4,
  f16: 2,
  bf16: 2,
  fp8: 1,
  q8_0: 34 / 32,
  q5_1: 24 / 32,
  q5_0: 22 / 32,
  q4_1: 20 / 32,
  q4_0: 18 / 32,
  iq4_nl: 18 / 32,
});

/** Options for {@link quantizedKVCacheBytes}. */
export interface QuantizedKVCacheOptions {
  batch?: number;
  contextLength?: number;
  /** A key of {@link KV_CACHE_TYPES} (default f16). */
  type?: string;
}

/**
 * KV-cache bytes at a storage type: 2 · L · n_kv · d_head · context · batch · bytes(type) (for latent
 * attention, L · (kvLoraRank + qkRopeHeadDim) · context · batch · bytes).
 * @example quantizedKVCacheBytes(presets["llama2-7b"].config, { type: "q8_0" }) // 2 GiB · 34/64
 */
export function quantizedKVCacheBytes(
  input: GPTConfig | GPTConfigInput,
  options: QuantizedKVCacheOptions = {},
): number {
  const fn = "quantizedKVCacheBytes";
  const config = validateConfig(input as GPTConfigInput);
  const batch = integer(fn, "batch", options.batch ?? 1);
  const context = integer(fn, "contextLength", options.contextLength ?? config.contextLength);
  const type = choice(fn, "type", options.type ?? "f16", Object.keys(KV_CACHE_TYPES));
  const values = config.nLayers * kvValuesPerTokenLayer(config) * context * batch;
  return values * KV_CACHE_TYPES[type]!;
}
