// scatter(x, dim, index, src | value): a copy of x with src's entries (or one number) written at the
// positions `index` names along `dim`, as torch.scatter; scatterReduce(x, dim, index, src, reduce) as
// torch.scatter_reduce with "sum", "mean", "amax", "amin". Composed from scatterAdd and where:
//   hits = scatterAdd(0, index, 1) (how often each position is written), y = where(hits, written, x),
// so x's gradient is dy at unwritten positions and src's is gather(dy, dim, index), as in PyTorch.
// PyTorch leaves scatter of a tensor src with repeated target positions undefined (one write wins, which
// one is unspecified); we throw instead. Repeated positions are fine for a number value and for
// scatterReduce. "amax"/"amin" take their values from a small kernel (kernels/scatter-extreme.ts) and
// split the gradient evenly among the values equal to the result, as PyTorch. "prod" is not provided.
import { record } from "../autograd/node";
import { zeros } from "../creation";
import { DTypeError, ShapeError } from "../errors";
import { scatterAddKernel } from "../kernels/gather";
import { scatterExtremeKernel } from "../kernels/scatter-extreme";
import { contiguousStrides, normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { add } from "./add";
import { eq } from "./compare";
import { contiguous } from "./contiguous";
import { div } from "./div";
import { requireFloat } from "./elementwise-op";
import { gather, scatterAdd } from "./gather";
import { max } from "./max";
import { maximum } from "./maximum";
import { mul } from "./mul";
import { slice } from "./slice";
import { where } from "./where";

/** Checks x, index (int32, x's rank, fits x outside dim) and src; returns the normalized dim. */
function checkArgs(op: string, x: Tensor, dim: number, index: Tensor, src: Tensor | null): number {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: input must be a Tensor`);
  if (!(index instanceof Tensor)) throw new TypeError(`${op}: index must be a Tensor`);
  requireFloat(op, x);
  if (index.dtype !== "int32") {
    throw new DTypeError(op, index.dtype, `index must be int32, got ${index.dtype} (use .int())`);
  }
  const d = normalizeDim(op, dim, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((s, i) => i !== d && s > x.shape[i]!)) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      op,
      [x.shape, index.shape],
      `index must have the input's rank and be no larger outside dim ${d}`,
    );
  }
  if (src !== null) {
    if (!(src instanceof Tensor)) throw new TypeError(`${op}: src must be a Tensor or a number`);
    requireFloat(op, src);
    if (src.ndim !== index.ndim || index.shape.some((s, i) => s > src.shape[i]!)) {
      throw new ShapeError(
        "SHAPE_MISMATCH",
        op,
        [index.shape, src.shape],
        "src must be at least as large as index",
      );
    }
  }
  return d;
}

/** How many times each position of x is written, as a float32 tensor of x's shape (bounds-checks index). */
function hitCounts(op: string, x: Tensor, d: number, index: Tensor): Tensor {
  const out = new Float32Array(x.size);
  const strides = contiguousStrides(x.shape);
  const one = Float32Array.of(1);
  scatterAddKernel(
    op,
    index.data as Int32Array,
    index.shape,
    index.strides,
    index.offset,
    one,
    index.shape.map(() => 0),
    0,
    out,
    strides.map((s, i) => (i === d ? 0 : s)),
    strides[d]!,
    x.shape[d]!,
    d,
  );
  return new Tensor(out, x.shape);
}

/**
 * x with `src[p]` (or `value`) written at position index[p] along `dim` (other coordinates from p).
 * index is int32 with x's rank; index.shape ≤ src.shape everywhere and ≤ x.shape outside `dim`.
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  if (typeof src !== "number" && !(src instanceof Tensor)) {
    throw new TypeError("scatter: src must be a Tensor or a number");
  }
  const d = checkArgs("scatter", x, dim, index, typeof src === "number" ? null : src);
  const hits = hitCounts("scatter", x, d, index);
  if (typeof src === "number") return where(hits, src, x);
  if (index.size > 0 && max(hits).item() > 1) {
    throw new RangeError(
      "scatter: index writes some position more than once, which PyTorch leaves undefined; use scatterAdd or scatterReduce",
    );
  }
  // d scatter = where(hits, 0, dy) for x; gather(dy, dim, index) for src (through scatterAdd)
  return where(hits, scatterAdd(zeros(x.shape), d, index, src), x);
}

export type ScatterReduction = "sum" | "mean" | "amax" | "amin";

export interface ScatterReduceOptions {
  /** Whether x's own value takes part in the reduction at written positions (PyTorch's default: true). */
  includeSelf?: boolean;
}

/**
 * Reduces every src value written to a position (and x's own value, when includeSelf) with "sum",
 * "mean", "amax" or "amin"; unwritten positions keep x.
 */
export function scatterReduce(
  x: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor,
  reduce: ScatterReduction,
  options: ScatterReduceOptions = {},
): Tensor {
  const d = checkArgs("scatterReduce", x, dim, index, src);
  if (reduce !== "sum" && reduce !== "mean" && reduce !== "amax" && reduce !== "amin") {
    throw new RangeError(
      `scatterReduce: reduce must be "sum", "mean", "amax" or "amin", got ${String(reduce).slice(0, 100)}`,
    );
  }
  const hits = hitCounts("scatterReduce", x, d, index);
  const includeSelf = options.includeSelf ?? true;
  if (reduce === "amax" || reduce === "amin") {
    return extreme(x, d, index, src, hits, reduce === "amax", includeSelf);
  }
  const base = includeSelf ? x : where(hits, 0, x);
  const total = scatterAdd(base, d, index, src);
  if (reduce === "sum") return total;
  // mean over the values reduced at each written position: Σ / (hits + includeSelf), never ÷ 0
  const count = maximum(includeSelf ? add(hits, 1) : hits, 1);
  return where(hits, div(total, count), x);
}

/** scatterReduce "amax"/"amin": the extreme value per written position, gradient split among ties. */
function extreme(
  x: Tensor,
  d: number,
  index: Tensor,
  src: Tensor,
  hits: Tensor,
  isMax: boolean,
  includeSelf: boolean,
): Tensor {
  // only src's index-shaped corner takes part (a view, so its gradient lands back in src)
  let srcCut = src;
  index.shape.forEach((s, i) => {
    if (src.shape[i] !== s) srcCut = slice(srcCut, i, 0, s);
  });
  const out = contiguous(x.detach(), true).data as Float32Array;
  const h = hits.data as Float32Array;
  if (!includeSelf) {
    const start = isMax ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    for (let i = 0; i < out.length; i++) if (h[i]! > 0) out[i] = start;
  }
  const c = contiguous(srcCut.detach());
  const strides = contiguousStrides(x.shape);
  scatterExtremeKernel(
    "scatterReduce",
    isMax,
    index.data as Int32Array,
    index.shape,
    index.strides,
    index.offset,
    c.data,
    c.strides,
    c.offset,
    out,
    strides.map((s, i) => (i === d ? 0 : s)),
    strides[d]!,
    x.shape[d]!,
    d,
  );
  const y = new Tensor(out, x.shape);
  // d amax: dy split evenly among the values equal to the result (x's own value counts only when
  // includeSelf or the position is unwritten): N = [x = y] + Σ_index [src = y]; dx = [x = y]·dy/N,
  // dsrc = [src = y(index)]·gather(dy/N)
  return record(y, isMax ? "scatterAmax" : "scatterAmin", [x, srcCut], (g, needs) => {
    const selfIs = includeSelf ? eq(x, y) : where(hits, 0, eq(x, y));
    const srcIs = eq(srcCut, gather(y, d, index));
    const share = div(g, scatterAdd(selfIs, d, index, srcIs));
    return [needs[0] ? mul(selfIs, share) : null, needs[1] ? mul(srcIs, gather(share, d, index)) : null];
  });
}
