// The batching engine of the layer methods: runs the model chunk by chunk with a forward hook that swaps
// the layer's output for a fresh leaf (its own values, or values the method supplies, e.g. points on an
// integrated-gradients path), and returns each row's layer values and ∂(target output)/∂(layer output).
// The hook is removed after every chunk, also when the model throws.
import type { AnyModule } from "@paramlens/nn";
import { enableGrad, formatShape, grad, noGrad, Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { selectOutputs } from "./evaluate";
import { expectLayerRan, hookLayerOutput, withHooks } from "./layer";
import type { ForwardFn } from "./types";

export interface LayerRows {
  rows: number;
  /** The model input for rows [start, start + size). */
  input(start: number, size: number): Tensor;
  /** Example index of a row (selects its target). */
  example(row: number): number;
  /** Optional replacement layer values for the chunk ([size · L] floats); default: the layer's own output. */
  layerValues?(start: number, size: number, layerShape: readonly number[]): Float32Array;
}

/** consume(row, layerValues, layerGrads, offset, layerShape) for every row, in order. */
export function evaluateLayerGradients(
  op: string,
  model: ForwardFn,
  layer: AnyModule,
  src: LayerRows,
  targets: Int32Array | null,
  batch: number,
  consume: (
    row: number,
    values: Float32Array,
    grads: Float32Array,
    offset: number,
    layerShape: readonly number[],
  ) => void,
): void {
  for (let start = 0; start < src.rows; start += batch) {
    const size = Math.min(batch, src.rows - start);
    const t =
      targets === null ? null : Int32Array.from({ length: size }, (_, r) => targets[src.example(start + r)]!);
    let leaf: Tensor | null = null;
    const hook = hookLayerOutput(op, layer, (out) => {
      if (out.shape[0] !== size || out.dtype !== "float32") {
        throw new AttributionError(
          "BAD_OUTPUT",
          op,
          `layer ${layer.typeName} output ${formatShape(out.shape)} (${out.dtype}) must be float32 with the batch (${size}) first`,
        );
      }
      const values = src.layerValues
        ? src.layerValues(start, size, out.shape.slice(1))
        : (out.toTypedArray() as Float32Array);
      leaf = new Tensor(values, out.shape).requiresGrad_();
      return leaf;
    });
    const { values, grads, shape } = withHooks([hook.handle], () =>
      enableGrad(() => {
        const selected = selectOutputs(op, model(src.input(start, size)), size, t);
        expectLayerRan(op, layer, hook.calls());
        const a = leaf as unknown as Tensor;
        const g = selected.requiresGrad
          ? (grad(selected.sum(), a, { allowUnused: true })[0] as Tensor)
          : new Tensor(new Float32Array(a.size), a.shape);
        return {
          values: a.toTypedArray() as Float32Array,
          grads: g.toTypedArray() as Float32Array,
          shape: a.shape.slice(1),
        };
      }),
    );
    const l = values.length / size;
    for (let r = 0; r < size; r++) consume(start + r, values, grads, r * l, shape);
  }
}

/** The layer's output for rows [start, start + size) of an input, without gradients. */
export function layerOutputs(
  op: string,
  model: ForwardFn,
  layer: AnyModule,
  rows: number,
  input: (start: number, size: number) => Tensor,
  batch: number,
): { values: Float32Array; shape: number[] } {
  const parts: Float32Array[] = [];
  let shape: number[] = [];
  for (let start = 0; start < rows; start += batch) {
    const size = Math.min(batch, rows - start);
    let captured: Tensor | null = null;
    const hook = hookLayerOutput(op, layer, (out) => {
      captured = out;
      return undefined;
    });
    withHooks([hook.handle], () => {
      noGrad(() => model(input(start, size)));
      expectLayerRan(op, layer, hook.calls());
    });
    const c = captured as unknown as Tensor;
    if (c.shape[0] !== size) {
      throw new AttributionError(
        "BAD_OUTPUT",
        op,
        `layer ${layer.typeName} output ${formatShape(c.shape)} must have the batch (${size}) first`,
      );
    }
    shape = c.shape.slice(1);
    parts.push(c.float().toTypedArray() as Float32Array);
  }
  const total = parts.reduce((s, p) => s + p.length, 0);
  const values = new Float32Array(total);
  let at = 0;
  for (const p of parts) {
    values.set(p, at);
    at += p.length;
  }
  return { values, shape };
}
