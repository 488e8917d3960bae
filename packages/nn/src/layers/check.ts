// Constructor argument checks shared by the layers: messages name the layer and field and show the value.

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
