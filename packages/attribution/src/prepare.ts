// Argument checking shared by every method: the input batch, targets and baselines become flat arrays
// with their sizes checked once, so the methods below work on plain numbers. Nothing here runs the model.
import { formatShape, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import type { Baselines, Target } from "./types";

/** A checked input batch [N, ...F] as flat row-major float32 data. */
export interface PreparedInput {
  /** N, the number of examples */
  n: number;
  /** F, the shape of one example */
  featShape: number[];
  /** prod(F), elements per example */
  d: number;
  /** [N·D] the input, row-major */
  x: Float32Array;
  shape: number[];
}

export function prepareInput(op: string, input: Tensor): PreparedInput {
  if (input === null || typeof input !== "object" || !("shape" in input)) {
    throw new AttributionError("BAD_INPUT", op, "input must be a Tensor");
  }
  if (input.dtype !== "float32") {
    throw new AttributionError("BAD_INPUT", op, `input must be float32, got ${input.dtype} (call .float())`);
  }
  if (input.ndim < 1 || input.shape[0] === 0 || input.size === 0) {
    throw new AttributionError(
      "BAD_INPUT",
      op,
      `input must be a non-empty batch [N, ...], got ${formatShape(input.shape)}`,
    );
  }
  const x = input.toTypedArray() as Float32Array;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) {
      throw new AttributionError("BAD_INPUT", op, `input element ${i} is ${x[i]}; inputs must be finite`);
    }
  }
  const n = input.shape[0]!;
  const featShape = input.shape.slice(1);
  return { n, featShape, d: x.length / n, x, shape: [...input.shape] };
}

/** Per-example target indices, or null when the model has one output per example. */
export function resolveTargets(op: string, target: Target, n: number): Int32Array | null {
  if (target === undefined || target === null) return null;
  const check = (v: number, where: string): number => {
    if (!Number.isInteger(v) || v < 0) {
      throw new AttributionError("BAD_TARGET", op, `target${where} must be a non-negative integer, got ${v}`);
    }
    return v;
  };
  if (typeof target === "number") return new Int32Array(n).fill(check(target, ""));
  const values: ArrayLike<number> = Array.isArray(target)
    ? (target as readonly number[])
    : (() => {
        const t = target as Tensor;
        if (t.ndim !== 1) {
          throw new AttributionError(
            "BAD_TARGET",
            op,
            `a target tensor must be 1-d [N], got ${formatShape(t.shape)}`,
          );
        }
        return t.toTypedArray();
      })();
  if (values.length !== n) {
    throw new AttributionError(
      "BAD_TARGET",
      op,
      `got ${values.length} targets for ${n} examples; pass one per example or a single number`,
    );
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = check(values[i]!, `[${i}]`);
  return out;
}

/** Baselines expanded to one full [D] row per example: [N·D]. */
export function resolveBaselines(
  op: string,
  baselines: Baselines | undefined,
  p: PreparedInput,
): Float32Array {
  const out = new Float32Array(p.n * p.d);
  if (baselines === undefined) return out;
  if (typeof baselines === "number") {
    if (!Number.isFinite(baselines)) {
      throw new AttributionError("BAD_BASELINE", op, `baseline must be finite, got ${baselines}`);
    }
    return out.fill(baselines);
  }
  const b = baselines;
  const shape = b.shape;
  const fits = (s: readonly number[]): boolean =>
    s.length === shape.length && s.every((v, i) => v === shape[i]);
  const data = b.float().toTypedArray() as Float32Array;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new AttributionError(
        "BAD_BASELINE",
        op,
        `baseline element ${i} is ${data[i]}; it must be finite`,
      );
    }
  }
  if (fits(p.shape)) return data;
  if (fits([1, ...p.featShape]) || fits(p.featShape)) {
    for (let i = 0; i < p.n; i++) out.set(data, i * p.d);
    return out;
  }
  throw new AttributionError(
    "BAD_BASELINE",
    op,
    `baselines ${formatShape(shape)} do not fit input ${formatShape(p.shape)}; use ${formatShape(p.shape)}, ` +
      `${formatShape([1, ...p.featShape])}, ${formatShape(p.featShape)} or a number`,
  );
}

/**
 * Largest step, sample or batch count an option may ask for: 10^6 model rows per example is already hours
 * of work, and a typo such as `nSamples: 1e9` must fail up front, not after minutes.
 */
export const MAX_COUNT_OPTION = 1_000_000;

export function positiveInt(op: string, name: string, v: number | undefined, fallback: number): number {
  const value = v ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new AttributionError("BAD_OPTION", op, `${name} must be a positive integer, got ${value}`);
  }
  if (value > MAX_COUNT_OPTION) {
    throw new AttributionError(
      "TOO_MANY_STEPS",
      op,
      `${name} ${value} is above the limit of ${MAX_COUNT_OPTION}`,
    );
  }
  return value;
}

export function nonNegative(op: string, name: string, v: number | undefined, fallback: number): number {
  const value = v ?? fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new AttributionError("BAD_OPTION", op, `${name} must be a finite number ≥ 0, got ${value}`);
  }
  return value;
}

export const DEFAULT_INTERNAL_BATCH_SIZE = 128;

/** The `internalBatchSize` option: examples (or perturbed copies) evaluated per forward pass, default 128. */
export function internalBatchSize(op: string, v: number | undefined): number {
  return positiveInt(op, "internalBatchSize", v, DEFAULT_INTERNAL_BATCH_SIZE);
}
