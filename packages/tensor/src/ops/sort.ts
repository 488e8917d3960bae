// sort / argsort / topk along one dim, as torch.sort(stable=True) / torch.argsort / torch.topk.
// The order comes from a stable argsort kernel (kernels/sort.ts: NaN above every number, ties keep their
// original order — also when descending); the values are `gather(x, dim, indices)`, so their gradient is
// gather's (dy scattered back to where each value came from) and there is no backward rule here.
// Indices are int32. topk always returns its k values sorted (PyTorch's sorted=False order is unspecified).
import { allocate } from "../dtype";
import { argsortKernel } from "../kernels/sort";
import { normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";
import { requireFloat } from "./elementwise-op";
import { gather } from "./gather";
import { reshape } from "./reshape";

export interface SortResult {
  /** The sorted values (differentiable). */
  values: Tensor;
  /** int32 positions along `dim` in the input of each value. */
  indices: Tensor;
}

/** The first k entries of the stable sorted order along `dim`, as int32 indices. */
function sortedIndices(
  op: string,
  x: Tensor,
  dim: number,
  descending: boolean,
  k?: number,
): [Tensor, number] {
  const d = normalizeDim(op, dim, x.ndim);
  const n = x.shape[d]!;
  const kk = k ?? n;
  if (!Number.isInteger(kk) || kk < 0 || kk > n) {
    throw new RangeError(`${op}: k must be an integer in [0, ${n}] (the size of dim ${d}), got ${kk}`);
  }
  let outer = 1;
  for (let i = 0; i < d; i++) outer *= x.shape[i]!;
  let inner = 1;
  for (let i = d + 1; i < x.ndim; i++) inner *= x.shape[i]!;
  const shape = x.shape.map((s, i) => (i === d ? kk : s));
  const out = allocate("int32", outer * kk * inner) as Int32Array;
  if (out.length > 0) {
    const c = contiguous(x.detach());
    argsortKernel(c.data as Float32Array, c.offset, outer, n, inner, descending, kk, out);
  }
  return [new Tensor(out, shape), d];
}

/** Checks x; a 0-d x is sorted as a 1-element vector (its results are reshaped back to 0-d). */
function prepare(op: string, x: Tensor, dim: number): [Tensor, number] {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: input must be a Tensor`);
  requireFloat(op, x);
  if (x.ndim > 0) return [x, dim];
  normalizeDim(op, dim, 1);
  return [reshape(x, [1]), 0];
}

function run(op: string, x: Tensor, dim: number, descending: boolean, k?: number): SortResult {
  const [x1, dim1] = prepare(op, x, dim);
  const [indices, d] = sortedIndices(op, x1, dim1, descending, k);
  // d values = dy scattered back to the positions the values came from (gather's gradient)
  const values = gather(x1, d, indices);
  if (x.ndim > 0 || indices.size !== 1) return { values, indices };
  return { values: reshape(values, []), indices: reshape(indices, []) };
}

/** Sorts along `dim` (ascending unless `descending`); stable: equal values keep their order. */
export function sort(x: Tensor, dim = -1, descending = false): SortResult {
  return run("sort", x, dim, descending);
}

/** The int32 positions that sort `x` along `dim` (stable). */
export function argsort(x: Tensor, dim = -1, descending = false): Tensor {
  const [x1, dim1] = prepare("argsort", x, dim);
  const [indices] = sortedIndices("argsort", x1, dim1, descending);
  return x.ndim > 0 ? indices : reshape(indices, []);
}

/**
 * The k largest (or smallest, `largest = false`) values along `dim`, sorted, with their int32 positions.
 * Among equal values the earlier position comes first.
 */
export function topk(x: Tensor, k: number, dim = -1, largest = true): SortResult {
  return run("topk", x, dim, largest, k);
}
