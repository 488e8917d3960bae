// Raw conv2d kernels on flat NCHW Float32Arrays: forward, and the three backward pieces (input, weight,
// bias). Method: per (batch, group), im2col into one reused column buffer, then a cache-friendly matmul
// whose inner loop runs along contiguous output pixels. No allocation inside the loops; no autograd, no
// Tensor objects (see ops/conv2d.ts), no shape checks beyond the geometry (see conv-geometry.ts).

import type { Conv2dGeometry } from "./conv-geometry";

/** Pixel tile of the row-blocked matmul: 4 float64 accumulator rows of this length stay in L1 cache. */
const TILE = 256;

/**
 * out[r, p] = init[r] + Σ_k A[r, k] · B[k, p] for r < rows, p < P, with A read through strides (so W and
 * Wᵀ need no copy) and B, out row-major. Four output rows share each read of B; pixels go in tiles.
 */
function gemmRows(
  a: Float32Array,
  aOff: number,
  rowStride: number,
  colStride: number,
  rows: number,
  K: number,
  b: Float32Array,
  bOff: number,
  P: number,
  out: Float32Array,
  outOff: number,
  init: Float32Array | null,
  initOff: number,
  acc: Float64Array,
): void {
  for (let p0 = 0; p0 < P; p0 += TILE) {
    const pn = Math.min(TILE, P - p0);
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      for (let q = 0; q < 4; q++)
        acc.fill(init === null ? 0 : init[initOff + r + q]!, q * TILE, q * TILE + pn);
      const a0 = aOff + r * rowStride;
      for (let k = 0; k < K; k++) {
        const ak = a0 + k * colStride;
        const w0 = a[ak]!;
        const w1 = a[ak + rowStride]!;
        const w2 = a[ak + 2 * rowStride]!;
        const w3 = a[ak + 3 * rowStride]!;
        const bk = bOff + k * P + p0;
        for (let p = 0; p < pn; p++) {
          const v = b[bk + p]!;
          acc[p]! += w0 * v;
          acc[TILE + p]! += w1 * v;
          acc[2 * TILE + p]! += w2 * v;
          acc[3 * TILE + p]! += w3 * v;
        }
      }
      for (let q = 0; q < 4; q++) {
        const o = outOff + (r + q) * P + p0;
        for (let p = 0; p < pn; p++) out[o + p] = acc[q * TILE + p]!;
      }
    }
    for (; r < rows; r++) {
      acc.fill(init === null ? 0 : init[initOff + r]!, 0, pn);
      const a0 = aOff + r * rowStride;
      for (let k = 0; k < K; k++) {
        const w0 = a[a0 + k * colStride]!;
        const bk = bOff + k * P + p0;
        for (let p = 0; p < pn; p++) acc[p]! += w0 * b[bk + p]!;
      }
      const o = outOff + r * P + p0;
      for (let p = 0; p < pn; p++) out[o + p] = acc[p]!;
    }
  }
}

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
  const acc = new Float64Array(4 * TILE); // float64 accumulators: less rounding than float32 +=
  for (let b = 0; b < n; b++) {
    const xOff = b * cIn * h * w;
    for (let gi = 0; gi < groups; gi++) {
      im2col(x, xOff, gi * cInG, g, cols);
      // y[b, group rows] = W[group rows, K] · cols[K, P] (+ bias)
      const o0 = gi * cOutG;
      gemmRows(weight, o0 * K, K, 1, cOutG, K, cols, 0, P, y, (b * cOut + o0) * P, bias, o0, acc);
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
  const acc = new Float64Array(4 * TILE);
  for (let b = 0; b < n; b++) {
    const xOff = b * cIn * h * w;
    for (let gi = 0; gi < groups; gi++) {
      // dcols[K, P] = W[group rows, K]ᵀ · dy[group rows, P]: Wᵀ read through swapped strides
      const o0 = gi * cOutG;
      gemmRows(weight, o0 * K, 1, K, K, cOutG, dy, (b * cOut + o0) * P, P, dcols, 0, null, 0, acc);
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
      const dyOff = (b * cOut + gi * cOutG) * P;
      const dwOff = gi * cOutG * K;
      // dW[o, k] += Σ_p dy[o, p] · cols[k, p], two o × four k per pass over p (8 scalar accumulators)
      let o = 0;
      for (; o + 2 <= cOutG; o += 2) {
        const d0 = dyOff + o * P;
        const d1 = d0 + P;
        let k = 0;
        for (; k + 4 <= K; k += 4) {
          const c0 = k * P;
          let s00 = 0,
            s01 = 0,
            s02 = 0,
            s03 = 0,
            s10 = 0,
            s11 = 0,
            s12 = 0,
            s13 = 0;
          for (let p = 0; p < P; p++) {
            const a0 = dy[d0 + p]!;
            const a1 = dy[d1 + p]!;
            const v0 = cols[c0 + p]!;
            const v1 = cols[c0 + P + p]!;
            const v2 = cols[c0 + 2 * P + p]!;
            const v3 = cols[c0 + 3 * P + p]!;
            s00 += a0 * v0;
            s01 += a0 * v1;
            s02 += a0 * v2;
            s03 += a0 * v3;
            s10 += a1 * v0;
            s11 += a1 * v1;
            s12 += a1 * v2;
            s13 += a1 * v3;
          }
          const r0 = dwOff + o * K + k;
          const r1 = r0 + K;
          dw[r0]! += s00;
          dw[r0 + 1]! += s01;
          dw[r0 + 2]! += s02;
          dw[r0 + 3]! += s03;
          dw[r1]! += s10;
          dw[r1 + 1]! += s11;
          dw[r1 + 2]! += s12;
          dw[r1 + 3]! += s13;
        }
        for (; k < K; k++) dotInto(dw, dwOff + o * K + k, K, dy, d0, cols, k * P, P, 2);
      }
      for (; o < cOutG; o++) {
        for (let k = 0; k < K; k++) dotInto(dw, dwOff + o * K + k, K, dy, dyOff + o * P, cols, k * P, P, 1);
      }
    }
  }
  return Float32Array.from(dw);
}

/** dw[at + r·K] += Σ_p dy[d + r·P + p] · cols[c + p] for r < rows (the remainder of the blocked loop). */
function dotInto(
  dw: Float64Array,
  at: number,
  K: number,
  dy: Float32Array,
  d: number,
  cols: Float32Array,
  c: number,
  P: number,
  rows: number,
): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let p = 0; p < P; p++) s += dy[d + r * P + p]! * cols[c + p]!;
    dw[at + r * K]! += s;
  }
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
