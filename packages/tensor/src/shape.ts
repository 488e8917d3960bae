// Shape and stride arithmetic: sizes, row-major strides, axis normalisation and NumPy broadcasting.
// Pure functions on small number arrays; nothing here touches tensor data.
import { checkTensorSize, ShapeError } from "./errors";

export type Shape = readonly number[];

export function formatShape(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C order) strides in elements. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws RangeError unless every entry is a non-negative integer. Returns a copy. */
export function checkShape(op: string, shape: Shape): number[] {
  if (!Array.isArray(shape))
    throw new TypeError(`${op}: shape must be an array of integers, got ${String(shape)}`);
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new RangeError(`${op}: shape ${formatShape(shape)} must contain non-negative integers, got ${d}`);
    }
  }
  checkTensorSize(op, shapeSize(shape), shape);
  return [...shape];
}

/** Maps a possibly negative axis into [0, ndim). */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  if (!Number.isInteger(dim)) throw new TypeError(`${op}: dim must be an integer, got ${dim}`);
  const d = dim < 0 ? dim + ndim : dim;
  if (d < 0 || d >= ndim) {
    throw new RangeError(`${op}: dim ${dim} is out of range for a tensor with ${ndim} dimension(s)`);
  }
  return d;
}

/** Normalises an axis list (undefined = all axes) into sorted unique non-negative axes. */
export function normalizeDims(
  op: string,
  dims: number | readonly number[] | undefined,
  ndim: number,
): number[] {
  if (dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === "number" ? [dims] : dims;
  const out = list.map((d) => normalizeDim(op, d, ndim));
  const set = new Set(out);
  if (set.size !== out.length) throw new RangeError(`${op}: repeated dim in [${list.join(",")}]`);
  return out.sort((a, b) => a - b);
}

/** NumPy broadcasting: align shapes on the right; each pair of sizes must be equal or one of them 1. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  let nd = 0;
  for (const s of shapes) nd = Math.max(nd, s.length);
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = nd - s.length + i;
      const d = s[i]!;
      const cur = out[o]!;
      if (d === cur || d === 1) continue;
      if (cur === 1) {
        out[o] = d;
        continue;
      }
      throw new ShapeError(
        "BROADCAST",
        op,
        shapes,
        `cannot broadcast: sizes ${cur} and ${d} differ at dim ${o - nd} (counting from the right)`,
      );
    }
  }
  checkTensorSize(op, shapeSize(out), out);
  return out;
}

/** Strides that read `shape`/`strides` as if broadcast to `outShape` (0 on broadcast dims). */
export function broadcastStrides(shape: Shape, strides: Shape, outShape: Shape): number[] {
  const nd = outShape.length;
  const out = new Array<number>(nd).fill(0);
  const lead = nd - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[lead + i] = shape[i] === 1 && outShape[lead + i] !== 1 ? 0 : strides[i]!;
  }
  return out;
}
