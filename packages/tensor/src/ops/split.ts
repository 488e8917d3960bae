// split and chunk: views along one dim (no copy).
import { normalizeDim } from "../shape";
import type { Tensor } from "../tensor";
import { slice } from "./slice";

/**
 * split(x, n) gives pieces of size n (the last may be smaller); split(x, [a, b, …]) gives pieces of
 * those sizes, which must add up to the dim size.
 */
export function split(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim("split", dim, x.ndim);
  const n = x.shape[d]!;
  let sizes: number[];
  if (typeof sizeOrSections === "number") {
    if (!Number.isInteger(sizeOrSections) || sizeOrSections < 1) {
      throw new RangeError(`split: size must be a positive integer, got ${sizeOrSections}`);
    }
    sizes = [];
    for (let s = 0; s < n; s += sizeOrSections) sizes.push(Math.min(sizeOrSections, n - s));
    if (n === 0) sizes.push(0);
  } else {
    sizes = [...sizeOrSections];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== n) {
      throw new RangeError(
        `split: sections [${sizes.join(",")}] must be non-negative and add up to ${n} (dim ${d})`,
      );
    }
  }
  let start = 0;
  return sizes.map((s) => {
    const piece = slice(x, d, start, start + s);
    start += s;
    return piece;
  });
}

/** Splits into `chunks` pieces of equal size ceil(n / chunks) (the last may be smaller, fewer may result). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks < 1)
    throw new RangeError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normalizeDim("chunk", dim, x.ndim);
  return split(x, Math.max(1, Math.ceil(x.shape[d]! / chunks)), d);
}
