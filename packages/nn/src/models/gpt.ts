// GPT: a decoder-only transformer built from @paramlens/gpt-params' GPTConfig, with GPT-2's module names
// (wte, wpe, h.{i}.ln_1/attn/ln_2/mlp, ln_f, lm_head) so Hugging Face GPT-2 checkpoints map onto it
// (see load-gpt2.ts). Its parameter count equals countParameters(config).total for every config it builds.
// Built: learned/rotary/ALiBi/no positions, LayerNorm/RMSNorm, GELU/SwiGLU/GeGLU MLPs, grouped KV heads,
// custom headDim, 0/1/2/4 norms per block, optional final and embedding norms, every bias switch, tied or
// untied head, mixture-of-experts MLPs on the layers config.moe lists (layers/moe.ts: router + experts,
// top-k routing; shared experts too). Not built (throws ModelError naming the field): normsPerLayer 3.
// Incremental decoding: forward(ids, { cache }) runs only the new positions against a KVCache of the earlier
// ones (learned position rows and rotary angles start at the cache length); generate() uses one by default.
// Options that the config does not carry but real checkpoints need (pretrained/ sets them from config.json):
// rotary base/partial dims/interleaving/scaling, a sliding window, the MLP activation, Gemma's (1 + w)
// RMSNorm and √d embedding scale, parallel or post-norm residuals, OPT's position offset.
// Hook points (TransformerLens names; hook-points.ts installs them, free when none is installed): hook_embed
// (token embeddings, after any embedding scale), hook_pos_embed (learned position rows) and the read-only
// ln_final.hook_scale [B, T, 1] (the final norm's divisor); blocks, attention and MLPs have their own.
import { type GPTConfig, type GPTConfigInput, validateConfig } from "@paramlens/gpt-params";
import {
  add,
  arange,
  dropout,
  type GeluApproximation,
  Generator,
  noGrad,
  Tensor,
  toInt,
} from "@paramlens/tensor";
import { FLOAT32_EPS } from "../functional/layer-norm";
import { normal, zeros } from "../init/init";
import type { BlockResidual } from "../layers/block";
import { Block } from "../layers/block";
import { ModuleList } from "../layers/containers";
import { Embedding } from "../layers/embedding";
import type { HookSink } from "../layers/hook-sink";
import { Linear } from "../layers/linear";
import type { MLPActivation } from "../layers/mlp";
import type { MoEGating } from "../layers/moe";
import { LayerNorm, RMSNorm } from "../layers/norms";
import type { RotaryOptions } from "../layers/rotary-embedding";
import { beginSkipInit, endSkipInit } from "../layers/skip-init";
import { type AnyModule, Module } from "../module";
import { ModelError } from "./errors";
import { KVCache, type KVCacheShape } from "./kv-cache";

export interface GPTOptions {
  /** Dropout after embeddings, on attention weights and on each residual branch (training only). Default 0. */
  dropout?: number;
  /** GELU form in "gelu"/"geglu" MLPs. Default "tanh" (GPT-2's gelu_new). */
  geluApproximation?: GeluApproximation;
  /** Norm epsilon. Default 1e-5 (GPT-2's layer_norm_epsilon). */
  normEps?: number;
  /**
   * Skip every random initialisation (GPT-2's N(0, 0.02) and the layers' own): parameters start as zeros
   * (norm weights as ones), for a checkpoint to overwrite. Default false.
   */
  skipInit?: boolean;
  /**
   * How MoE router logits become expert weights (the config does not say): "topk-softmax" (default,
   * Mixtral) or "softmax-topk" (Switch Transformer). See layers/moe.ts.
   */
  moeGating?: MoEGating;
  /** Rotary details for position "rotary": base θ, rotated dims, "half"/"interleaved" pairs, rope scaling. */
  rotary?: RotaryOptions;
  /** Sliding-window attention: each query sees at most this many latest positions, itself included. */
  slidingWindow?: number | null;
  /** MLP (and expert) activation, overriding the MLP kind's default (e.g. "relu" for OPT). */
  activation?: MLPActivation;
  /** RMSNorms scale by (normWeightOffset + w): 1 for Gemma. Default 0. */
  normWeightOffset?: number;
  /** Block wiring: "sequential" pre-LN (default), "parallel" (GPT-NeoX) or "post-norm" (GPT-1, OPT-350m). */
  residual?: BlockResidual;
  /** Token embeddings are multiplied by this (Gemma: √dModel in float32). Default 1. */
  embeddingScale?: number;
  /** Position p reads learned row p + positionOffset (OPT: 2). Default 0. */
  positionOffset?: number;
}

/** The structural GPTOptions a model was built with (what the GPTConfig does not say). */
export type GPTArchitecture = Pick<
  GPTOptions,
  | "geluApproximation"
  | "normEps"
  | "moeGating"
  | "rotary"
  | "slidingWindow"
  | "activation"
  | "normWeightOffset"
  | "residual"
  | "embeddingScale"
  | "positionOffset"
>;

export interface GenerateOptions {
  maxNewTokens: number;
  /** Softmax temperature; 0 picks the most likely token. Default 1. */
  temperature?: number;
  /** Sample only among the k most likely tokens. */
  topK?: number;
  /** Random stream for sampling (default: a Generator seeded with 0, so sampling is reproducible). */
  generator?: Generator;
  /**
   * Decode incrementally with a KVCache (default true): same tokens as false, which re-runs the whole
   * window for every new token.
   */
  useCache?: boolean;
}

export interface GPTForwardOptions {
  /**
   * Keys/values of the positions already run (Hugging Face's past_key_values). ids are then the positions
   * after them; their keys/values are appended to the cache. An empty cache starts a new sequence.
   */
  cache?: KVCache;
}

/** Throws for config features this module does not build, naming the field. */
function checkSupported(c: GPTConfig): void {
  if (![0, 1, 2, 4].includes(c.normsPerLayer)) {
    throw new ModelError(
      "UNSUPPORTED",
      `GPT: config.normsPerLayer ${c.normsPerLayer} has no block layout here (supported: 0, 1, 2, 4)`,
    );
  }
  // Counted by gpt-params (Qwen3/Gemma 3/OLMo 2 norms, Qwen2-MoE's gate) but not built here yet: refuse
  // rather than build a model with fewer parameters than the config describes.
  if (c.qkNorm !== "none") {
    throw new ModelError(
      "UNSUPPORTED",
      `GPT: config.qkNorm "${c.qkNorm}" (query/key norms) is not built yet`,
    );
  }
  if (c.mla) {
    throw new ModelError(
      "UNSUPPORTED",
      "GPT: config.mla (multi-head latent attention, DeepSeek) is not built yet",
    );
  }
  if (c.moe?.sharedExpertGate) {
    throw new ModelError("UNSUPPORTED", "GPT: config.moe.sharedExpertGate (Qwen2-MoE) is not built yet");
  }
}

export class GPT extends Module {
  readonly config: GPTConfig;
  readonly dropoutP: number;
  readonly wte: Embedding;
  readonly wpe: Embedding | null;
  readonly h: ModuleList<Block>;
  readonly lm_head: Linear;
  /** The structural options given at construction (rotary, residual, activation …). */
  readonly architecture: Readonly<GPTArchitecture>;
  private readonly embeddingScale: number;
  /** Hook points (see file comment); null: none. */
  hookSink: HookSink | null = null;
  private readonly positionOffset: number;

  constructor(config: GPTConfig | GPTConfigInput, options: GPTOptions = {}) {
    super();
    const c = validateConfig(config as GPTConfigInput);
    checkSupported(c);
    this.config = c;
    this.dropoutP = options.dropout ?? 0;
    const eps = options.normEps ?? 1e-5;
    const {
      geluApproximation,
      normEps,
      moeGating,
      rotary,
      slidingWindow,
      activation,
      normWeightOffset,
      residual,
      embeddingScale,
      positionOffset,
    } = options;
    this.architecture = Object.fromEntries(
      Object.entries({
        geluApproximation,
        normEps,
        moeGating,
        rotary,
        slidingWindow,
        activation,
        normWeightOffset,
        residual,
        embeddingScale,
        positionOffset,
      }).filter(([, v]) => v !== undefined),
    ) as GPTArchitecture;
    this.embeddingScale = embeddingScale ?? 1;
    if (!Number.isFinite(this.embeddingScale)) {
      throw new ModelError("OPTION", `GPT: embeddingScale must be a finite number, got ${embeddingScale}`);
    }
    this.positionOffset = positionOffset ?? 0;
    if (!Number.isInteger(this.positionOffset) || this.positionOffset < 0) {
      throw new ModelError(
        "OPTION",
        `GPT: positionOffset must be a non-negative integer, got ${positionOffset}`,
      );
    }
    if (c.position === "learned" && c.contextLength + this.positionOffset > c.positionRows) {
      throw new ModelError(
        "OPTION",
        `GPT: positionOffset ${this.positionOffset} + contextLength ${c.contextLength} exceeds the ${c.positionRows} position rows`,
      );
    }
    const makeNorm = (): AnyModule =>
      c.norm === "layernorm"
        ? new LayerNorm(c.dModel, { eps })
        : new RMSNorm(c.dModel, { eps, weightOffset: normWeightOffset ?? 0 });

    if (options.skipInit) beginSkipInit();
    try {
      this.wte = this.registerModule("wte", new Embedding(c.vocabSize, c.dModel));
      this.wpe =
        c.position === "learned" ? this.registerModule("wpe", new Embedding(c.positionRows, c.dModel)) : null;
      if (c.embeddingNorm) this.registerModule("ln_emb", makeNorm());
      const blocks: Block[] = [];
      const moe = c.moe;
      for (let i = 0; i < c.nLayers; i++) {
        const moeLayer = moe?.layers.includes(i) ?? false;
        blocks.push(
          new Block({
            attention: {
              dModel: c.dModel,
              nHeads: c.nHeads,
              nKvHeads: c.nKVHeads,
              headDim: c.headDim,
              qkvBias: c.bias.qkv,
              outBias: c.bias.attnOut,
              position: c.position,
              dropout: this.dropoutP,
              ...(rotary === undefined ? {} : { rotary }),
              slidingWindow: slidingWindow ?? null,
            },
            mlp: {
              dModel: c.dModel,
              dFF: c.dFF,
              kind: c.mlp,
              bias: c.bias.mlp,
              geluApproximation: options.geluApproximation ?? "tanh",
              dropout: this.dropoutP,
              ...(activation === undefined ? {} : { activation }),
            },
            moe:
              moe && moeLayer
                ? {
                    dModel: c.dModel,
                    nExperts: moe.nExperts,
                    expertsPerToken: moe.expertsPerToken,
                    expertDFF: moe.expertDFF,
                    nSharedExperts: moe.nSharedExperts,
                    sharedExpertDFF: moe.sharedExpertDFF,
                    kind: c.mlp,
                    bias: c.bias.mlp, // gpt-params: "Bias on every MLP (and expert) matrix"
                    routerBias: moe.routerBias,
                    gating: options.moeGating ?? "topk-softmax",
                    geluApproximation: options.geluApproximation ?? "tanh",
                    dropout: this.dropoutP,
                    ...(activation === undefined ? {} : { activation }),
                  }
                : undefined,
            makeNorm,
            normsPerLayer: c.normsPerLayer,
            residual: residual ?? "sequential",
          }),
        );
      }
      this.h = this.registerModule("h", new ModuleList(blocks));
      if (c.finalNorm) this.registerModule("ln_f", makeNorm());
      this.lm_head = this.registerModule(
        "lm_head",
        new Linear(c.dModel, c.vocabSize, { bias: c.bias.lmHead }),
      );
      // Tied head: lm_head.weight is the same tensor as wte.weight (one parameter under two names).
      if (c.tiedEmbeddings) this.lm_head.registerParameter("weight", this.wte.weight);
    } finally {
      if (options.skipInit) endSkipInit();
    }
    if (!options.skipInit) this.initWeights();
  }

  /**
   * GPT-2's initialisation as in nanoGPT: every Linear and Embedding weight N(0, 0.02), biases 0, and the
   * residual output projections (attn.c_proj, mlp.c_proj / down_proj) N(0, 0.02/√(2L)) (GPT-2 paper §2.3).
   */
  initWeights(): void {
    const residualStd = 0.02 / Math.sqrt(2 * this.config.nLayers);
    for (const [name, m] of this.namedModules()) {
      if (m instanceof Linear) {
        const residual = /(c_proj|down_proj)$/.test(name) && !name.endsWith("lm_head");
        normal(m.weight, 0, residual && name.includes(".") ? residualStd : 0.02);
        if (m.bias) zeros(m.bias);
      } else if (m instanceof Embedding) normal(m.weight, 0, 0.02);
    }
  }

  private sub(name: string): AnyModule {
    return this.getSubmodule(name);
  }

  /** The shape a KVCache for this model has. */
  private cacheShape(): KVCacheShape {
    const c = this.config;
    return { nLayers: c.nLayers, nKvHeads: c.nKVHeads, headDim: c.headDim, contextLength: c.contextLength };
  }

  /** Checks a cache against this model and the batch; binds an empty cache. Returns the cached length. */
  private openCache(cache: KVCache, b: number, t: number): number {
    if (!(cache instanceof KVCache)) {
      throw new ModelError("OPTION", `GPT: options.cache must be a KVCache, got ${typeof cache}`);
    }
    const want = this.cacheShape();
    const past = cache.length;
    if (past === 0) {
      cache.begin(want, b, this);
    } else {
      const have = cache.shape!;
      const fmt = (x: KVCacheShape) =>
        `nLayers ${x.nLayers}, nKvHeads ${x.nKvHeads}, headDim ${x.headDim}, contextLength ${x.contextLength}`;
      if (
        have.nLayers !== want.nLayers ||
        have.nKvHeads !== want.nKvHeads ||
        have.headDim !== want.headDim ||
        have.contextLength !== want.contextLength
      ) {
        throw new ModelError(
          "INPUT",
          `GPT: the KV cache was filled by a model of another shape (${fmt(have)}); this model has ${fmt(want)}`,
        );
      }
      if (cache.owner !== this) {
        throw new ModelError(
          "INPUT",
          "GPT: the KV cache holds keys/values computed by another GPT instance; reset() it or use a new KVCache",
        );
      }
      if (cache.batchSize !== b) {
        throw new ModelError(
          "INPUT",
          `GPT: ids have batch size ${b} but the KV cache holds batch size ${cache.batchSize}`,
        );
      }
    }
    if (past + t > this.config.contextLength) {
      throw new ModelError(
        "INPUT",
        `GPT: position ${past + t - 1} requested (KV cache length ${past} + ${t} new tokens), but the context length is only ${this.config.contextLength}; positions are 0..${this.config.contextLength - 1}`,
      );
    }
    return past;
  }

  /**
   * Module.call with the forward options (Module's signature stays [Tensor], so a GPT is still a plain
   * Module<[Tensor], Tensor>); hooks see [ids] without it and [ids, options] with it.
   */
  override call(ids: Tensor, options?: GPTForwardOptions): Tensor {
    // biome-ignore lint/suspicious/noExplicitAny: forwards the extra argument through Module.call's [Tensor] list
    return options === undefined ? super.call(ids) : (super.call as any).call(this, ids, options);
  }

  /**
   * ids: [B, T] int32 token ids, T ≤ contextLength → logits [B, T, vocabSize]. With `options.cache`
   * holding P positions, ids are positions P..P+T−1 (P + T ≤ contextLength); the logits are those of the
   * same positions in a full forward, and the cache then holds P + T positions.
   */
  override forward(ids: Tensor, options: GPTForwardOptions = {}): Tensor {
    const c = this.config;
    if (!(ids instanceof Tensor) || ids.dtype !== "int32" || ids.ndim !== 2) {
      throw new ModelError(
        "INPUT",
        `GPT: ids must be an int32 [B, T] tensor, got ${ids instanceof Tensor ? `${ids.dtype} [${ids.shape.join(",")}]` : typeof ids}`,
      );
    }
    const [b, t] = ids.shape as [number, number];
    const cache = options.cache;
    if (!cache && t > c.contextLength) {
      throw new ModelError(
        "INPUT",
        `GPT: cannot forward a sequence of length ${t}; the context length is only ${c.contextLength}`,
      );
    }
    if (!cache) return this.run(ids, 0, null);
    const past = this.openCache(cache, b, t);
    // A failed step (bad ids, a throwing hook) leaves the cache as it was, not half-appended.
    const saved = cache.layers.map((l) => l.snapshot());
    try {
      return this.run(ids, past, cache);
    } catch (e) {
      if (past === 0) cache.reset();
      else for (const [i, l] of cache.layers.entries()) l.restore(saved[i]!);
      throw e;
    }
  }

  /** ids [B, T] at positions past..past+T−1 → logits [B, T, V]. */
  private run(ids: Tensor, past: number, cache: KVCache | null): Tensor {
    const c = this.config;
    const t = ids.shape[1]!;
    const hk = this.hookSink;
    let x = this.wte.call(ids); // (B, T, d)
    if (this.embeddingScale !== 1) x = x.mul(this.embeddingScale);
    if (hk?.wants("hook_embed")) x = hk.run("hook_embed", x);
    const off = this.positionOffset;
    if (this.wpe) {
      let pos = this.wpe.call(toInt(arange(past + off, past + off + t))); // (T, d)
      if (hk?.wants("hook_pos_embed")) pos = hk.run("hook_pos_embed", pos.reshape([1, t, c.dModel]));
      x = add(x, pos); // + (T, d)
    }
    if (c.embeddingNorm) x = this.sub("ln_emb").call(x);
    if (this.dropoutP > 0) x = dropout(x, this.dropoutP, this.training);
    let i = 0;
    for (const block of this.h) {
      x = block.call(x, cache?.layers[i]);
      i++;
    }
    if (c.finalNorm) {
      if (hk?.wants("ln_final.hook_scale")) finalNormScale(hk, this.sub("ln_f"), x);
      x = this.sub("ln_f").call(x);
    }
    return this.lm_head.call(x); // (B, T, V)
  }

  /**
   * Appends maxNewTokens sampled tokens to each row of ids [B, T], feeding at most the last contextLength
   * tokens each step. Runs in eval mode without recording gradients; returns [B, T + maxNewTokens].
   * With useCache (default), the window is run once and then one token per step against a KVCache. Once a
   * row is longer than the context, every step re-runs the last contextLength tokens as without the cache
   * (sliding the window moves every position, so no cached key stays valid).
   */
  generate(ids: Tensor, options: GenerateOptions): Tensor {
    const { maxNewTokens } = options;
    const temperature = options.temperature ?? 1;
    if (!Number.isInteger(maxNewTokens) || maxNewTokens < 0) {
      throw new ModelError(
        "OPTION",
        `GPT.generate: maxNewTokens must be a non-negative integer, got ${maxNewTokens}`,
      );
    }
    if (!(temperature >= 0))
      throw new ModelError("OPTION", `GPT.generate: temperature must be >= 0, got ${temperature}`);
    if (!(ids instanceof Tensor) || ids.ndim !== 2) {
      throw new ModelError(
        "INPUT",
        `GPT.generate: ids must be an int32 [B, T] tensor, got ${ids instanceof Tensor ? `${ids.dtype} [${ids.shape.join(",")}]` : typeof ids}`,
      );
    }
    const gen = options.generator ?? new Generator(0);
    const useCache = options.useCache ?? true;
    const ctx = this.config.contextLength;
    const v = this.config.vocabSize;
    const [b, t0] = ids.shape as [number, number];
    const rows: number[][] = [];
    const flat = ids.toArray();
    for (let i = 0; i < b; i++) rows.push(flat.slice(i * t0, (i + 1) * t0));
    const cache = new KVCache();
    const wasTraining = this.training;
    this.eval();
    try {
      noGrad(() => {
        for (let s = 0; s < maxNewTokens; s++) {
          const len = rows[0]!.length;
          let input: number[][];
          let logits: Tensor;
          if (useCache && cache.length > 0 && cache.length === len - 1 && len <= ctx) {
            input = rows.map((r) => r.slice(len - 1)); // only the newest token
            logits = this.forward(new Tensor(Int32Array.from(input.flat()), [b, 1]), { cache });
          } else {
            input = rows.map((r) => r.slice(Math.max(0, len - ctx)));
            const w = input[0]!.length;
            const x = new Tensor(Int32Array.from(input.flat()), [b, w]);
            if (useCache) cache.reset();
            // the cache is only worth filling while the next token still fits the context
            logits = useCache && len < ctx ? this.forward(x, { cache }) : this.forward(x);
          }
          const w = input[0]!.length;
          const data = logits.contiguous().toTypedArray();
          for (let i = 0; i < b; i++) {
            const o = (i * w + w - 1) * v;
            rows[i]!.push(
              sampleToken(data.subarray(o, o + v) as Float32Array, temperature, options.topK, gen),
            );
          }
        }
      });
    } finally {
      this.train(wasTraining);
    }
    return new Tensor(Int32Array.from(rows.flat()), [b, t0 + maxNewTokens]);
  }

  override extraRepr(): string {
    const c = this.config;
    return `layers=${c.nLayers}, dModel=${c.dModel}, heads=${c.nHeads}, kvHeads=${c.nKVHeads}, vocab=${c.vocabSize}, context=${c.contextLength}`;
  }
}

/**
 * ln_final.hook_scale: the final norm's divisor per position [B, T, 1] — √(var + eps) for LayerNorm,
 * √(mean(x²) + eps) for RMSNorm (TransformerLens' LayerNormPre / RMSNormPre hook_scale). Read-only: a hook may
 * look at it but not replace it.
 */
function finalNormScale(hk: HookSink, norm: AnyModule, x: Tensor): void {
  const rms = norm instanceof RMSNorm;
  const eps = (norm as unknown as { eps: number | null }).eps ?? FLOAT32_EPS;
  const centred = rms ? x : x.sub(x.mean(-1, true));
  const scale = centred.mul(centred).mean(-1, true).add(eps).sqrt();
  if (hk.run("ln_final.hook_scale", scale) !== scale) {
    throw new ModelError(
      "UNSUPPORTED",
      "GPT: ln_final.hook_scale is read-only; a hook there must return its input",
    );
  }
}

/** One token from logits: argmax at temperature 0, else a draw from softmax(logits / T) over the top k. */
export function sampleToken(
  logits: Float32Array,
  temperature: number,
  topK: number | undefined,
  gen: Generator,
): number {
  const v = logits.length;
  if (temperature === 0) {
    let best = 0;
    for (let k = 1; k < v; k++) if (logits[k]! > logits[best]!) best = k;
    return best;
  }
  let cutoff = Number.NEGATIVE_INFINITY;
  if (topK !== undefined && topK < v) {
    if (!Number.isInteger(topK) || topK < 1)
      throw new ModelError("OPTION", `GPT.generate: topK must be a positive integer, got ${topK}`);
    cutoff = [...logits].sort((a, b) => b - a)[topK - 1]!;
  }
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < v; k++) if (logits[k]! >= cutoff) m = Math.max(m, logits[k]!);
  const p = new Float64Array(v);
  let z = 0;
  for (let k = 0; k < v; k++) {
    if (logits[k]! >= cutoff) {
      p[k] = Math.exp((logits[k]! - m) / temperature);
      z += p[k]!;
    }
  }
  let u = gen.nextFloat() * z;
  for (let k = 0; k < v; k++) {
    u -= p[k]!;
    if (u < 0 && p[k]! > 0) return k;
  }
  for (let k = v - 1; k >= 0; k--) if (p[k]! > 0) return k;
  return 0;
}
