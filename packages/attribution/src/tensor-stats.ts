// Per-tensor statistics of parameters: count, mean, population std, min/max, L1/L2 norms, sparsity and a
// histogram, and the same over a Record<string, Tensor> (a state dict). Accumulates in float64.
// Non-finite values (a diverged run) are counted in `nonFinite` and left out of every other figure.
import { formatShape, type Tensor } from "@paramlens/tensor";
import { ParameterAnalysisError } from "./errors";
import { checkOptions, type OptionKeys } from "./options";

export interface Histogram {
  /** [bins + 1] bin edges, ascending; the last bin includes its right edge (as numpy.histogram). */
  edges: number[];
  /** [bins] values per bin */
  counts: number[];
}

export interface TensorStats {
  /** Number of elements (finite or not). */
  count: number;
  /** NaN and ±Infinity elements, excluded from everything below. */
  nonFinite: number;
  mean: number;
  /** Population standard deviation (divides by the count, not count − 1). */
  std: number;
  min: number;
  max: number;
  /** Σ |w| */
  l1: number;
  /** √(Σ w²) */
  l2: number;
  /** Fraction of finite elements with |w| ≤ zeroTolerance. */
  sparsity: number;
  histogram: Histogram;
}

export interface TensorStatsOptions {
  /** Histogram bins; default 20. */
  bins?: number;
  /** |w| at or below this counts as zero for sparsity; default 0 (exact zeros). */
  zeroTolerance?: number;
}

function options(op: string, o: TensorStatsOptions): { bins: number; tol: number } {
  const bins = o.bins ?? 20;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new ParameterAnalysisError("BAD_OPTION", op, `bins must be a positive integer, got ${bins}`);
  }
  const tol = o.zeroTolerance ?? 0;
  if (!Number.isFinite(tol) || tol < 0) {
    throw new ParameterAnalysisError(
      "BAD_OPTION",
      op,
      `zeroTolerance must be a finite number ≥ 0, got ${tol}`,
    );
  }
  return { bins, tol };
}

const TENSOR_STATS_KEYS: OptionKeys<TensorStatsOptions> = { bins: true, zeroTolerance: true };

export function tensorStats(t: Tensor, opts: TensorStatsOptions = {}, name = "tensor"): TensorStats {
  const op = "tensorStats";
  checkOptions(op, opts, TENSOR_STATS_KEYS, "parameters");
  const { bins, tol } = options(op, opts);
  if (t.dtype !== "float32") {
    throw new ParameterAnalysisError("BAD_TENSOR", op, `${name} is ${t.dtype}; parameters must be float32`);
  }
  if (t.size === 0)
    throw new ParameterAnalysisError("BAD_TENSOR", op, `${name} ${formatShape(t.shape)} is empty`);
  const v = t.toTypedArray();
  let n = 0;
  let sum = 0;
  let l1 = 0;
  let sq = 0;
  let zeros = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    if (!Number.isFinite(x)) continue;
    n++;
    sum += x;
    l1 += Math.abs(x);
    sq += x * x;
    if (Math.abs(x) <= tol) zeros++;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const nonFinite = v.length - n;
  if (n === 0) {
    return {
      count: v.length,
      nonFinite,
      mean: Number.NaN,
      std: Number.NaN,
      min: Number.NaN,
      max: Number.NaN,
      l1: Number.NaN,
      l2: Number.NaN,
      sparsity: Number.NaN,
      histogram: { edges: [], counts: [] },
    };
  }
  const mean = sum / n;
  let dev = 0;
  for (const x of v) if (Number.isFinite(x)) dev += (x - mean) ** 2; // two-pass: no cancellation
  // numpy.histogram's convention for a constant tensor: the range [min − 0.5, max + 0.5]
  const lo = min === max ? min - 0.5 : min;
  const hi = min === max ? max + 0.5 : max;
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of v) {
    if (!Number.isFinite(x)) continue;
    const b = Math.min(bins - 1, Math.floor((x - lo) / width));
    counts[b]!++;
  }
  return {
    count: v.length,
    nonFinite,
    mean,
    std: Math.sqrt(dev / n),
    min,
    max,
    l1,
    l2: Math.sqrt(sq),
    sparsity: zeros / n,
    histogram: {
      edges: Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width)),
      counts,
    },
  };
}

export interface ParameterStatsEntry extends TensorStats {
  name: string;
  shape: number[];
  /** From the name: "…bias" → bias, "…weight" → weight, anything else → other. */
  role: "weight" | "bias" | "other";
}

export interface ParameterStatsReport {
  entries: ParameterStatsEntry[];
  /** Elements over all tensors. */
  totalCount: number;
  /** √(Σ over all finite elements of w²), the global L2 norm. */
  globalL2: number;
}

/** Statistics of every float32 tensor in a state dict, in insertion order. */
export function parameterStats(
  params: Readonly<Record<string, Tensor>>,
  opts: TensorStatsOptions = {},
): ParameterStatsReport {
  checkOptions("parameterStats", opts, TENSOR_STATS_KEYS, "parameters");
  const entries: ParameterStatsEntry[] = [];
  let totalCount = 0;
  let sq = 0;
  for (const [name, t] of Object.entries(params)) {
    const s = tensorStats(t, opts, name);
    const role = /bias$/.test(name) ? "bias" : /weight$/.test(name) ? "weight" : "other";
    entries.push({ name, shape: [...t.shape], role, ...s });
    totalCount += s.count;
    if (Number.isFinite(s.l2)) sq += s.l2 * s.l2;
  }
  return { entries, totalCount, globalL2: Math.sqrt(sq) };
}
