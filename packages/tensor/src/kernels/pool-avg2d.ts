// Raw 2-d average pooling on flat NCHW Float32Arrays, forward and backward. With countIncludePad (the
// PyTorch default) the divisor counts padding cells inside the padded input; without, only real cells.
// No ceil mode, no divisor override. No autograd here (see ops/pool-avg2d.ts).

import type { Pool2dGeometry } from "./pool-geometry";

/** Divisor of one window, following PyTorch's avg_pool2d (floor mode). */
function divisor(g: Pool2dGeometry, oh: number, ow: number, countIncludePad: boolean): number {
  const hs = oh * g.strideH - g.padH;
  const ws = ow * g.strideW - g.padW;
  if (countIncludePad) {
    return (Math.min(hs + g.kH, g.h + g.padH) - hs) * (Math.min(ws + g.kW, g.w + g.padW) - ws);
  }
  return (Math.min(hs + g.kH, g.h) - Math.max(hs, 0)) * (Math.min(ws + g.kW, g.w) - Math.max(ws, 0));
}

/** x [n, c, h, w] → y [n, c, outH, outW]. */
export function avgPool2dForward(x: Float32Array, g: Pool2dGeometry, countIncludePad = true): Float32Array {
  const { n, c, h, w, kH, kW, strideH, strideW, padH, padW, outH, outW } = g;
  const y = new Float32Array(n * c * outH * outW);
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const xOff = plane * h * w;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = Math.max(oh * strideH - padH, 0);
      const h1 = Math.min(oh * strideH - padH + kH, h);
      for (let ow = 0; ow < outW; ow++, o++) {
        const w0 = Math.max(ow * strideW - padW, 0);
        const w1 = Math.min(ow * strideW - padW + kW, w);
        let s = 0;
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) s += x[xOff + ih * w + iw]!;
        y[o] = s / divisor(g, oh, ow, countIncludePad);
      }
    }
  }
  return y;
}

/** dx [n, c, h, w]: each dy entry spread evenly (÷ divisor) over the real cells of its window. */
export function avgPool2dBackward(dy: Float32Array, g: Pool2dGeometry, countIncludePad = true): Float32Array {
  const { n, c, h, w, kH, kW, strideH, strideW, padH, padW, outH, outW } = g;
  const dx = new Float32Array(n * c * h * w);
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const xOff = plane * h * w;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = Math.max(oh * strideH - padH, 0);
      const h1 = Math.min(oh * strideH - padH + kH, h);
      for (let ow = 0; ow < outW; ow++, o++) {
        const w0 = Math.max(ow * strideW - padW, 0);
        const w1 = Math.min(ow * strideW - padW + kW, w);
        const v = dy[o]! / divisor(g, oh, ow, countIncludePad);
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) dx[xOff + ih * w + iw]! += v;
      }
    }
  }
  return dx;
}
