// Shape arithmetic and argument checks for 2-d convolution and transposed convolution (NCHW). Turns
// user options into one flat geometry record the raw kernels read. It does not touch data.

import { ShapeError } from "../errors";

/** An int or an [h, w] pair, as PyTorch accepts for stride, padding, dilation and kernel size. */
export type IntPair = number | readonly [number, number];

export interface Conv2dOptions {
  stride?: IntPair;
  padding?: IntPair;
  dilation?: IntPair;
  groups?: number;
}

export interface ConvTranspose2dOptions extends Conv2dOptions {
  outputPadding?: IntPair;
}

/**
 * Everything a conv kernel needs, named from the point of view of the *forward convolution*:
 * x [n, cIn, h, w] ⋆ weight [cOut, cIn/groups, kH, kW] → y [n, cOut, outH, outW].
 * A transposed convolution uses the same record with the roles swapped (its input is `y`, its output `x`).
 */
export interface Conv2dGeometry {
  n: number;
  cIn: number;
  h: number;
  w: number;
  cOut: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  dilH: number;
  dilW: number;
  groups: number;
  outH: number;
  outW: number;
}

/** Normalizes an int-or-pair option, checking it is an integer ≥ `min`. */
export function intPair(
  op: string,
  name: string,
  v: IntPair | undefined,
  fallback: number,
  min: number,
): [number, number] {
  const pair: [number, number] =
    v === undefined ? [fallback, fallback] : typeof v === "number" ? [v, v] : [v[0], v[1]];
  if (!Array.isArray(v) && typeof v !== "number" && v !== undefined) {
    throw new TypeError(`${op}: ${name} must be an integer or an [h, w] pair, got ${JSON.stringify(v)}`);
  }
  if (!pair.every((x) => Number.isInteger(x) && x >= min)) {
    throw new RangeError(`${op}: ${name} must be integers ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return pair;
}

function checkRank4(op: string, x: readonly number[], w: readonly number[], weightLayout: string): void {
  if (x.length !== 4)
    throw new ShapeError("RANK", op, [x, w], `input must be 4-d [N, C, H, W], got ${x.length}-d`);
  if (w.length !== 4)
    throw new ShapeError("RANK", op, [x, w], `weight must be 4-d ${weightLayout}, got ${w.length}-d`);
}

/** Output length of one spatial axis of a convolution or pooling window. */
export function convOutSize(size: number, kernel: number, stride: number, pad: number, dil: number): number {
  return Math.floor((size + 2 * pad - dil * (kernel - 1) - 1) / stride) + 1;
}

/** Validates conv2d(x, weight) shapes and options and returns the geometry. */
export function conv2dGeometry(
  xShape: readonly number[],
  wShape: readonly number[],
  opts: Conv2dOptions = {},
  op = "conv2d",
): Conv2dGeometry {
  checkRank4(op, xShape, wShape, "[C_out, C_in/groups, kH, kW]");
  const [n, cIn, h, w] = xShape as [number, number, number, number];
  const [cOut, cInG, kH, kW] = wShape as [number, number, number, number];
  const [strideH, strideW] = intPair(op, "stride", opts.stride, 1, 1);
  const [padH, padW] = intPair(op, "padding", opts.padding, 0, 0);
  const [dilH, dilW] = intPair(op, "dilation", opts.dilation, 1, 1);
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1)
    throw new RangeError(`${op}: groups must be an integer ≥ 1, got ${groups}`);
  const mismatch = (detail: string) => new ShapeError("SHAPE_MISMATCH", op, [xShape, wShape], detail);
  if (cIn % groups !== 0 || cOut % groups !== 0) {
    throw mismatch(`input channels ${cIn} and output channels ${cOut} must both divide by groups ${groups}`);
  }
  if (cInG * groups !== cIn) {
    throw mismatch(
      `weight expects ${cInG} channels per group × ${groups} groups = ${cInG * groups}, input has ${cIn}`,
    );
  }
  if (kH < 1 || kW < 1) throw mismatch(`kernel size ${kH}×${kW} must be at least 1×1`);
  const outH = convOutSize(h, kH, strideH, padH, dilH);
  const outW = convOutSize(w, kW, strideW, padW, dilW);
  if (outH < 1 || outW < 1) {
    throw mismatch(
      `padded input ${h + 2 * padH}×${w + 2 * padW} is smaller than the dilated kernel ${dilH * (kH - 1) + 1}×${dilW * (kW - 1) + 1}`,
    );
  }
  return { n, cIn, h, w, cOut, kH, kW, strideH, strideW, padH, padW, dilH, dilW, groups, outH, outW };
}

/**
 * Validates convTranspose2d(x, weight) with weight [C_in, C_out/groups, kH, kW] (PyTorch layout) and returns
 * the geometry of the *forward* convolution it is the transpose of: that conv maps the transposed output
 * [n, C_out, H_out, W_out] back to x.
 */
export function convTranspose2dGeometry(
  xShape: readonly number[],
  wShape: readonly number[],
  opts: ConvTranspose2dOptions = {},
  op = "convTranspose2d",
): Conv2dGeometry {
  checkRank4(op, xShape, wShape, "[C_in, C_out/groups, kH, kW]");
  const [n, cIn, h, w] = xShape as [number, number, number, number];
  const [wIn, cOutG, kH, kW] = wShape as [number, number, number, number];
  const [strideH, strideW] = intPair(op, "stride", opts.stride, 1, 1);
  const [padH, padW] = intPair(op, "padding", opts.padding, 0, 0);
  const [dilH, dilW] = intPair(op, "dilation", opts.dilation, 1, 1);
  const [opH, opW] = intPair(op, "outputPadding", opts.outputPadding, 0, 0);
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1)
    throw new RangeError(`${op}: groups must be an integer ≥ 1, got ${groups}`);
  const mismatch = (detail: string) => new ShapeError("SHAPE_MISMATCH", op, [xShape, wShape], detail);
  if (wIn !== cIn) throw mismatch(`weight has ${wIn} input channels, input has ${cIn}`);
  if (cIn % groups !== 0) throw mismatch(`input channels ${cIn} must divide by groups ${groups}`);
  if (opH >= Math.max(strideH, dilH) || opW >= Math.max(strideW, dilW)) {
    throw new RangeError(`${op}: outputPadding ${opH}×${opW} must be smaller than stride or dilation`);
  }
  const outH = (h - 1) * strideH - 2 * padH + dilH * (kH - 1) + opH + 1;
  const outW = (w - 1) * strideW - 2 * padW + dilW * (kW - 1) + opW + 1;
  if (outH < 1 || outW < 1 || kH < 1 || kW < 1) {
    throw mismatch(`output size ${outH}×${outW} is not positive (padding too large?)`);
  }
  // The forward conv: input [n, cOutG·groups, outH, outW], weight [cIn, cOutG, kH, kW], output [n, cIn, h, w].
  return {
    n,
    cIn: cOutG * groups,
    h: outH,
    w: outW,
    cOut: cIn,
    kH,
    kW,
    strideH,
    strideW,
    padH,
    padW,
    dilH,
    dilW,
    groups,
    outH: h,
    outW: w,
  };
}
