// Raw conv2d kernels on flat NCHW Float32Arrays: forward, and the three backward pieces (input, weight,
// bias). Method: per (batch, group), im2col into one reused column buffer, then a cache-friendly matmul
// whose inner loop runs along contiguous output pixels. No allocation inside the loops; no autograd, no
// Tensor objects (see ops/conv2d.ts), no shape checks beyond the geometry (see conv-geometry.ts).

import type { Conv2dGeometry } from "./conv-geometry";

/**
 * Unfolds one group of one image into columns.
 * x: the image at `xOff`, [cIn, h, w]; cols: [cInG·kH·kW, outH·outW], rows in (c, ki, kj) order.
 */
export function im2col(
  x: Float32Array,
  xOff: number,
  c0: number,
  g: Conv2dGeometry,
  cols: Float32Array,
): void {
  const { h, w, kH, kW, strideH, strideW, padH, padW, dilH, dilW, outH, outW } = g;
  const cInG = g.cIn / g.groups;
  const P = outH * outW;
  let row = 0;
  for (let c = 0; c < cInG; c++) {
    const plane = xOff + (c0 + c) * h * w;
    for (let ki = 0; ki < kH; ki++) {
      for (let kj = 0; kj < kW; kj++, row += P) {
        for (let oh = 0; oh < outH; oh++) {
          const ih = oh * strideH - padH + ki * dilH;
          const dst = row + oh * outW;
          if (ih < 0 || ih >= h) {
            cols.fill(0, dst, dst + outW);
            continue;
          }
          const src = plane + ih * w;
          for (let ow = 0; ow < outW; ow++) {
            const iw = ow * strideW - padW + kj * dilW;
            cols[dst + ow] = iw >= 0 && iw < w ? x[src + iw]! : 0;
          }
        }
      }
    }
  }
}

/** Inverse of im2col: adds each column entry back into the image position it came from. */
export function col2im(
  cols: Float32Array,
  g: Conv2dGeometry,
  dx: Float32Array,
  xOff: number,
  c0: number,
): void {
  const { h, w, kH, kW, strideH, strideW, padH, padW, dilH, dilW, outH, outW } = g;
  const cInG = g.cIn / g.groups;
  const P = outH * outW;
  let row = 0;
  for (let c = 0; c < cInG; c++) {
    const plane = xOff + (c0 + c) * h * w;
    for (let ki = 0; ki < kH; ki++) {
      for (let kj = 0; kj < kW; kj++, row += P) {
        for (let oh = 0; oh < outH; oh++) {
          const ih = oh * strideH - padH + ki * dilH;
          if (ih < 0 || ih >= h) continue;
          const src = row + oh * outW;
          const dst = plane + ih * w;
          for (let ow = 0; ow < outW; ow++) {
            const iw = ow * strideW - padW + kj * dilW;
            if (iw >= 0 && iw < w) dx[dst + iw]! += cols[src + ow]!;
          }
        }
      }
    }
  }
}

/** y = conv2d(x, weight) + bias. x [n, cIn, h, w], weight [cOut, cIn/groups, kH, kW], bias [cOut] → y [n, cOut, outH, outW]. */
export function conv2dForward(
  x: Float32Array,
  weight: Float32Array,
  bias: Float32Array | null,
  g: Conv2dGeometry,
): Float32Array {
  const { n, cIn, h, w, cOut, groups, outH, outW } = g;
  const cInG = cIn / groups;
  const cOutG = cOut / groups;
  const K = cInG * g.kH * g.kW;
  const P = outH * outW;
  const y = new Float32Array(n * cOut * P);
  const cols = new Float32Array(K * P);
  const acc = new Float64Array(P); // float64 accumulator for one output row: less rounding than float32 +=
  for (let b = 0; b < n; b++) {
    const xOff = b * cIn * h * w;
    for (let gi = 0; gi < groups; gi++) {
      im2col(x, xOff, gi * cInG, g, cols);
      for (let o = 0; o < cOutG; o++) {
        const oc = gi * cOutG + o;
        acc.fill(bias === null ? 0 : bias[oc]!);
        const wRow = oc * K;
        for (let k = 0; k < K; k++) {
          const wv = weight[wRow + k]!;
          if (wv === 0) continue;
          const colRow = k * P;
          for (let p = 0; p < P; p++) acc[p]! += wv * cols[colRow + p]!;
        }
        y.set(acc, (b * cOut + oc) * P);
      }
    }
  }
  return y;
}

/** dx = ∂L/∂x given dy = ∂L/∂y: dcols = Wᵀ · dy per group, then col2im. Returns [n, cIn, h, w]. */
export function conv2dBackwardInput(dy: Float32Array, weight: Float32Array, g: Conv2dGeometry): Float32Array {
  const { n, cIn, h, w, cOut, groups, outH, outW } = g;
  const cInG = cIn / groups;
  const cOutG = cOut / groups;
  const K = cInG * g.kH * g.kW;
  const P = outH * outW;
  const dx = new Float32Array(n * cIn * h * w);
  const dcols = new Float32Array(K * P);
  const acc = new Float64Array(P);
  for (let b = 0; b < n; b++) {
    const xOff = b * cIn * h * w;
    for (let gi = 0; gi < groups; gi++) {
      // dcols[k, p] = Σ_o W[o, k] · dy[o, p]
      for (let k = 0; k < K; k++) {
        acc.fill(0);
        for (let o = 0; o < cOutG; o++) {
          const oc = gi * cOutG + o;
          const wv = weight[oc * K + k]!;
          if (wv === 0) continue;
          const dyRow = (b * cOut + oc) * P;
          for (let p = 0; p < P; p++) acc[p]! += wv * dy[dyRow + p]!;
        }
        dcols.set(acc, k * P);
      }
      col2im(dcols, g, dx, xOff, gi * cInG);
    }
  }
  return dx;
}

/** dW = ∂L/∂W: dW[o, k] = Σ_batch Σ_p dy[o, p] · cols[k, p]. Returns [cOut, cIn/groups, kH, kW]. */
export function conv2dBackwardWeight(dy: Float32Array, x: Float32Array, g: Conv2dGeometry): Float32Array {
  const { n, cIn, h, w, cOut, groups, outH, outW } = g;
  const cInG = cIn / groups;
  const cOutG = cOut / groups;
  const K = cInG * g.kH * g.kW;
  const P = outH * outW;
  const dw = new Float64Array(cOut * K);
  const cols = new Float32Array(K * P);
  for (let b = 0; b < n; b++) {
    const xOff = b * cIn * h * w;
    for (let gi = 0; gi < groups; gi++) {
      im2col(x, xOff, gi * cInG, g, cols);
      for (let o = 0; o < cOutG; o++) {
        const oc = gi * cOutG + o;
        const dyRow = (b * cOut + oc) * P;
        for (let k = 0; k < K; k++) {
          const colRow = k * P;
          let s = 0;
          for (let p = 0; p < P; p++) s += dy[dyRow + p]! * cols[colRow + p]!;
          dw[oc * K + k]! += s;
        }
      }
    }
  }
  return Float32Array.from(dw);
}

/** db = ∂L/∂bias: dy summed over batch and pixels. Returns [cOut]. */
export function conv2dBackwardBias(dy: Float32Array, g: Conv2dGeometry): Float32Array {
  const { n, cOut, outH, outW } = g;
  const P = outH * outW;
  const db = new Float32Array(cOut);
  for (let oc = 0; oc < cOut; oc++) {
    let s = 0;
    for (let b = 0; b < n; b++) {
      const row = (b * cOut + oc) * P;
      for (let p = 0; p < P; p++) s += dy[row + p]!;
    }
    db[oc] = s;
  }
  return db;
}
