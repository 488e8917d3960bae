// Causal multi-head self-attention with optional grouped KV heads (GQA; nKvHeads = 1 is MQA), one fused
// QKV projection `c_attn` (GPT-2's name and layout: rows [q | k | v]) and the output projection `c_proj`.
// Positions: learned tables live in GPT, so here "learned"/"none" add nothing, "rotary" rotates q and k,
// "alibi" adds Press et al.'s linear bias. With a KVCacheLayer, the new positions' keys/values are appended
// to the cached ones and the new queries attend over all of them (rotary angles and ALiBi distances start at
// the cached length). Options for loaded checkpoints: rotary details (partial dims, GPT-J's interleaved pairs,
// base, rope_scaling; rotary-embedding.ts) and a sliding window (Mistral: each query sees its last W keys).
// Hook points (TransformerLens names, installed by models/hook-points.ts; free when none is installed):
// hook_q [B, T, H, hd] and hook_k / hook_v [B, T, Hkv, hd] before rotary, hook_attn_scores [B, H, T, S]
// (scaled, + ALiBi, before the causal mask: masked entries hold raw scores), hook_pattern [B, H, T, S],
// hook_z [B, T, H, hd], and opt-in hook_result [B, T, H, d] (each head's output through its slice of c_proj;
// when hooked the output is Σ_h result + bias, computed without calling c_proj).
import {
  add,
  dropout,
  matmul,
  permute,
  reshape,
  slice,
  type Tensor,
  tensor,
  transpose,
} from "@paramlens/tensor";
import { causalSoftmax } from "../functional-b/causal-softmax";
import { ModelError } from "../models/errors";
import type { KVCacheLayer } from "../models/kv-cache";
import { Module } from "../module";
import type { HookSink } from "./hook-sink";
import { Linear } from "./linear";
import { RotaryEmbedding, type RotaryOptions } from "./rotary-embedding";

export type AttentionPosition = "learned" | "rotary" | "alibi" | "none";

export interface CausalSelfAttentionOptions {
  dModel: number;
  nHeads: number;
  /** Key/value heads; must divide nHeads. Default nHeads (plain multi-head attention). */
  nKvHeads?: number;
  /** Width of one head. Default dModel / nHeads. */
  headDim?: number;
  /** Bias on the fused QKV projection. Default true. */
  qkvBias?: boolean;
  /** Bias on the output projection. Default true. */
  outBias?: boolean;
  position?: AttentionPosition;
  /** Dropout on the attention weights and the output (training mode only). Default 0. */
  dropout?: number;
  /** Rotary details when position is "rotary" (base, rotated dims, pair layout, scaling). Default RoFormer's. */
  rotary?: RotaryOptions;
  /** Each query attends to at most this many latest keys, itself included (Mistral). Default none. */
  slidingWindow?: number | null;
}

function positiveInt(field: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new ModelError(
      "OPTION",
      `CausalSelfAttention: ${field} must be a positive integer, got ${String(v)}`,
    );
  }
  return v;
}

/**
 * ALiBi head slopes 2^(−8h/H) for h = 1..H (Press et al., arXiv:2108.12409, §3). When H is not a power of
 * two, the slopes of the nearest lower power of two P are followed by every other slope of 2P (the paper's
 * footnote; transformers' modeling_bloom.py build_alibi_tensor computes the same).
 */
export function alibiSlopes(nHeads: number): number[] {
  const p = 2 ** Math.floor(Math.log2(nHeads));
  const slopes = Array.from({ length: p }, (_, h) => 2 ** ((-8 * (h + 1)) / p));
  for (let i = 0; slopes.length < nHeads; i++) slopes.push(2 ** ((-4 * (2 * i + 1)) / p));
  return slopes;
}

export class CausalSelfAttention extends Module {
  readonly dModel: number;
  readonly nHeads: number;
  readonly nKvHeads: number;
  readonly headDim: number;
  readonly position: AttentionPosition;
  readonly dropoutP: number;
  readonly c_attn: Linear;
  readonly c_proj: Linear;
  private readonly slopes: number[] | null;
  /** Rotary embedding (position "rotary"), else null. Holds no parameters. */
  readonly rotary: RotaryEmbedding | null;
  readonly slidingWindow: number | null;
  /** Hook points (see file comment); null: none. */
  hookSink: HookSink | null = null;

  constructor(o: CausalSelfAttentionOptions) {
    super();
    this.dModel = positiveInt("dModel", o.dModel);
    this.nHeads = positiveInt("nHeads", o.nHeads);
    this.nKvHeads = positiveInt("nKvHeads", o.nKvHeads ?? o.nHeads);
    if (this.nHeads % this.nKvHeads !== 0) {
      throw new ModelError(
        "OPTION",
        `CausalSelfAttention: nHeads ${this.nHeads} is not divisible by nKvHeads ${this.nKvHeads}`,
      );
    }
    if (o.headDim === undefined && this.dModel % this.nHeads !== 0) {
      throw new ModelError(
        "OPTION",
        `CausalSelfAttention: dModel ${this.dModel} is not divisible by nHeads ${this.nHeads}; set headDim`,
      );
    }
    this.headDim = positiveInt("headDim", o.headDim ?? this.dModel / this.nHeads);
    this.position = o.position ?? "learned";
    if (!["learned", "rotary", "alibi", "none"].includes(this.position)) {
      throw new ModelError(
        "OPTION",
        `CausalSelfAttention: unknown position ${JSON.stringify(this.position)}`,
      );
    }
    if (this.position === "rotary" && (o.rotary?.dims ?? this.headDim) % 2 !== 0) {
      throw new ModelError(
        "UNSUPPORTED",
        `CausalSelfAttention: rotary positions need an even headDim, got ${this.headDim}`,
      );
    }
    this.slopes = this.position === "alibi" ? alibiSlopes(this.nHeads) : null;
    this.rotary = this.position === "rotary" ? new RotaryEmbedding(this.headDim, o.rotary) : null;
    const w = o.slidingWindow ?? null;
    if (w !== null && !(Number.isInteger(w) && w >= 1)) {
      throw new ModelError(
        "OPTION",
        `CausalSelfAttention: slidingWindow must be a positive integer, got ${w}`,
      );
    }
    this.slidingWindow = w;
    this.dropoutP = o.dropout ?? 0;
    const dAttn = this.nHeads * this.headDim;
    const dKv = this.nKvHeads * this.headDim;
    this.c_attn = this.registerModule(
      "c_attn",
      new Linear(this.dModel, dAttn + 2 * dKv, { bias: o.qkvBias ?? true }),
    );
    this.c_proj = this.registerModule("c_proj", new Linear(dAttn, this.dModel, { bias: o.outBias ?? true }));
  }

  /**
   * [Hkv, g, T, S] additive bias −m_h·(i + S − T − j) for the visible keys of the newest T queries over S
   * keys (query i sits at position S − T + i; the causal mask does the rest).
   */
  private alibiBias(t: number, s: number): Tensor {
    const h = this.nHeads;
    const past = s - t;
    const out = new Float32Array(h * t * s);
    for (let k = 0; k < h; k++) {
      const m = this.slopes![k]!;
      for (let i = 0; i < t; i++) {
        for (let j = 0; j <= i + past; j++) out[(k * t + i) * s + j] = -m * (i + past - j);
      }
    }
    return tensor(out).reshape([this.nKvHeads, h / this.nKvHeads, t, s]);
  }

  /**
   * Module.call with the optional cache (Module's signature stays [Tensor], so this is still a plain
   * Module<[Tensor], Tensor>); hooks see [x] without it and [x, cache] with it.
   */
  override call(x: Tensor, cache?: KVCacheLayer): Tensor {
    // biome-ignore lint/suspicious/noExplicitAny: forwards the extra argument through Module.call's [Tensor] list
    return cache === undefined ? super.call(x) : (super.call as any).call(this, x, cache);
  }

  /**
   * x: [B, T, dModel] → [B, T, dModel]. With `cache`, x holds the positions after the cached ones: their
   * keys/values are appended to the cache and the queries attend over cached + new keys.
   */
  override forward(x: Tensor, cache?: KVCacheLayer): Tensor {
    if (x.ndim !== 3 || x.shape[2] !== this.dModel) {
      throw new ModelError(
        "INPUT",
        `CausalSelfAttention: input must be [B, T, ${this.dModel}], got [${x.shape.join(",")}]`,
      );
    }
    const [b, t] = x.shape as [number, number, number];
    const hd = this.headDim;
    const hkv = this.nKvHeads;
    const g = this.nHeads / hkv; // query heads per KV head
    const dAttn = this.nHeads * hd;
    const dKv = hkv * hd;
    const qkv = this.c_attn.call(x); // (B, T, dAttn + 2 dKv)
    // Query head h = kv·g + j uses KV head kv, as Hugging Face's repeat_kv.
    // (B, T, H·hd) → (B, T, Hkv, g, hd) → (B, Hkv, g, T, hd); K and V get a size-1 group dim.
    let q = permute(reshape(slice(qkv, 2, 0, dAttn), [b, t, hkv, g, hd]), [0, 2, 3, 1, 4]);
    let k = permute(reshape(slice(qkv, 2, dAttn, dAttn + dKv), [b, t, hkv, 1, hd]), [0, 2, 3, 1, 4]);
    let v = permute(
      reshape(slice(qkv, 2, dAttn + dKv, dAttn + 2 * dKv), [b, t, hkv, 1, hd]),
      [0, 2, 3, 1, 4],
    );
    const hk = this.hookSink;
    if (hk) {
      // TransformerLens layout [B, T, heads, hd] around each hook, then back to (B, Hkv, g|1, T, hd)
      const point = (name: string, u: Tensor, heads: number, groups: number): Tensor => {
        if (!hk.wants(name)) return u;
        const tl = hk.run(name, reshape(permute(u, [0, 3, 1, 2, 4]), [b, t, heads, hd]));
        return permute(reshape(tl, [b, t, hkv, groups, hd]), [0, 2, 3, 1, 4]);
      };
      q = point("hook_q", q, this.nHeads, g);
      k = point("hook_k", k, hkv, 1);
      v = point("hook_v", v, hkv, 1);
    }
    const past = cache ? cache.length : 0;
    if (this.rotary) {
      const tables = this.rotary.tables(t, past); // angles of positions past .. past + T − 1
      q = this.rotary.apply(q, tables);
      k = this.rotary.apply(k, tables);
    }
    const s = past + t; // keys attended over
    if (cache) {
      // (B, Hkv, 1, T, hd) → cache [B, Hkv, past + T, hd] → (B, Hkv, 1, S, hd)
      const all = cache.append(reshape(k, [b, hkv, t, hd]), reshape(v, [b, hkv, t, hd]));
      k = reshape(all.keys, [b, hkv, 1, s, hd]);
      v = reshape(all.values, [b, hkv, 1, s, hd]);
    }
    // Grouped heads broadcast through matmul's batch dims: no copies of K and V.
    let scores = matmul(q, transpose(k, -1, -2)); // (B, Hkv, g, T, S)
    const scale = 1 / Math.sqrt(hd);
    let att: Tensor;
    const heads = (u: Tensor) => reshape(u, [b, this.nHeads, t, s]); // (B, Hkv, g, T, S) → [B, H, T, S]
    const groups = (u: Tensor) => reshape(u, [b, hkv, g, t, s]);
    if (this.slopes) {
      scores = add(scores.mul(scale), this.alibiBias(t, s));
      if (hk?.wants("hook_attn_scores")) scores = groups(hk.run("hook_attn_scores", heads(scores)));
      att = causalSoftmax(scores, 1, this.slidingWindow);
    } else if (hk?.wants("hook_attn_scores")) {
      scores = groups(hk.run("hook_attn_scores", heads(scores.mul(scale))));
      att = causalSoftmax(scores, 1, this.slidingWindow);
    } else att = causalSoftmax(scores, scale, this.slidingWindow);
    if (hk?.wants("hook_pattern")) att = groups(hk.run("hook_pattern", heads(att)));
    if (this.dropoutP > 0) att = dropout(att, this.dropoutP, this.training);
    const y = matmul(att, v); // (B, Hkv, g, T, S) @ (B, Hkv, 1, S, hd) → (B, Hkv, g, T, hd)
    // (B, Hkv, g, T, hd) → (B, T, Hkv, g, hd) → (B, T, dAttn)
    let merged = reshape(permute(y, [0, 3, 1, 2, 4]), [b, t, dAttn]);
    if (hk?.wants("hook_z"))
      merged = reshape(hk.run("hook_z", reshape(merged, [b, t, this.nHeads, hd])), [b, t, dAttn]);
    let out: Tensor;
    if (hk?.wants("hook_result")) {
      // result[b, t, h] = z[b, t, h] · W_O[:, h·hd:(h+1)·hd]ᵀ: (B, H, T, hd) @ (H, hd, d) → (B, H, T, d)
      const z = permute(reshape(merged, [b, t, this.nHeads, hd]), [0, 2, 1, 3]);
      const wO = permute(reshape(this.c_proj.weight, [this.dModel, this.nHeads, hd]), [1, 2, 0]);
      const result = hk.run("hook_result", permute(matmul(z, wO), [0, 2, 1, 3])); // [B, T, H, d]
      out = result.sum(2);
      if (this.c_proj.bias) out = add(out, this.c_proj.bias);
    } else out = this.c_proj.call(merged);
    if (this.dropoutP > 0) out = dropout(out, this.dropoutP, this.training);
    return out;
  }

  override extraRepr(): string {
    const w = this.slidingWindow === null ? "" : `, slidingWindow=${this.slidingWindow}`;
    return `dModel=${this.dModel}, nHeads=${this.nHeads}, nKvHeads=${this.nKvHeads}, headDim=${this.headDim}, position=${this.position}${w}`;
  }
}
