// Rotary position embedding as the Hugging Face checkpoints compute it: which dims rotate (partial rotary
// of GPT-NeoX/Phi/GPT-J), how pairs are laid out ("half": rotate_half of GPT-NeoX/Llama; "interleaved":
// rotate_every_two of GPT-J), the base θ and the rope_scaling variants that change the frequencies
// (linear, dynamic NTK, llama3, longrope). Frequencies and angles are rounded to float32 step by step as
// torch computes them in float32 (transformers/modeling_rope_utils.py, _compute_*_parameters), so angles
// agree with the reference to the last bit or two. It holds no parameters (RoPE adds no weights) and
// does not implement yarn (the loader rejects it).
import { add, concat, mul, neg, reshape, slice, type Tensor, tensor } from "@paramlens/tensor";
import { ModelError } from "../models/errors";

/**
 * rope_scaling variants. Sources: transformers v4.47 modeling_rope_utils.py (linear, dynamic, llama3,
 * longrope) and modeling_phi3.py (Phi3LongRoPEScaledRotaryEmbedding).
 */
export type RopeScaling =
  /** positions divided by factor: inv_freq / factor */
  | { type: "linear"; factor: number }
  /** NTK-aware base growth once the sequence exceeds maxPositions (identical to none below it) */
  | { type: "dynamic"; factor: number; maxPositions: number }
  /** Llama 3.1: low frequencies / factor, high kept, a smooth ramp between */
  | {
      type: "llama3";
      factor: number;
      lowFreqFactor: number;
      highFreqFactor: number;
      originalMaxPositions: number;
    }
  /**
   * LongRoPE (Phi-3): inv_freq / shortFactor[i] while the sequence (cached + new) is at most
   * originalMaxPositions, / longFactor[i] beyond; cos and sin are multiplied by attentionFactor.
   */
  | {
      type: "longrope";
      shortFactor: number[];
      longFactor: number[];
      originalMaxPositions: number;
      attentionFactor: number;
    };

export interface RotaryOptions {
  /** θ (rope_theta / rotary_emb_base). Default 10000 (RoFormer). */
  base?: number;
  /** Rotated dims at the front of each head (partial rotary); even, ≤ headDim. Default headDim. */
  dims?: number;
  /** "half" (default; GPT-NeoX, Llama) or "interleaved" (GPT-J's rotate_every_two). */
  layout?: "half" | "interleaved";
  scaling?: RopeScaling | null;
}

const f = Math.fround;

/** Rotary embedding of one attention layer: tables for positions [start, start + T) and their application. */
export class RotaryEmbedding {
  readonly headDim: number;
  readonly dims: number;
  readonly base: number;
  readonly layout: "half" | "interleaved";
  readonly scaling: RopeScaling | null;
  private readonly defaultFreq: Float32Array;

  constructor(headDim: number, o: RotaryOptions = {}) {
    this.headDim = headDim;
    this.dims = o.dims ?? headDim;
    this.base = o.base ?? 10000;
    this.layout = o.layout ?? "half";
    this.scaling = o.scaling ?? null;
    if (!Number.isInteger(this.dims) || this.dims < 2 || this.dims % 2 !== 0 || this.dims > headDim) {
      throw new ModelError(
        "OPTION",
        `RotaryEmbedding: rotary dims must be an even integer in [2, headDim ${headDim}], got ${this.dims}`,
      );
    }
    if (!(this.base > 0))
      throw new ModelError("OPTION", `RotaryEmbedding: base must be > 0, got ${this.base}`);
    const s = this.scaling;
    if (s?.type === "longrope") {
      for (const [name, arr] of [
        ["shortFactor", s.shortFactor],
        ["longFactor", s.longFactor],
      ] as const) {
        if (!Array.isArray(arr) || arr.length !== this.dims / 2) {
          throw new ModelError(
            "OPTION",
            `RotaryEmbedding: longrope ${name} must have dims/2 = ${this.dims / 2} entries, got ${Array.isArray(arr) ? arr.length : typeof arr}`,
          );
        }
      }
    }
    this.defaultFreq = this.invFreq(this.base);
  }

  /** inv_freq_i = 1 / base^(2i/d) in float32, as torch: base ** (arange(0, d, 2).float() / d). */
  private invFreq(base: number, divisors?: readonly number[]): Float32Array {
    const half = this.dims / 2;
    const out = new Float32Array(half);
    for (let i = 0; i < half; i++) {
      const p = f(base ** f((2 * i) / this.dims));
      out[i] = divisors ? f(1 / f(divisors[i]! * p)) : f(1 / p);
    }
    return out;
  }

  /** The frequencies and cos/sin multiplier in force when the sequence is seqLen long (cached + new). */
  frequencies(seqLen: number): { invFreq: Float32Array; attentionFactor: number } {
    const s = this.scaling;
    const inv = this.defaultFreq;
    if (!s) return { invFreq: inv, attentionFactor: 1 };
    switch (s.type) {
      case "linear":
        return { invFreq: inv.map((v) => f(v / s.factor)), attentionFactor: 1 };
      case "dynamic": {
        // _compute_dynamic_ntk_parameters: base · ((factor·L/max) − (factor − 1))^(d/(d−2)) once L > max
        if (seqLen <= s.maxPositions) return { invFreq: inv, attentionFactor: 1 };
        const d = this.dims;
        const base = this.base * ((s.factor * seqLen) / s.maxPositions - (s.factor - 1)) ** (d / (d - 2));
        return { invFreq: this.invFreq(base), attentionFactor: 1 };
      }
      case "llama3": {
        // _compute_llama3_parameters
        const lowWavelen = s.originalMaxPositions / s.lowFreqFactor;
        const highWavelen = s.originalMaxPositions / s.highFreqFactor;
        const out = new Float32Array(inv.length);
        for (let i = 0; i < inv.length; i++) {
          const v = inv[i]!;
          const wavelen = f((2 * Math.PI) / v);
          let w = wavelen > lowWavelen ? f(v / s.factor) : v;
          if (!(wavelen < highWavelen) && !(wavelen > lowWavelen)) {
            const smooth = f(
              f(f(s.originalMaxPositions / wavelen) - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor),
            );
            w = f(f(f(f(1 - smooth) * w) / s.factor) + f(smooth * w));
          }
          out[i] = w;
        }
        return { invFreq: out, attentionFactor: 1 };
      }
      case "longrope": {
        const factors = seqLen > s.originalMaxPositions ? s.longFactor : s.shortFactor;
        return { invFreq: this.invFreq(this.base, factors), attentionFactor: s.attentionFactor };
      }
    }
  }

  /**
   * cos/sin [T, dims] for positions start..start+T−1 with the sequence then seqLen long. "half" repeats
   * the dims/2 angles as [a, a] (torch.cat((freqs, freqs))), "interleaved" as [a0, a0, a1, a1, …].
   */
  tables(t: number, start: number, seqLen = start + t): { cos: Tensor; sin: Tensor } {
    const { invFreq, attentionFactor } = this.frequencies(seqLen);
    const d = this.dims;
    const half = d / 2;
    const cos = new Float32Array(t * d);
    const sin = new Float32Array(t * d);
    for (let p = 0; p < t; p++) {
      for (let i = 0; i < half; i++) {
        const angle = f((p + start) * invFreq[i]!);
        const c = attentionFactor === 1 ? f(Math.cos(angle)) : f(f(Math.cos(angle)) * attentionFactor);
        const s = attentionFactor === 1 ? f(Math.sin(angle)) : f(f(Math.sin(angle)) * attentionFactor);
        const [a, b] = this.layout === "half" ? [i, i + half] : [2 * i, 2 * i + 1];
        cos[p * d + a] = c;
        cos[p * d + b] = c;
        sin[p * d + a] = s;
        sin[p * d + b] = s;
      }
    }
    return { cos: tensor(cos).reshape([t, d]), sin: tensor(sin).reshape([t, d]) };
  }

  /** x [..., T, headDim] → rotated, same shape; dims past `dims` pass through unchanged. */
  apply(x: Tensor, tables: { cos: Tensor; sin: Tensor }): Tensor {
    const hd = x.shape[x.ndim - 1]!;
    const d = this.dims;
    const rot = d === hd ? x : slice(x, -1, 0, d);
    let rotated: Tensor;
    if (this.layout === "half") {
      // rotate_half: [x1, x2] → [−x2, x1]
      rotated = concat([neg(slice(rot, -1, d / 2, d)), slice(rot, -1, 0, d / 2)], -1);
    } else {
      // rotate_every_two: (x0, x1, x2, x3, …) → (−x1, x0, −x3, x2, …)
      const pairs = reshape(rot, [...rot.shape.slice(0, -1), d / 2, 2]);
      const swapped = concat([neg(slice(pairs, -1, 1, 2)), slice(pairs, -1, 0, 1)], -1);
      rotated = reshape(swapped, rot.shape);
    }
    const out = add(mul(rot, tables.cos), mul(rotated, tables.sin));
    return d === hd ? out : concat([out, slice(x, -1, d, hd)], -1);
  }
}
