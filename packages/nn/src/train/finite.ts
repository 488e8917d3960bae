// Finds the first non-finite value (NaN, ±Infinity) among named float tensors, reading their storage in
// place (no copy, no allocation for contiguous tensors), so fit() can check every parameter after every
// update and the checkpoint writer can refuse NaN weights. It does not look at int32 tensors.
import type { Tensor } from "@paramlens/tensor";

export interface NonFinite {
  /** The tensor's name. */
  name: string;
  /** Row-major index of the first bad element. */
  index: number;
  value: number;
}

/** The first non-finite element of the float32 tensors in `named`, or undefined when all are finite. */
export function firstNonFinite(named: Iterable<readonly [string, Tensor]>): NonFinite | undefined {
  for (const [name, t] of named) {
    if (t.dtype !== "float32") continue;
    const data = t.isContiguous ? t.data : t.toTypedArray();
    const start = t.isContiguous ? t.offset : 0;
    const end = start + t.size;
    for (let i = start; i < end; i++) {
      const v = data[i]!;
      // v - v is 0 for finite v, NaN for NaN and ±Infinity: one test for both.
      if (v - v !== 0) return { name, index: i - start, value: v };
    }
  }
  return undefined;
}

/** "parameter "1.weight" holds NaN (element 0)" for messages. */
export function describeNonFinite(bad: NonFinite): string {
  return `parameter "${bad.name.slice(0, 100)}" holds ${bad.value} (element ${bad.index})`;
}
