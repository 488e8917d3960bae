// 2-d max pooling over flat NCHW planes: forward writes the maxima and the argmax of each window as a flat
// index into its H×W plane (PyTorch's return_indices convention; the first maximum wins ties, NaN wins);
// backward scatters dy to those indices. Scalar code: a window is a handful of loads and the argmax needs
// a per-element compare anyway. Deliberately not here: average pooling, ceil mode, dilation.

/** y, idx [planes, outH, outW] ← max over each window of x [planes, h, w]. */
export function maxPool2dForward(
  x: usize,
  y: usize,
  idx: usize,
  planes: i32,
  h: i32,
  w: i32,
  kH: i32,
  kW: i32,
  strideH: i32,
  strideW: i32,
  padH: i32,
  padW: i32,
  outH: i32,
  outW: i32,
): void {
  let o: usize = 0;
  for (let plane = 0; plane < planes; plane++) {
    const xp = x + ((<usize>plane * <usize>h * <usize>w) << 2);
    for (let oh = 0; oh < outH; oh++) {
      const hs = oh * strideH - padH;
      const h0 = max(hs, 0);
      const h1 = min(hs + kH, h);
      for (let ow = 0; ow < outW; ow++, o++) {
        const ws = ow * strideW - padW;
        const w0 = max(ws, 0);
        const w1 = min(ws + kW, w);
        let best: f32 = -Infinity;
        let arg = h0 * w + w0;
        for (let ih = h0; ih < h1; ih++) {
          const row = ih * w;
          let iw = w0;
          for (; iw < w1; iw++) {
            const v = load<f32>(xp + (<usize>(row + iw) << 2));
            if (v > best || v != v) {
              best = v;
              arg = row + iw;
              if (v != v) break;
            }
          }
          if (best != best) break;
        }
        store<f32>(y + (o << 2), best);
        store<i32>(idx + (o << 2), arg);
      }
    }
  }
}

/** dx [planes, h, w] = 0, then dx[plane, idx[plane, p]] += dy[plane, p]. */
export function maxPool2dBackward(dy: usize, idx: usize, dx: usize, planes: i32, hw: i32, outHW: i32): void {
  memory.fill(dx, 0, (<usize>planes * <usize>hw) << 2);
  for (let plane = 0; plane < planes; plane++) {
    const dxp = dx + ((<usize>plane * <usize>hw) << 2);
    const off = (<usize>plane * <usize>outHW) << 2;
    for (let p = 0; p < outHW; p++) {
      const q = off + (<usize>p << 2);
      const a = dxp + (<usize>load<i32>(idx + q) << 2);
      store<f32>(a, load<f32>(a) + load<f32>(dy + q));
    }
  }
}
