// The batching engine under every method. A method describes the rows it needs (scaled, perturbed or noisy
// copies of its examples) as a RowSource; the engine packs them into chunks of at most internalBatchSize,
// runs the model once per chunk, picks each row's target output and hands back values (and gradients) row
// by row, in row order. Rows never see each other, so results do not depend on the chunk size.
import { enableGrad, formatShape, gather, grad, noGrad, Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import type { ForwardFn } from "./types";

/** The rows a method wants evaluated. fill is called exactly once per row, in increasing row order. */
export interface RowSource {
  rows: number;
  /** Write row `row` ([D] values) into dst at offset. */
  fill(row: number, dst: Float32Array, offset: number): void;
  /** Which example the row belongs to (selects its target). */
  example(row: number): number;
}

/** Picks one scalar per row from the model output: out [B] / [B, 1], or out[b, target[b]] for [B, C]. */
export function selectOutputs(op: string, out: Tensor, b: number, targets: Int32Array | null): Tensor {
  if (!(out instanceof Tensor))
    throw new AttributionError("BAD_OUTPUT", op, "the model must return a Tensor");
  if (out.ndim === 0 || out.shape[0] !== b) {
    throw new AttributionError(
      "BAD_OUTPUT",
      op,
      `the model returned ${formatShape(out.shape)} for a batch of ${b}; its first dim must be the batch`,
    );
  }
  if (out.dtype !== "float32") {
    throw new AttributionError("BAD_OUTPUT", op, `the model returned ${out.dtype}; outputs must be float32`);
  }
  if (targets === null) {
    if (out.ndim === 1) return checkFinite(op, out);
    if (out.ndim === 2 && out.shape[1] === 1) return checkFinite(op, out.reshape([b]));
    throw new AttributionError(
      "BAD_TARGET",
      op,
      `the model returns ${formatShape(out.shape)}; pass a target to pick one output per example`,
    );
  }
  if (out.ndim !== 2) {
    throw new AttributionError(
      "BAD_TARGET",
      op,
      `a target needs model outputs [N, C], got ${formatShape(out.shape)}` +
        (out.ndim === 1 ? " (one value per example: leave target out)" : ""),
    );
  }
  const c = out.shape[1]!;
  for (let i = 0; i < targets.length; i++) {
    if (targets[i]! >= c) {
      throw new AttributionError(
        "BAD_TARGET",
        op,
        `target ${targets[i]} is out of range for ${c} outputs (model output ${formatShape(out.shape)})`,
      );
    }
  }
  const index = new Tensor(targets, [b, 1]);
  return checkFinite(op, gather(out, 1, index).reshape([b])); // [B]
}

/**
 * Refuses non-finite target outputs: a model with NaN parameters (or one that overflows) would otherwise
 * give NaN attribution maps silently.
 */
function checkFinite(op: string, selected: Tensor): Tensor {
  const values = selected.toArray();
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new AttributionError(
        "NON_FINITE",
        op,
        `the model's output for example ${i} is ${values[i]}; attributions of a non-finite output are meaningless (check the model's parameters and the input for NaN/Infinity)`,
      );
    }
  }
  return selected;
}

interface Chunk {
  start: number;
  size: number;
  data: Float32Array;
  targets: Int32Array | null;
}

function* chunks(src: RowSource, d: number, targets: Int32Array | null, batchSize: number): Generator<Chunk> {
  for (let start = 0; start < src.rows; start += batchSize) {
    const size = Math.min(batchSize, src.rows - start);
    const data = new Float32Array(size * d);
    const t = targets === null ? null : new Int32Array(size);
    for (let r = 0; r < size; r++) {
      src.fill(start + r, data, r * d);
      if (t !== null) t[r] = targets![src.example(start + r)]!;
    }
    yield { start, size, data, targets: t };
  }
}

function prod(shape: readonly number[]): number {
  let p = 1;
  for (const s of shape) p *= s;
  return p;
}

/** Model outputs only (no graph recorded): consume(row, value) for every row. */
export function evaluateForward(
  op: string,
  model: ForwardFn,
  featShape: readonly number[],
  src: RowSource,
  targets: Int32Array | null,
  batchSize: number,
  consume: (row: number, value: number) => void,
): void {
  const d = prod(featShape);
  for (const c of chunks(src, d, targets, batchSize)) {
    const values = noGrad(() => {
      const x = new Tensor(c.data, [c.size, ...featShape]); // [B, ...F]
      return selectOutputs(op, model(x), c.size, c.targets).toTypedArray();
    });
    for (let r = 0; r < c.size; r++) consume(c.start + r, values[r]!);
  }
}

/** Model outputs and the gradient of each row's output w.r.t. that row: consume(row, value, grads, offset). */
export function evaluateGradients(
  op: string,
  model: ForwardFn,
  featShape: readonly number[],
  src: RowSource,
  targets: Int32Array | null,
  batchSize: number,
  consume: (row: number, value: number, grads: Float32Array, offset: number) => void,
): void {
  const d = prod(featShape);
  for (const c of chunks(src, d, targets, batchSize)) {
    const { values, grads } = enableGrad(() => {
      const x = new Tensor(c.data, [c.size, ...featShape]).requiresGrad_(); // [B, ...F]
      const selected = selectOutputs(op, model(x), c.size, c.targets); // [B]
      let g: Tensor;
      if (selected.requiresGrad) {
        // rows are independent, so ∂(Σ_b y_b)/∂x_b = ∂y_b/∂x_b
        [g] = grad(selected.sum(), x, { allowUnused: true }) as [Tensor];
      } else {
        g = new Tensor(new Float32Array(c.size * d), [c.size, ...featShape]); // constant model
      }
      return { values: selected.detach().toTypedArray(), grads: g.toTypedArray() as Float32Array };
    });
    for (let r = 0; r < c.size; r++) consume(c.start + r, values[r]!, grads, r * d);
  }
}

/** A RowSource over fixed example rows (x itself, or baselines): row i is example i. */
export function rowsOf(data: Float32Array, n: number, d: number): RowSource {
  return {
    rows: n,
    fill: (row, dst, offset) => dst.set(data.subarray(row * d, (row + 1) * d), offset),
    example: (row) => row,
  };
}

/** f at each of n example rows, as float64 numbers. */
export function outputsAt(
  op: string,
  model: ForwardFn,
  featShape: readonly number[],
  data: Float32Array,
  n: number,
  targets: Int32Array | null,
  batchSize: number,
): Float64Array {
  const out = new Float64Array(n);
  evaluateForward(op, model, featShape, rowsOf(data, n, prod(featShape)), targets, batchSize, (r, v) => {
    out[r] = v;
  });
  return out;
}
