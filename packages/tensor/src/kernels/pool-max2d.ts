// Raw 2-d max pooling on flat NCHW Float32Arrays: forward returns the maxima and, for backward, the argmax
// of each window as a flat index into its H×W input plane (PyTorch's `return_indices` convention). NaN
// wins, as in PyTorch. No autograd here (see ops/pool-max2d.ts).

import type { Pool2dGeometry } from "./pool-geometry";

/** x [n, c, h, w] → y [n, c, outH, outW] and indices (same shape, each in [0, h·w)). */
export function maxPool2dForward(
  x: Float32Array,
  g: Pool2dGeometry,
): { y: Float32Array; indices: Int32Array } {
  const { n, c, h, w, kH, kW, strideH, strideW, padH, padW, outH, outW } = g;
  const y = new Float32Array(n * c * outH * outW);
  const indices = new Int32Array(y.length);
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const xOff = plane * h * w;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = Math.max(oh * strideH - padH, 0);
      const h1 = Math.min(oh * strideH - padH + kH, h);
      for (let ow = 0; ow < outW; ow++, o++) {
        const w0 = Math.max(ow * strideW - padW, 0);
        const w1 = Math.min(ow * strideW - padW + kW, w);
        let best = Number.NEGATIVE_INFINITY;
        let arg = h0 * w + w0;
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) {
            const v = x[xOff + ih * w + iw]!;
            if (v > best || Number.isNaN(v)) {
              best = v;
              arg = ih * w + iw;
              if (Number.isNaN(v)) break;
            }
          }
          if (Number.isNaN(best)) break;
        }
        y[o] = best;
        indices[o] = arg;
      }
    }
  }
  return { y, indices };
}

/** dx [n, c, h, w]: each dy entry is added to the input position its window's maximum came from. */
export function maxPool2dBackward(dy: Float32Array, indices: Int32Array, g: Pool2dGeometry): Float32Array {
  const { n, c, h, w, outH, outW } = g;
  const dx = new Float32Array(n * c * h * w);
  const P = outH * outW;
  for (let plane = 0; plane < n * c; plane++) {
    const xOff = plane * h * w;
    const yOff = plane * P;
    for (let p = 0; p < P; p++) dx[xOff + indices[yOff + p]!]! += dy[yOff + p]!;
  }
  return dx;
}
