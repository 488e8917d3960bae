// Raw convTranspose2d kernels on flat NCHW Float32Arrays, built from the conv2d kernels: a transposed
// convolution is exactly the input-gradient of the convolution described by `convTranspose2dGeometry`, so
// its forward is conv2dBackwardInput and its backward is conv2dForward / conv2dBackwardWeight with the
// roles of input and output swapped. No autograd here (see ops/conv-transpose2d.ts).

import type { Conv2dGeometry } from "./conv-geometry";
import { conv2dBackwardBias, conv2dBackwardInput, conv2dBackwardWeight, conv2dForward } from "./conv2d";

/**
 * y = convTranspose2d(x, weight) + bias, with `g` from convTranspose2dGeometry.
 * x [n, g.cOut, g.outH, g.outW], weight [g.cOut, g.cIn/groups, kH, kW], bias [g.cIn] → y [n, g.cIn, g.h, g.w].
 */
export function convTranspose2dForward(
  x: Float32Array,
  weight: Float32Array,
  bias: Float32Array | null,
  g: Conv2dGeometry,
): Float32Array {
  const y = conv2dBackwardInput(x, weight, g);
  if (bias !== null) {
    const plane = g.h * g.w;
    for (let b = 0; b < g.n; b++) {
      for (let c = 0; c < g.cIn; c++) {
        const off = (b * g.cIn + c) * plane;
        const v = bias[c]!;
        for (let p = 0; p < plane; p++) y[off + p]! += v;
      }
    }
  }
  return y;
}

/** ∂L/∂x of the transposed conv: the forward conv applied to dy (no bias). */
export function convTranspose2dBackwardInput(
  dy: Float32Array,
  weight: Float32Array,
  g: Conv2dGeometry,
): Float32Array {
  return conv2dForward(dy, weight, null, g);
}

/** ∂L/∂weight: the conv weight-gradient with dy as the conv input and x as the conv output gradient. */
export function convTranspose2dBackwardWeight(
  dy: Float32Array,
  x: Float32Array,
  g: Conv2dGeometry,
): Float32Array {
  return conv2dBackwardWeight(x, dy, g);
}

/** ∂L/∂bias: dy summed over batch and pixels, [g.cIn]. */
export function convTranspose2dBackwardBias(dy: Float32Array, g: Conv2dGeometry): Float32Array {
  // dy has the conv-input layout [n, cIn, h, w]; reuse the bias reduction with that layout as "output".
  return conv2dBackwardBias(dy, { ...g, cOut: g.cIn, outH: g.h, outW: g.w });
}
