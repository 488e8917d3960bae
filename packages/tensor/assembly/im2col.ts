// im2col / col2im for one image in CHW layout, so a 2-d convolution becomes one GEMM:
//   col[(c·kh + i)·kw + j, oy·outW + ox] = x[c, oy·sh − ph + i·dh, ox·sw − pw + j·dw]   (0 outside)
//   y[cout, outH·outW] = W[cout, C·kh·kw] · col                                      (NCHW per image)
// col2im is its adjoint (scatter-add), used for the input gradient: dx = col2im(Wᵀ · dy).
// conv2dImages runs that forward pass over a batch in one call, conv2dBackwardInputImages and
// conv2dBackwardWeightRows the two gradients (one call per thread each). Deliberately not here: groups, NHWC.
import { binaryCol } from "./elementwise";
import { gemm, gemmStrided } from "./gemm";

// A 1×1 kernel with stride 1 and no padding reads the image itself as its im2col matrix.
@inline
function readsInPlace(kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32): bool {
  return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
}

@inline
function outSize(size: i32, k: i32, stride: i32, pad: i32, dil: i32): i32 {
  return (size + 2 * pad - dil * (k - 1) - 1) / stride + 1;
}

// The range [lo, hi) of output positions o whose input position o·stride − pad + off lies in [0, size);
// both clamped to [0, outN] (with wide padding and dilation a kernel tap can miss every position).
@inline
function validLo(off: i32, pad: i32, stride: i32, outN: i32): i32 {
  const t = pad - off; // need o·stride ≥ t
  return t <= 0 ? 0 : min(outN, (t + stride - 1) / stride);
}
@inline
function validHi(off: i32, pad: i32, stride: i32, size: i32, outN: i32): i32 {
  const t = size + pad - off; // need o·stride < t
  if (t <= 0) return 0;
  return min(outN, (t + stride - 1) / stride);
}

// Short runs (an output row is often 7–56 floats): inline f32x4 loops beat memory.copy/fill, which
// V8 implements as calls out of the generated code.
@inline
function copyRun(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, v128.load(src + o));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(src + o));
  }
}

@inline
function zeroRun(dst: usize, n: i32): void {
  let i = 0;
  const z = f32x4.splat(0);
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), z);
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), 0);
}

/** col [C·kh·kw, outH·outW] from x [C, H, W]. */
export function im2col(
  x: usize,
  channels: i32,
  height: i32,
  width: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  ph: i32,
  pw: i32,
  dh: i32,
  dw: i32,
  col: usize,
): void {
  const outH = outSize(height, kh, sh, ph, dh);
  const outW = outSize(width, kw, sw, pw, dw);
  if (outH <= 0 || outW <= 0) return;
  let dst = col;
  const rowBytes = <usize>outW << 2;
  for (let c = 0; c < channels; c++) {
    const plane = x + (<usize>(c * height * width) << 2);
    for (let i = 0; i < kh; i++) {
      const offY = i * dh;
      const yLo = validLo(offY, ph, sh, outH);
      const yHi = validHi(offY, ph, sh, height, outH);
      for (let j = 0; j < kw; j++) {
        const offX = j * dw;
        const xLo = validLo(offX, pw, sw, outW);
        const xHi = max(xLo, validHi(offX, pw, sw, width, outW));
        for (let oy = 0; oy < outH; oy++) {
          if (oy < yLo || oy >= yHi) {
            zeroRun(dst, outW);
          } else {
            const srcRow = plane + (<usize>((oy * sh - ph + offY) * width) << 2);
            zeroRun(dst, xLo);
            if (sw == 1) {
              // Stride 1: the valid run is contiguous in the input row.
              copyRun(dst + (<usize>xLo << 2), srcRow + (<usize>(xLo - pw + offX) << 2), xHi - xLo);
            } else {
              for (let ox = xLo; ox < xHi; ox++) {
                store<f32>(dst + (<usize>ox << 2), load<f32>(srcRow + (<usize>(ox * sw - pw + offX) << 2)));
              }
            }
            zeroRun(dst + (<usize>xHi << 2), outW - xHi);
          }
          dst += rowBytes;
        }
      }
    }
  }
}

/** x [C, H, W] = col2im(col): every col entry is added to the input pixel it was read from; x is overwritten. */
export function col2im(
  col: usize,
  channels: i32,
  height: i32,
  width: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  ph: i32,
  pw: i32,
  dh: i32,
  dw: i32,
  x: usize,
): void {
  memory.fill(x, 0, <usize>(channels * height * width) << 2);
  const outH = outSize(height, kh, sh, ph, dh);
  const outW = outSize(width, kw, sw, pw, dw);
  if (outH <= 0 || outW <= 0) return;
  let src = col;
  const rowBytes = <usize>outW << 2;
  for (let c = 0; c < channels; c++) {
    const plane = x + (<usize>(c * height * width) << 2);
    for (let i = 0; i < kh; i++) {
      const offY = i * dh;
      const yLo = validLo(offY, ph, sh, outH);
      const yHi = validHi(offY, ph, sh, height, outH);
      for (let j = 0; j < kw; j++) {
        const offX = j * dw;
        const xLo = validLo(offX, pw, sw, outW);
        const xHi = validHi(offX, pw, sw, width, outW);
        for (let oy = yLo; oy < yHi; oy++) {
          const dstRow = plane + (<usize>((oy * sh - ph + offY) * width) << 2);
          const srcRow = src + <usize>oy * rowBytes;
          if (sw == 1) {
            const d = dstRow + (<usize>(xLo - pw + offX) << 2);
            const s = srcRow + (<usize>xLo << 2);
            const len = xHi - xLo;
            let t = 0;
            for (; t + 4 <= len; t += 4) {
              const o = <usize>t << 2;
              v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(s + o)));
            }
            for (; t < len; t++) {
              const o = <usize>t << 2;
              store<f32>(d + o, load<f32>(d + o) + load<f32>(s + o));
            }
          } else {
            for (let ox = xLo; ox < xHi; ox++) {
              const d = dstRow + (<usize>(ox * sw - pw + offX) << 2);
              store<f32>(d, load<f32>(d) + load<f32>(srcRow + (<usize>ox << 2)));
            }
          }
        }
        src += <usize>outH * rowBytes;
      }
    }
  }
}

/**
 * Convolution forward for `batch` images, whole loop in wasm (one call per thread):
 *   y_i [Cout, P] = W [Cout, C·kh·kw] · im2col(x_i) (+ bias[cout]), x_i [C, H, W], P = outH·outW.
 * col: C·kh·kw·P floats of scratch (unused when the kernel is 1×1, stride 1, no padding);
 * work: gemmWorkspaceBytes() bytes; bias = 0 for none.
 */
export function conv2dImages(
  x: usize,
  w: usize,
  bias: usize,
  batch: i32,
  channels: i32,
  height: i32,
  width: i32,
  outChannels: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  ph: i32,
  pw: i32,
  dh: i32,
  dw: i32,
  col: usize,
  y: usize,
  work: usize,
): void {
  const outH = outSize(height, kh, sh, ph, dh);
  const outW = outSize(width, kw, sw, pw, dw);
  if (outH <= 0 || outW <= 0) return;
  const pixels = outH * outW;
  const patch = channels * kh * kw;
  const imageIn = <usize>(channels * height * width) << 2;
  const imageOut = <usize>(outChannels * pixels) << 2;
  const direct = readsInPlace(kh, kw, sh, sw, ph, pw);
  for (let i = 0; i < batch; i++) {
    const xi = x + <usize>i * imageIn;
    const yi = y + <usize>i * imageOut;
    if (!direct) im2col(xi, channels, height, width, kh, kw, sh, sw, ph, pw, dh, dw, col);
    gemm(0, 0, outChannels, pixels, patch, w, direct ? xi : col, yi, 0, work);
    if (bias != 0) binaryCol(0, 0, yi, bias, yi, outChannels, pixels);
  }
}

/**
 * conv2d's input gradient for `batch` images, whole loop in wasm (one call per thread, threads taking
 * disjoint image ranges): dx_i [C, H, W] = col2im(Wᵀ · dy_i), W [Cout, C·kh·kw], dy_i [Cout, P].
 * dcol: C·kh·kw·P floats of scratch (unused for a 1×1 kernel with stride 1 and no padding, where
 * dx_i = Wᵀ · dy_i directly). dx is overwritten.
 */
export function conv2dBackwardInputImages(
  dy: usize,
  w: usize,
  batch: i32,
  channels: i32,
  height: i32,
  width: i32,
  outChannels: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  ph: i32,
  pw: i32,
  dh: i32,
  dw: i32,
  dcol: usize,
  dx: usize,
  work: usize,
): void {
  const outH = outSize(height, kh, sh, ph, dh);
  const outW = outSize(width, kw, sw, pw, dw);
  const imageIn = <usize>(channels * height * width) << 2;
  if (outH <= 0 || outW <= 0) {
    memory.fill(dx, 0, <usize>batch * imageIn);
    return;
  }
  const pixels = outH * outW;
  const patch = channels * kh * kw;
  const imageOut = <usize>(outChannels * pixels) << 2;
  const direct = readsInPlace(kh, kw, sh, sw, ph, pw);
  for (let i = 0; i < batch; i++) {
    const dxi = dx + <usize>i * imageIn;
    gemm(1, 0, patch, pixels, outChannels, w, dy + <usize>i * imageOut, direct ? dxi : dcol, 0, work);
    if (!direct) col2im(dcol, channels, height, width, kh, kw, sh, sw, ph, pw, dh, dw, dxi);
  }
}

/**
 * Rows [rowStart, rowStart + rows) of conv2d's weight gradient over `batch` images (one call per thread,
 * threads taking disjoint row bands, so each element is summed in the same order as by one call):
 *   dw[r, :] = Σ_i dy_i[r, :] · im2col(x_i)ᵀ,   dw [Cout, C·kh·kw] (those rows overwritten).
 * col: C·kh·kw·P floats of scratch (unused for a direct 1×1 kernel).
 */
export function conv2dBackwardWeightRows(
  x: usize,
  dy: usize,
  batch: i32,
  channels: i32,
  height: i32,
  width: i32,
  outChannels: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  ph: i32,
  pw: i32,
  dh: i32,
  dw: i32,
  rowStart: i32,
  rows: i32,
  col: usize,
  dwOut: usize,
  work: usize,
): void {
  const patch = channels * kh * kw;
  const out = dwOut + (<usize>(rowStart * patch) << 2);
  const outH = outSize(height, kh, sh, ph, dh);
  const outW = outSize(width, kw, sw, pw, dw);
  if (outH <= 0 || outW <= 0 || batch == 0) {
    memory.fill(out, 0, <usize>(rows * patch) << 2);
    return;
  }
  const pixels = outH * outW;
  const imageIn = <usize>(channels * height * width) << 2;
  const imageOut = <usize>(outChannels * pixels) << 2;
  const direct = readsInPlace(kh, kw, sh, sw, ph, pw);
  for (let i = 0; i < batch; i++) {
    const xi = x + <usize>i * imageIn;
    if (!direct) im2col(xi, channels, height, width, kh, kw, sh, sw, ph, pw, dh, dw, col);
    const dyi = dy + <usize>i * imageOut + (<usize>(rowStart * pixels) << 2);
    gemmStrided(0, 1, rows, patch, pixels, dyi, pixels, direct ? xi : col, pixels, out, patch, i > 0 ? 1 : 0, work);
  }
}
