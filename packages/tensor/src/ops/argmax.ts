// argmax/argmin along one dim (or over the flattened tensor when dim is omitted). int32 result, first
// occurrence on ties, NaN counts as the extreme. Works on float32 and int32 input; no gradient.
import { argReduceRows } from "../kernels/reduce";
import { formatShape, normalizeDim } from "../shape";
import { Tensor } from "../tensor";
import { contiguous } from "./contiguous";
import { permute } from "./permute";

function argReduce(op: "argmax" | "argmin", x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  const input = x.detach();
  if (dim === undefined) {
    if (x.size === 0) throw new RangeError(`${op}: empty tensor of shape ${formatShape(x.shape)}`);
    const flat = contiguous(input);
    const out = new Int32Array(1);
    argReduceRows(flat.data, flat.offset, 1, x.size, op === "argmax", out);
    return new Tensor(out, keepdim ? x.shape.map(() => 1) : []);
  }
  const d = normalizeDim(op, dim, x.ndim);
  const n = x.shape[d]!;
  if (n === 0)
    throw new RangeError(`${op}: cannot reduce over dim ${d} of size 0 in ${formatShape(x.shape)}`);
  const order = [...Array.from({ length: x.ndim }, (_, i) => i).filter((i) => i !== d), d];
  const moved = contiguous(permute(input, order));
  const rows = x.size / n;
  const out = new Int32Array(rows);
  argReduceRows(moved.data, moved.offset, rows, n, op === "argmax", out);
  const shape = x.shape.map((s, i) => (i === d ? 1 : s));
  return new Tensor(out, keepdim ? shape : shape.filter((_, i) => i !== d));
}

export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce("argmax", x, dim, keepdim);
}

export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce("argmin", x, dim, keepdim);
}
