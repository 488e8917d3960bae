// indexSelect(x, dim, index): picks whole slices along `dim` by a 1-d int32 index (repeats allowed).
// Its gradient is indexAdd into zeros; indexAdd's gradient is indexSelect again.
import { record } from "../autograd/node";
import { zeros } from "../creation";
import { allocate } from "../dtype";
import { DTypeError, IndexOutOfRangeError, ShapeError } from "../errors";
import { normalizeDim, shapeSize } from "../shape";
import { Tensor } from "../tensor";
import { clone, contiguous } from "./contiguous";

function checkIndex(op: string, x: Tensor, dim: number, index: Tensor): [number, Int32Array] {
  if (!(index instanceof Tensor)) throw new TypeError(`${op}: index must be a Tensor`);
  if (index.dtype !== "int32")
    throw new DTypeError(op, index.dtype, `index must be int32, got ${index.dtype} (use .int())`);
  if (index.ndim !== 1) throw new ShapeError("RANK", op, [x.shape, index.shape], "index must be 1-d");
  const d = normalizeDim(op, dim, x.ndim);
  const n = x.shape[d]!;
  const flat = contiguous(index);
  const values = (flat.data as Int32Array).subarray(flat.offset, flat.offset + index.size);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // torch.index_select raises for -1 ("index out of range in self"): no wrap-around
    if (v < 0 || v >= n) throw new IndexOutOfRangeError(op, v, n, d, i);
  }
  return [d, values];
}

export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const [d, idx] = checkIndex("indexSelect", x, dim, index);
  const src = contiguous(x.detach());
  const n = x.shape[d]!;
  const outer = shapeSize(x.shape.slice(0, d));
  const inner = shapeSize(x.shape.slice(d + 1));
  const shape = x.shape.map((s, i) => (i === d ? idx.length : s));
  const out = allocate(x.dtype, shapeSize(shape));
  const data = src.data;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < idx.length; j++) {
      const v = idx[j]!;
      const from = src.offset + (o * n + v) * inner;
      out.set(data.subarray(from, from + inner), (o * idx.length + j) * inner);
    }
  }
  const y = new Tensor(out, shape);
  // d indexSelect(x) = indexAdd(0, dy) (repeated indices accumulate)
  return record(y, "indexSelect", [x], (g) => [indexAdd(zeros(x.shape), d, index, g)]);
}

/** A copy of `base` with slices of `src` added at `index` along `dim` (torch.index_add). */
export function indexAdd(base: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const [d, idx] = checkIndex("indexAdd", base, dim, index);
  const want = base.shape.map((s, i) => (i === d ? idx.length : s));
  if (src.ndim !== want.length || src.shape.some((s, i) => s !== want[i])) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      "indexAdd",
      [base.shape, src.shape],
      `src must have shape [${want.join(",")}]`,
    );
  }
  if (src.dtype !== base.dtype)
    throw new DTypeError("indexAdd", src.dtype, `src dtype ${src.dtype} differs from ${base.dtype}`);
  const out = clone(base.detach());
  const s = contiguous(src.detach());
  const n = base.shape[d]!;
  const outer = shapeSize(base.shape.slice(0, d));
  const inner = shapeSize(base.shape.slice(d + 1));
  const od = out.data;
  const sd = s.data;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < idx.length; j++) {
      const v = idx[j]!;
      const to = (o * n + v) * inner;
      const from = s.offset + (o * idx.length + j) * inner;
      for (let k = 0; k < inner; k++) od[to + k] = od[to + k]! + sd[from + k]!;
    }
  }
  const y = new Tensor(od, base.shape);
  // d indexAdd(base, src) = dy for base, indexSelect(dy) for src
  return record(y, "indexAdd", [base, src], (g, needs) => [
    needs[0] ? g : null,
    needs[1] ? indexSelect(g, d, index) : null,
  ]);
}
