// Model outputs for a batch of any dtype (token ids included), chunked by internalBatchSize, no graph.
import { noGrad, type Tensor } from "@paramlens/tensor";
import { selectOutputs } from "./evaluate";
import type { ForwardFn } from "./types";

export function outputsAtTensor(
  op: string,
  model: ForwardFn,
  input: Tensor,
  targets: Int32Array | null,
  batch: number,
): Float64Array {
  const n = input.shape[0]!;
  const out = new Float64Array(n);
  for (let s = 0; s < n; s += batch) {
    const size = Math.min(batch, n - s);
    const t = targets === null ? null : targets.subarray(s, s + size);
    const v = noGrad(() => selectOutputs(op, model(input.slice(0, s, s + size)), size, t).toTypedArray());
    out.set(v, s);
  }
  return out;
}
