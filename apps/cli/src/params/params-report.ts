// The data behind `paramlens params`: for one resolved model, its exact parameter breakdown, per-layer
// counts, FLOPs per token, and memory at each requested precision (weights, KV cache, AdamW training
// state). Every number comes from @paramlens/gpt-params; this file only gathers them into one report.

import type { GPTConfig } from "@paramlens/gpt-params";
import {
  countParameters,
  type DType,
  flops,
  inferenceMemory,
  type LayerCount,
  type PublishedCount,
  trainingMemory,
} from "@paramlens/gpt-params";
import { type ModelSource, resolveModel } from "./resolve-model";

/** Identical consecutive blocks, reported once (a dense model has one group). */
export interface LayerGroup {
  /** First and last 0-based block index. */
  first: number;
  last: number;
  count: number;
  moe: boolean;
  attention: number;
  mlp: number;
  norms: number;
  /** Parameters of one block of the group. */
  total: number;
  /** Parameters one token uses in one block (differs from `total` for MoE blocks). */
  active: number;
}

export interface MemoryRow {
  precision: DType;
  /** Bytes of weights at `precision`. */
  weights: number;
  /** Bytes of KV cache for `batch` sequences of `contextLength` tokens, at `kvPrecision`. */
  kvCache: number;
  kvPrecision: DType;
  /** weights + kvCache. */
  total: number;
}

export interface ParamsReport {
  model: { id: string; name: string; source: string; published?: PublishedCount; notes: string[] };
  config: GPTConfig;
  parameters: {
    total: number;
    trainable: number;
    active: number;
    nonEmbedding: number;
    activeNonEmbedding: number;
    /** Component totals with slash keys (`embedding/token`, `attention/qkv` …). */
    breakdown: Record<string, number>;
    perLayer: LayerGroup[];
    closedForm: { expression: string; value: number };
  };
  flops: {
    /** Tokens attended over (the model's context length). */
    contextLength: number;
    forwardPerToken: number;
    forwardWeightsPerToken: number;
    forwardAttentionPerToken: number;
    trainingPerToken: number;
  };
  memory: {
    batch: number;
    contextLength: number;
    inference: MemoryRow[];
    /** Mixed-precision AdamW training state (weights, gradients, optimizer), no sharding, no activations. */
    training: { weights: number; gradients: number; optimizer: number; total: number };
  };
}

export interface ParamsOptions extends ModelSource {
  /** Sequences decoded together for the KV cache (default 1). */
  batch?: number;
  /** Precisions for the memory table (default fp32, bf16, int8, int4). */
  precisions?: readonly DType[];
  /** KV-cache precision; by default each row's own precision. */
  kvPrecision?: DType;
}

export const DEFAULT_PRECISIONS: readonly DType[] = ["fp32", "bf16", "int8", "int4"];

function groupLayers(layers: readonly LayerCount[]): LayerGroup[] {
  const groups: LayerGroup[] = [];
  for (const layer of layers) {
    const last = groups[groups.length - 1];
    const same =
      last !== undefined &&
      last.moe === layer.moe &&
      last.attention === layer.attention &&
      last.mlp === layer.mlp &&
      last.norms === layer.norms &&
      last.active === layer.active;
    if (same) {
      last.last = layer.index;
      last.count += 1;
    } else {
      const { index, moe, attention, mlp, norms, total, active } = layer;
      groups.push({ first: index, last: index, count: 1, moe, attention, mlp, norms, total, active });
    }
  }
  return groups;
}

/**
 * Everything `paramlens params` prints for one model.
 * @example paramsReport({ preset: "gpt2" }).parameters.total // 124439808
 */
export function paramsReport(options: ParamsOptions): ParamsReport {
  const model = resolveModel(options);
  const config = model.config;
  const count = countParameters(config);
  const f = flops(config);
  const batch = options.batch ?? 1;
  const inference = (options.precisions ?? DEFAULT_PRECISIONS).map((precision): MemoryRow => {
    const kvPrecision = options.kvPrecision ?? precision;
    const m = inferenceMemory(config, { weightDtype: precision, dtype: kvPrecision, batch });
    return { precision, weights: m.weights, kvCache: m.kvCache, kvPrecision, total: m.total };
  });
  const training = trainingMemory(config).perDevice;
  const { id, name, source, published, notes } = model;
  return {
    model: published ? { id, name, source, published, notes } : { id, name, source, notes },
    config,
    parameters: {
      total: count.total,
      trainable: count.trainable,
      active: count.active,
      nonEmbedding: count.nonEmbedding,
      activeNonEmbedding: count.activeNonEmbedding,
      breakdown: count.breakdown,
      perLayer: groupLayers(count.perLayer),
      closedForm: { expression: count.closedForm.expression, value: count.closedForm.value },
    },
    flops: {
      contextLength: config.contextLength,
      forwardPerToken: f.forwardPerToken,
      forwardWeightsPerToken: f.forwardWeightsPerToken,
      forwardAttentionPerToken: f.forwardAttentionPerToken,
      trainingPerToken: f.trainingPerToken,
    },
    memory: { batch, contextLength: config.contextLength, inference, training },
  };
}
