// Convolution geometry for the wasm conv kernels: the option types, the output-size formula and the
// checked, defaulted form every conv wrapper starts from (one image, CHW layout).
// Deliberately not here: the kernels (wasm-conv.ts) and N-d / layout handling (the Tensor ops).
import { WasmSizeError } from "./errors";
import { count, dim, positive } from "./wasm-checks";

/** One image's convolution geometry, CHW layout. Strides, padding and dilation default to 1, 0, 1. */
export interface Conv2dGeometry {
  channels: number;
  height: number;
  width: number;
  kernelH: number;
  kernelW: number;
  strideH?: number;
  strideW?: number;
  padH?: number;
  padW?: number;
  dilationH?: number;
  dilationW?: number;
}

export interface Conv2dShape extends Conv2dGeometry {
  batch: number;
  outChannels: number;
}

/** Output size of one convolution axis: ⌊(size + 2·pad − dil·(k − 1) − 1) / stride⌋ + 1. */
export function convOutputSize(
  size: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation: number,
): number {
  return Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** A checked Conv2dGeometry with its defaults filled in and the output size. */
export interface Geometry {
  c: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
  outH: number;
  outW: number;
}

export function geometry(op: string, g: Conv2dGeometry): Geometry {
  const r: Geometry = {
    c: dim(op, "channels", g.channels),
    h: dim(op, "height", g.height),
    w: dim(op, "width", g.width),
    kh: positive(op, "kernelH", g.kernelH),
    kw: positive(op, "kernelW", g.kernelW),
    sh: positive(op, "strideH", g.strideH ?? 1),
    sw: positive(op, "strideW", g.strideW ?? 1),
    ph: dim(op, "padH", g.padH ?? 0),
    pw: dim(op, "padW", g.padW ?? 0),
    dh: positive(op, "dilationH", g.dilationH ?? 1),
    dw: positive(op, "dilationW", g.dilationW ?? 1),
    outH: 0,
    outW: 0,
  };
  r.outH = convOutputSize(r.h, r.kh, r.sh, r.ph, r.dh);
  r.outW = convOutputSize(r.w, r.kw, r.sw, r.pw, r.dw);
  if (r.outH < 1 || r.outW < 1) {
    throw new WasmSizeError(
      `${op}: input ${r.h}×${r.w} with padding ${r.ph}×${r.pw} is smaller than the dilated kernel ` +
        `${r.dh * (r.kh - 1) + 1}×${r.dw * (r.kw - 1) + 1} (output would be ${r.outH}×${r.outW})`,
    );
  }
  count(op, "col", r.c, r.kh, r.kw, r.outH, r.outW);
  return r;
}

/** A batched conv's checked geometry and the element counts its kernels index by. */
export interface ConvSizes {
  g: Geometry;
  batch: number;
  cout: number;
  /** C·H·W floats of one input image. */
  imageIn: number;
  /** C·kh·kw: one row of the weight matrix, one column of col. */
  patch: number;
  /** outH·outW. */
  pixels: number;
  /** Cout·outH·outW floats of one output image. */
  imageOut: number;
  /** A 1×1 kernel with stride 1 and no padding reads x as it is: im2col is skipped. */
  direct: boolean;
}

export function convSizes(op: string, shape: Conv2dShape): ConvSizes {
  const g = geometry(op, shape);
  const batch = dim(op, "batch", shape.batch);
  const cout = dim(op, "outChannels", shape.outChannels);
  const imageIn = g.c * g.h * g.w;
  const patch = count(op, "C·kh·kw", g.c, g.kh, g.kw);
  const pixels = g.outH * g.outW;
  const imageOut = count(op, "Cout·outH·outW", cout, pixels);
  const direct = g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.ph === 0 && g.pw === 0;
  return { g, batch, cout, imageIn, patch, pixels, imageOut, direct };
}
