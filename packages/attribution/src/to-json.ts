// Plain-number views of results, ready for JSON.stringify: nested arrays shaped like the tensor, the
// shape itself, and deltas as numbers. Metrics and parameter reports already return plain objects.
import type { AttributionResult } from "./types";

export interface AttributionJson {
  shape: number[];
  /** Nested arrays shaped like the input. */
  attributions: unknown;
  delta?: number[];
}

export function attributionToJson(result: AttributionResult): AttributionJson {
  const out: AttributionJson = {
    shape: [...result.attributions.shape],
    attributions: result.attributions.toNested(),
  };
  if (result.delta !== undefined) out.delta = [...result.delta];
  return out;
}
