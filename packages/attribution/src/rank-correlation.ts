// Rank statistics for comparing attribution maps, as in the model-randomisation sanity check (Adebayo et
// al. 2018, arXiv:1810.03292, which reports Spearman rank correlation with and without absolute values):
// average ranks for ties, Pearson and Spearman correlation, and a per-example map comparison.
import { formatShape, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { checkOptions, type OptionKeys } from "./options";

/** 1-based ranks, ties sharing the average of their positions (the "fractional" ranking). */
export function rankData(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = avg;
    i = j + 1;
  }
  return ranks;
}

function checkPair(op: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length || a.length < 2) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `need two equally long series of ≥ 2 values, got ${a.length} and ${b.length}`,
    );
  }
  for (const s of [a, b]) {
    for (let i = 0; i < s.length; i++) {
      if (!Number.isFinite(s[i]!))
        throw new AttributionError("BAD_OPTION", op, `value ${i} is ${s[i]}; values must be finite`);
    }
  }
}

/** Pearson correlation; NaN when either series is constant (the correlation is undefined). */
export function pearsonCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkPair("pearsonCorrelation", a, b);
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? Number.NaN : sab / Math.sqrt(saa * sbb);
}

/** Spearman rank correlation: Pearson correlation of the fractional ranks (correct with ties). */
export function spearmanCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkPair("spearmanCorrelation", a, b);
  return pearsonCorrelation(rankData(a), rankData(b));
}

export interface MapSimilarityOptions {
  /** Compare |maps| (Adebayo et al. report both); default false. */
  abs?: boolean;
  /** "spearman" (default) or "pearson". */
  method?: "spearman" | "pearson";
}

const MAP_SIMILARITY_KEYS: OptionKeys<MapSimilarityOptions> = { abs: true, method: true };

/** Per-example correlation between two attribution batches of the same shape [N, ...]. */
export function mapSimilarity(a: Tensor, b: Tensor, options: MapSimilarityOptions = {}): number[] {
  const op = "mapSimilarity";
  checkOptions(op, options, MAP_SIMILARITY_KEYS);
  if (a.shape.length < 1 || a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) {
    throw new AttributionError(
      "BAD_ATTRIBUTION",
      op,
      `maps ${formatShape(a.shape)} and ${formatShape(b.shape)} must have the same shape [N, ...]`,
    );
  }
  const method = options.method ?? "spearman";
  if (method !== "spearman" && method !== "pearson") {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `method must be "spearman" or "pearson", got ${String(method)}`,
    );
  }
  const n = a.shape[0]!;
  const d = a.size / n;
  const fa = a.float().toTypedArray();
  const fb = b.float().toTypedArray();
  const corr = method === "spearman" ? spearmanCorrelation : pearsonCorrelation;
  return Array.from({ length: n }, (_, i) => {
    let xa = Array.from(fa.subarray(i * d, (i + 1) * d));
    let xb = Array.from(fb.subarray(i * d, (i + 1) * d));
    if (options.abs) {
      xa = xa.map(Math.abs);
      xb = xb.map(Math.abs);
    }
    return corr(xa, xb);
  });
}
