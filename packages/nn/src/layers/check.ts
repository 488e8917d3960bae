// Constructor argument checks shared by the layers: messages name the layer and field and show the value.
import type { IntPair } from "@paramlens/tensor";

export function positiveInt(layer: string, field: string, v: number): number {
  if (!Number.isInteger(v) || v <= 0)
    throw new RangeError(`${layer}: ${field} must be a positive integer, got ${v}`);
  return v;
}

export function nonNegativeInt(layer: string, field: string, v: number): number {
  if (!Number.isInteger(v) || v < 0)
    throw new RangeError(`${layer}: ${field} must be a non-negative integer, got ${v}`);
  return v;
}

export function positiveNumber(layer: string, field: string, v: number): number {
  if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) {
    throw new RangeError(`${layer}: ${field} must be a positive finite number, got ${v}`);
  }
  return v;
}

export function probability(layer: string, field: string, v: number): number {
  if (!(typeof v === "number" && v >= 0 && v <= 1))
    throw new RangeError(`${layer}: ${field} must be in [0, 1], got ${v}`);
  return v;
}

/** An int or [h, w] pair of ints ≥ min, normalized to a pair. */
export function intPair(layer: string, field: string, v: IntPair, min: number): [number, number] {
  const p: [number, number] = typeof v === "number" ? [v, v] : [v[0], v[1]];
  if (!p.every((x) => Number.isInteger(x) && x >= min)) {
    throw new RangeError(
      `${layer}: ${field} must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(v)}`,
    );
  }
  return p;
}
