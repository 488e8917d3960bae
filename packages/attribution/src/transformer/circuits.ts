// Weight-based circuits of a GPT-layout model (nn's GPT: h.{i}.attn.c_attn / c_proj, wte, lm_head), after
// Elhage et al. 2021, "A Mathematical Framework for Transformer Circuits" (transformer-circuits.pub/2021/
// framework), in TransformerLens' orientation (row vectors: W_Q, W_K, W_V [d_model, d_head], W_O
// [d_head, d_model]):
//   OV circuit of head h: W_OV = W_V·W_O — what the head writes given what it attends to;
//   QK circuit:           W_QK = W_Q·W_Kᵀ — the bilinear form x_q·W_QK·x_kᵀ behind the attention scores;
// both d_model × d_model of rank ≤ d_head, kept factored (FactoredMatrix). Composition scores between a head
// of an earlier layer and one of a later layer (Elhage et al. §"Composition"; TransformerLens
// `all_composition_scores`): ‖W_OV¹·R‖_F / (‖W_OV¹‖_F‖R‖_F) with R = W_QK² (Q), W_QK²ᵀ (K) or W_OV² (V).
// Norm folding (`foldNorm`, default true, as TransformerLens' fold_ln for the weights): the scale γ of
// the block's ln_1 multiplies the reading side (W_Q, W_K, W_V rows) and ln_f's γ the unembedding. Biases,
// norm offsets and TransformerLens' weight centring are not applied. Grouped KV heads: query head h reads
// KV head ⌊h / (nHeads / nKvHeads)⌋, as nn's attention. Positions: rotary and ALiBi act inside the score,
// so the QK circuit here is the position-free part only.
import type { AnyModule } from "@paramlens/nn";
import type { Tensor } from "@paramlens/tensor";
import { Matrix } from "ml-matrix";
import { AttributionError } from "../errors";
import { FactoredMatrix } from "./factored-matrix";

export interface CircuitOptions {
  /** Fold the norm scales γ into the weights (ln_1 into W_Q/W_K/W_V, ln_f into W_U). Default true. */
  foldNorm?: boolean;
}

/** One head's weights in TransformerLens' orientation (float64). */
export interface HeadWeights {
  /** [d_model, d_head] */
  wQ: Matrix;
  /** [d_model, d_head] (its KV head's) */
  wK: Matrix;
  /** [d_model, d_head] (its KV head's) */
  wV: Matrix;
  /** [d_head, d_model] */
  wO: Matrix;
}

interface AttentionLike {
  nHeads: number;
  nKvHeads: number;
  headDim: number;
  dModel: number;
}

/** Geometry of the model: layers, heads, widths. */
export interface ModelGeometry {
  nLayers: number;
  nHeads: number;
  nKvHeads: number;
  headDim: number;
  dModel: number;
}

function sub(model: AnyModule, path: string): AnyModule | null {
  try {
    return model.getSubmodule(path);
  } catch {
    return null;
  }
}

function need(op: string, model: AnyModule, path: string): AnyModule {
  const m = sub(model, path);
  if (m === null) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `the model has no "${path}"; circuits need nn's GPT layout (wte, h.{i}.attn.c_attn/c_proj, lm_head)`,
    );
  }
  return m;
}

function param(op: string, m: AnyModule, path: string): Tensor {
  const t = (m as unknown as { weight?: Tensor }).weight;
  if (!t) throw new AttributionError("BAD_OPTION", op, `"${path}" has no weight`);
  return t;
}

/** Rows [r0, r1) of a 2-d tensor [R, C] as a float64 Matrix, transposed to [C, r1 − r0]. */
function rowsTransposed(t: Tensor, r0: number, r1: number): Matrix {
  const c = t.shape[1]!;
  const v = t.contiguous().toTypedArray();
  const m = new Matrix(c, r1 - r0);
  for (let r = r0; r < r1; r++) for (let j = 0; j < c; j++) m.set(j, r - r0, v[r * c + j]!);
  return m;
}

/** Columns [c0, c1) of a 2-d tensor [R, C] as [c1 − c0, R] (transposed). */
function colsTransposed(t: Tensor, c0: number, c1: number): Matrix {
  const [r, c] = t.shape as [number, number];
  const v = t.contiguous().toTypedArray();
  const m = new Matrix(c1 - c0, r);
  for (let i = 0; i < r; i++) for (let j = c0; j < c1; j++) m.set(j - c0, i, v[i * c + j]!);
  return m;
}

function scaleRows(m: Matrix, gamma: Tensor | null): Matrix {
  if (gamma === null) return m;
  const g = gamma.toTypedArray();
  const out = m.clone();
  for (let i = 0; i < out.rows; i++)
    for (let j = 0; j < out.columns; j++) out.set(i, j, out.get(i, j) * g[i]!);
  return out;
}

function normScale(model: AnyModule, path: string): Tensor | null {
  const m = sub(model, path);
  if (m === null) return null;
  return (m as unknown as { weight?: Tensor | null }).weight ?? null;
}

/** Layers, heads and widths read from the model's attention modules. */
export function modelGeometry(model: AnyModule): ModelGeometry {
  const op = "modelGeometry";
  const blocks = need(op, model, "h");
  const nLayers = blocks.children().length;
  if (nLayers === 0) throw new AttributionError("BAD_OPTION", op, "the model has no blocks under h");
  const a = need(op, model, "h.0.attn") as unknown as AttentionLike;
  if (typeof a.nHeads !== "number" || typeof a.headDim !== "number") {
    throw new AttributionError("BAD_OPTION", op, "h.0.attn is not a CausalSelfAttention (no nHeads/headDim)");
  }
  return { nLayers, nHeads: a.nHeads, nKvHeads: a.nKvHeads, headDim: a.headDim, dModel: a.dModel };
}

function checkHead(op: string, g: ModelGeometry, layer: number, head: number): void {
  if (!Number.isInteger(layer) || layer < 0 || layer >= g.nLayers) {
    throw new AttributionError("BAD_OPTION", op, `layer ${layer} is outside 0..${g.nLayers - 1}`);
  }
  if (!Number.isInteger(head) || head < 0 || head >= g.nHeads) {
    throw new AttributionError("BAD_OPTION", op, `head ${head} is outside 0..${g.nHeads - 1}`);
  }
}

/** W_Q, W_K, W_V [d, d_head] and W_O [d_head, d] of one head, ln_1's γ folded in by default. */
export function headWeights(
  model: AnyModule,
  layer: number,
  head: number,
  options: CircuitOptions = {},
): HeadWeights {
  const op = "headWeights";
  const g = modelGeometry(model);
  checkHead(op, g, layer, head);
  const qkv = param(op, need(op, model, `h.${layer}.attn.c_attn`), `h.${layer}.attn.c_attn`); // [dAttn + 2dKv, d]
  const proj = param(op, need(op, model, `h.${layer}.attn.c_proj`), `h.${layer}.attn.c_proj`); // [d, dAttn]
  const hd = g.headDim;
  const dAttn = g.nHeads * hd;
  const dKv = g.nKvHeads * hd;
  const kv = Math.floor(head / (g.nHeads / g.nKvHeads));
  const gamma = options.foldNorm === false ? null : normScale(model, `h.${layer}.ln_1`);
  return {
    wQ: scaleRows(rowsTransposed(qkv, head * hd, (head + 1) * hd), gamma),
    wK: scaleRows(rowsTransposed(qkv, dAttn + kv * hd, dAttn + (kv + 1) * hd), gamma),
    wV: scaleRows(rowsTransposed(qkv, dAttn + dKv + kv * hd, dAttn + dKv + (kv + 1) * hd), gamma),
    wO: colsTransposed(proj, head * hd, (head + 1) * hd),
  };
}

/** The OV circuit W_V·W_O [d, d] of one head, factored. */
export function ovCircuit(
  model: AnyModule,
  layer: number,
  head: number,
  options: CircuitOptions = {},
): FactoredMatrix {
  const w = headWeights(model, layer, head, options);
  return new FactoredMatrix(w.wV, w.wO);
}

/** The QK circuit W_Q·W_Kᵀ [d, d] of one head, factored (scores = x_q·W_QK·x_kᵀ / √d_head). */
export function qkCircuit(
  model: AnyModule,
  layer: number,
  head: number,
  options: CircuitOptions = {},
): FactoredMatrix {
  const w = headWeights(model, layer, head, options);
  return new FactoredMatrix(w.wQ, w.wK.transpose());
}

/** W_E [V, d]: the token embedding rows. */
export function embeddingMatrix(model: AnyModule): Matrix {
  const t = param("embeddingMatrix", need("embeddingMatrix", model, "wte"), "wte");
  return new Matrix(t.toNested() as number[][]);
}

/** W_U [d, V]: the unembedding (lm_head.weightᵀ), ln_f's γ folded into its rows by default. */
export function unembeddingMatrix(model: AnyModule, options: CircuitOptions = {}): Matrix {
  const op = "unembeddingMatrix";
  const t = param(op, need(op, model, "lm_head"), "lm_head");
  const gamma = options.foldNorm === false ? null : normScale(model, "ln_f");
  return scaleRows(rowsTransposed(t, 0, t.shape[0]!), gamma);
}

/** W_E·W_OV·W_U [V, V], factored as (W_E·W_V)·(W_O·W_U): token attended to → logits it raises. */
export function fullOvCircuit(
  model: AnyModule,
  layer: number,
  head: number,
  options: CircuitOptions = {},
): FactoredMatrix {
  const w = headWeights(model, layer, head, options);
  return new FactoredMatrix(embeddingMatrix(model).mmul(w.wV), w.wO.mmul(unembeddingMatrix(model, options)));
}

/** W_E·W_QK·W_Eᵀ [V, V], factored: query token × key token → score (position-free part). */
export function fullQkCircuit(
  model: AnyModule,
  layer: number,
  head: number,
  options: CircuitOptions = {},
): FactoredMatrix {
  const w = headWeights(model, layer, head, options);
  const e = embeddingMatrix(model);
  return new FactoredMatrix(e.mmul(w.wQ), w.wK.transpose().mmul(e.transpose()));
}

/** ‖left·right‖_F / (‖left‖_F·‖right‖_F) (TransformerLens utils.composition_scores); 0 if a norm is 0. */
export function compositionScore(left: FactoredMatrix, right: FactoredMatrix): number {
  const d = left.frobeniusNorm() * right.frobeniusNorm();
  return d === 0 ? 0 : left.mmul(right).frobeniusNorm() / d;
}

export type CompositionMode = "Q" | "K" | "V";

/**
 * scores[l1][h1][l2][h2]: how much head (l2, h2)'s query (Q), key (K) or value (V) input reads what head
 * (l1, h1) writes; 0 unless l1 < l2 (TransformerLens masks the same way).
 */
export function compositionScores(
  model: AnyModule,
  mode: CompositionMode,
  options: CircuitOptions = {},
): number[][][][] {
  const op = "compositionScores";
  if (mode !== "Q" && mode !== "K" && mode !== "V") {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `mode must be "Q", "K" or "V", got ${String(mode).slice(0, 20)}`,
    );
  }
  const g = modelGeometry(model);
  const ov: FactoredMatrix[][] = [];
  const right: FactoredMatrix[][] = [];
  for (let l = 0; l < g.nLayers; l++) {
    ov.push([]);
    right.push([]);
    for (let h = 0; h < g.nHeads; h++) {
      const w = headWeights(model, l, h, options);
      const o = new FactoredMatrix(w.wV, w.wO);
      ov[l]!.push(o);
      const qk = new FactoredMatrix(w.wQ, w.wK.transpose());
      right[l]!.push(mode === "Q" ? qk : mode === "K" ? qk.transpose() : o);
    }
  }
  return ov.map((row, l1) =>
    row.map((left) => right.map((heads, l2) => heads.map((r) => (l1 < l2 ? compositionScore(left, r) : 0)))),
  );
}

export interface ScoredToken {
  token: number;
  score: number;
}

export interface SingularDirection {
  singularValue: number;
  /** Tokens whose reading-side vector (W_E row, or W_U column) has the largest dot with u (top) / −u (bottom). */
  input: { top: ScoredToken[]; bottom: ScoredToken[] };
  /** Same for v on the writing side. */
  output: { top: ScoredToken[]; bottom: ScoredToken[] };
}

export interface SingularTokensOptions {
  /** Singular directions to read; default 3. */
  k?: number;
  /** Tokens per list; default 10. */
  topK?: number;
  /** How the left singular vectors u (d) become token scores: W_E·u ("embed", default) or uᵀ·W_U ("unembed"). */
  input?: "embed" | "unembed";
  /** How v becomes token scores; default "unembed" (an OV circuit writes logits). Use "embed" for QK. */
  output?: "embed" | "unembed";
  foldNorm?: boolean;
}

function rank(scores: number[], topK: number, sign: 1 | -1): ScoredToken[] {
  return scores
    .map((score, token) => ({ token, score }))
    .sort((a, b) => sign * (b.score - a.score) || a.token - b.token)
    .slice(0, topK);
}

/**
 * The top singular directions of a d_model × d_model circuit read as token lists. A singular pair's signs
 * are arbitrary together (u, v) ~ (−u, −v), so both ends are listed: input.top goes with output.top.
 */
export function singularTokens(
  model: AnyModule,
  circuit: FactoredMatrix,
  options: SingularTokensOptions = {},
): SingularDirection[] {
  const op = "singularTokens";
  const g = modelGeometry(model);
  const [m, n] = circuit.shape;
  if (m !== g.dModel || n !== g.dModel) {
    throw new AttributionError(
      "BAD_INPUT",
      op,
      `the circuit is [${m}, ${n}]; token lists need a d_model × d_model circuit (${g.dModel})`,
    );
  }
  const { u, s, v } = circuit.svd();
  const k = Math.min(options.k ?? 3, s.length);
  const topK = options.topK ?? 10;
  if (!Number.isInteger(k) || k < 1)
    throw new AttributionError("BAD_OPTION", op, `k must be ≥ 1, got ${options.k}`);
  if (!Number.isInteger(topK) || topK < 1)
    throw new AttributionError("BAD_OPTION", op, `topK must be a positive integer, got ${topK}`);
  const we = embeddingMatrix(model); // [V, d]
  const wu = unembeddingMatrix(model, { foldNorm: options.foldNorm }); // [d, V]
  const read = (side: "embed" | "unembed", vec: Matrix): number[] =>
    side === "embed" ? we.mmul(vec).getColumn(0) : wu.transpose().mmul(vec).getColumn(0);
  const out: SingularDirection[] = [];
  for (let i = 0; i < k; i++) {
    const ui = read(options.input ?? "embed", u.subMatrixColumn([i]));
    const vi = read(options.output ?? "unembed", v.subMatrixColumn([i]));
    out.push({
      singularValue: s[i]!,
      input: { top: rank(ui, topK, 1), bottom: rank(ui, topK, -1) },
      output: { top: rank(vi, topK, 1), bottom: rank(vi, topK, -1) },
    });
  }
  return out;
}
