// Causal softmax over the last dim of attention scores [..., T, S]: row i sees keys j ≤ i + (S − T) (the
// newest T queries of an S-long sequence), with the scale folded in: y = softmax(scale · x) on the visible
// keys, exactly 0 on the masked ones. One pass instead of mul, add(mask), max, sub, exp, sum and div
// tensors; the backward y ⊙ (g − Σ g ⊙ y)·scale is written with tensor ops, so it stays differentiable.
// With a window W (sliding-window attention, Mistral), query position p also drops keys j ≤ p − W, as
// transformers' _prepare_4d_causal_attention_mask_with_cache_position (sliding_attend_mask).
import { contiguous, mul, record, ShapeError, sub, sum, Tensor } from "@paramlens/tensor";

/** x: [..., T, S] float32 with S ≥ T. Returns y with x's shape. window: keys each query sees (itself included). */
export function causalSoftmax(x: Tensor, scale = 1, window?: number | null): Tensor {
  const nd = x.ndim;
  if (nd < 2 || x.dtype !== "float32") {
    throw new ShapeError(
      "RANK",
      "causalSoftmax",
      [x.shape],
      "scores must be float32 with at least 2 dims [..., T, S]",
    );
  }
  const t = x.shape[nd - 2]!;
  const s = x.shape[nd - 1]!;
  if (s < t) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      "causalSoftmax",
      [x.shape],
      `keys S=${s} must be at least queries T=${t}`,
    );
  }
  const xc = contiguous(x.detach());
  const xd = xc.data as Float32Array;
  const out = new Float32Array(x.size);
  const rows = x.size / s;
  const shift = s - t;
  if (window != null && !(Number.isInteger(window) && window >= 1)) {
    throw new RangeError(`causalSoftmax: window must be a positive integer, got ${window}`);
  }
  const w = window ?? s;
  for (let r = 0; r < rows; r++) {
    const o = r * s;
    const xo = xc.offset + o;
    const visible = (r % t) + shift + 1; // keys first .. visible-1
    const first = Math.max(0, visible - w);
    let m = Number.NEGATIVE_INFINITY;
    for (let j = first; j < visible; j++) m = Math.max(m, xd[xo + j]! * scale);
    let z = 0;
    for (let j = first; j < visible; j++) {
      const e = Math.exp(xd[xo + j]! * scale - m);
      out[o + j] = e;
      z += e;
    }
    const inv = 1 / z;
    for (let j = first; j < visible; j++) out[o + j] = out[o + j]! * inv;
  }
  const y = new Tensor(out, x.shape);
  // d softmax: dx = scale · y ⊙ (g − Σ_j g ⊙ y); masked entries have y = 0, so their gradient is 0
  return record(y, "causalSoftmax", [x], (g, needs) => {
    if (!needs[0]) return [null];
    const gy = mul(g, y);
    const dx = sub(gy, mul(y, sum(gy, -1, true)));
    return [scale === 1 ? dx : mul(dx, scale)];
  });
}
