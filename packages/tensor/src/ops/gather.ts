// gather(x, dim, index): out[i][j] = x[i][index[i][j]] (for dim 1), as torch.gather; index is int32 with
// x's rank, and index.shape[d] <= x.shape[d] for d != dim. Its gradient is scatterAdd of the upstream
// gradient into zeros; scatterAdd's gradient is gather again.
import { record } from "../autograd/node";
import { zeros } from "../creation";
import { allocate } from "../dtype";
import { DTypeError, ShapeError } from "../errors";
import { gatherKernel, scatterAddKernel } from "../kernels/gather";
import { contiguousStrides, normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { clone } from "./contiguous";
import { pad } from "./pad";

function checkIndex(op: string, x: Tensor, dim: number, index: Tensor): number {
  if (!(index instanceof Tensor)) throw new TypeError(`${op}: index must be a Tensor`);
  if (index.dtype !== "int32") {
    throw new DTypeError(op, index.dtype, `index must be int32, got ${index.dtype} (use .int())`);
  }
  const d = normalizeDim(op, dim, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((s, i) => i !== d && s > x.shape[i]!)) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      op,
      [x.shape, index.shape],
      `index must have the same rank as the input and no larger size outside dim ${d}`,
    );
  }
  return d;
}

export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = checkIndex("gather", x, dim, index);
  const out = allocate(x.dtype, index.size);
  const srcStrides = x.strides.map((s, i) => (i === d ? 0 : s));
  gatherKernel(
    "gather",
    index.data as Int32Array,
    index.shape,
    index.strides,
    index.offset,
    x.data,
    srcStrides,
    x.offset,
    x.strides[d]!,
    x.shape[d]!,
    d,
    out,
  );
  const y = new Tensor(out, index.shape);
  // d gather(x) = scatterAdd(0, dy) at the gathered positions (repeated indices accumulate)
  return record(y, "gather", [x], (g) => [scatterAdd(zeros(x.shape), d, index, g)]);
}

/** A copy of `base` with `src` added at positions given by `index` along `dim` (torch.scatter_add). */
export function scatterAdd(base: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = checkIndex("scatterAdd", base, dim, index);
  if (src.ndim !== index.ndim || index.shape.some((s, i) => s > src.shape[i]!)) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      "scatterAdd",
      [index.shape, src.shape],
      "src must be at least as large as index",
    );
  }
  if (src.dtype !== base.dtype) {
    throw new DTypeError(
      "scatterAdd",
      src.dtype,
      `src dtype ${src.dtype} differs from base dtype ${base.dtype}`,
    );
  }
  const out = clone(base.detach());
  const dstStrides = contiguousStrides(base.shape);
  scatterAddKernel(
    "scatterAdd",
    index.data as Int32Array,
    index.shape,
    index.strides,
    index.offset,
    src.data,
    src.strides,
    src.offset,
    out.data,
    dstStrides.map((s, i) => (i === d ? 0 : s)),
    dstStrides[d]!,
    base.shape[d]!,
    d,
  );
  const y = new Tensor(out.data, base.shape);
  // d scatterAdd(base, src) = dy for base, gather(dy) for src (src entries outside index get 0)
  return record(y, "scatterAdd", [base, src], (g, needs) => {
    let gs: Tensor | null = null;
    if (needs[1]) {
      const picked = gather(g, d, index);
      gs = picked.shape.every((s, i) => s === src.shape[i]) ? picked : embedInto(picked, src.shape);
    }
    return [needs[0] ? g : null, gs];
  });
}

/** Places `t` at the origin of a zero tensor of `shape` (for src larger than index). */
function embedInto(t: Tensor, shape: readonly number[]): Tensor {
  return pad(
    t,
    shape.map((s, i) => [0, s - t.shape[i]!] as [number, number]),
  );
}
