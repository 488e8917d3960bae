// Head detectors, with TransformerLens' definitions (transformer_lens/head_detector.py, `detect_head`):
// a head's score is how much of its attention falls where a head of that kind would look.
//   previous-token: query i → key i − 1;
//   duplicate-token: query i → every earlier key j < i with token_j = token_i;
//   induction: query i → key j when token_{j−1} = token_i (j − 1 < i), i.e. the token after an earlier
//     occurrence of the current one (Olsson et al. 2022, "In-context Learning and Induction Heads").
// error "mul" (TransformerLens' default): Σ(pattern ⊙ detection) / Σ pattern; "abs": 1 − mean|pattern −
// detection|·T (TransformerLens rounds this to 3 decimals; we do not). `excludeBos` zeroes key column 0 and
// `excludeCurrentToken` the diagonal first. A batch of sequences scores each and averages, as detect_head
// does for a list of prompts. Patterns come from attentionPatterns (nn's CausalSelfAttention); with grouped
// KV heads every query head has its own pattern. Also: repeated random token sequences, the standard probe
// for induction heads.
import type { AnyModule } from "@paramlens/nn";
import { formatShape, Generator, type Tensor, tensor } from "@paramlens/tensor";
import { attentionPatterns } from "../attention-patterns";
import { AttributionError } from "../errors";
import { modelGeometry } from "./circuits";

export type HeadKind = "previous-token" | "duplicate-token" | "induction";
export const HEAD_KINDS: readonly HeadKind[] = ["previous-token", "duplicate-token", "induction"];

/** [T·T] row-major 0/1 pattern (row = query, column = key), lower triangular. */
export function detectionPattern(kind: HeadKind, tokens: readonly number[]): Float64Array {
  const t = tokens.length;
  const p = new Float64Array(t * t);
  if (kind === "previous-token") {
    for (let i = 1; i < t; i++) p[i * t + i - 1] = 1;
  } else if (kind === "duplicate-token") {
    for (let i = 0; i < t; i++) for (let j = 0; j < i; j++) if (tokens[j] === tokens[i]) p[i * t + j] = 1;
  } else if (kind === "induction") {
    // TransformerLens: the duplicate pattern rolled one column right, column 0 zeroed, lower triangle kept
    for (let i = 0; i < t; i++)
      for (let j = 1; j <= i; j++) if (tokens[j - 1] === tokens[i] && j - 1 < i) p[i * t + j] = 1;
  } else {
    throw new AttributionError(
      "BAD_OPTION",
      "detectionPattern",
      `unknown head kind ${JSON.stringify(String(kind).slice(0, 40))}; use one of ${HEAD_KINDS.join(", ")}`,
    );
  }
  return p;
}

export interface HeadScoreOptions {
  /** Ignore attention to position 0. Default false. */
  excludeBos?: boolean;
  /** Ignore attention to the query's own position. Default false. */
  excludeCurrentToken?: boolean;
  /** "mul" (default) or "abs", as TransformerLens. */
  errorMeasure?: "mul" | "abs";
}

/** Score of one [T, T] pattern (row-major) against a detection pattern. */
export function headPatternScore(
  pattern: ArrayLike<number>,
  detection: ArrayLike<number>,
  t: number,
  options: HeadScoreOptions = {},
): number {
  const op = "headPatternScore";
  if (pattern.length !== t * t || detection.length !== t * t) {
    throw new AttributionError(
      "BAD_INPUT",
      op,
      `pattern (${pattern.length}) and detection (${detection.length}) must both hold T·T = ${t * t} values`,
    );
  }
  const measure = options.errorMeasure ?? "mul";
  if (measure !== "mul" && measure !== "abs") {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `errorMeasure must be "mul" or "abs", got ${String(measure).slice(0, 20)}`,
    );
  }
  const keep = (i: number, j: number) =>
    !(options.excludeBos && j === 0) && !(options.excludeCurrentToken && i === j);
  if (measure === "mul") {
    let hit = 0;
    let total = 0;
    for (let i = 0; i < t; i++) {
      for (let j = 0; j < t; j++) {
        if (!keep(i, j)) continue;
        const a = pattern[i * t + j]!;
        total += a;
        hit += a * detection[i * t + j]!;
      }
    }
    return total === 0 ? 0 : hit / total;
  }
  let sum = 0;
  for (let i = 0; i < t; i++)
    for (let j = 0; j < t; j++) if (keep(i, j)) sum += Math.abs(pattern[i * t + j]! - detection[i * t + j]!);
  return 1 - (sum / (t * t)) * t;
}

/**
 * scores[layer][head] of every attention head of a GPT-layout model on ids [B, T], averaged over the batch
 * (each row is scored against its own detection pattern).
 */
export function headScores(
  model: AnyModule,
  ids: Tensor,
  kind: HeadKind,
  options: HeadScoreOptions = {},
): number[][] {
  const op = "headScores";
  if (ids.ndim !== 2 || ids.dtype !== "int32" || ids.shape[1]! < 2) {
    throw new AttributionError(
      "BAD_INPUT",
      op,
      `ids must be int32 [B, T] with T ≥ 2, got ${ids.dtype} ${formatShape(ids.shape)}`,
    );
  }
  if (!HEAD_KINDS.includes(kind)) detectionPattern(kind, []); // throws the unknown-kind error
  const g = modelGeometry(model);
  const [b, t] = ids.shape as [number, number];
  const rows = ids.toNested() as number[][];
  const detections = rows.map((r) => detectionPattern(kind, r));
  const layers = Array.from({ length: g.nLayers }, (_, l) => `h.${l}.attn`);
  const patterns = attentionPatterns(model, layers, ids);
  return layers.map((name) => {
    const p = patterns[name]!.contiguous().toTypedArray(); // [B, H, T, T]
    return Array.from({ length: g.nHeads }, (_, h) => {
      let s = 0;
      for (let r = 0; r < b; r++) {
        const o = (r * g.nHeads + h) * t * t;
        s += headPatternScore(p.subarray(o, o + t * t), detections[r]!, t, options);
      }
      return s / b;
    });
  });
}

export interface RepeatedTokensOptions {
  /** Sequences. */
  batch: number;
  /** Length of the random half; the sequence is it twice (2·seqLen tokens, plus the prefix). */
  seqLen: number;
  /** Tokens are drawn uniformly from [low, vocabSize). */
  vocabSize: number;
  /** Smallest token drawn; default 0 (set it to keep special tokens out). */
  low?: number;
  /** A token put in front of every row (e.g. BOS), or none. */
  prefix?: number;
  seed?: number;
}

/** int32 [batch, (prefix?) + 2·seqLen]: a random sequence followed by itself. */
export function repeatedRandomTokens(o: RepeatedTokensOptions): Tensor {
  const op = "repeatedRandomTokens";
  const low = o.low ?? 0;
  for (const [k, v] of [
    ["batch", o.batch],
    ["seqLen", o.seqLen],
    ["vocabSize", o.vocabSize],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new AttributionError("BAD_OPTION", op, `${k} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(low) || low < 0 || low >= o.vocabSize) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `low ${low} must be an integer in [0, vocabSize ${o.vocabSize})`,
    );
  }
  const gen = new Generator(o.seed ?? 0);
  const pre = o.prefix === undefined ? 0 : 1;
  const width = pre + 2 * o.seqLen;
  const out = new Int32Array(o.batch * width);
  for (let r = 0; r < o.batch; r++) {
    const base = r * width;
    if (pre) out[base] = o.prefix!;
    for (let i = 0; i < o.seqLen; i++) {
      const tok = gen.nextInt(low, o.vocabSize);
      out[base + pre + i] = tok;
      out[base + pre + o.seqLen + i] = tok;
    }
  }
  return tensor(out, [o.batch, width]);
}
