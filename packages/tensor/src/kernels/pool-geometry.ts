// Shape arithmetic and argument checks for 2-d max and average pooling (NCHW, floor mode). It does not
// touch data.

import { ShapeError } from "../errors";
import { convOutSize, type IntPair, intPair } from "./conv-geometry";

export interface Pool2dOptions {
  kernelSize: IntPair;
  /** defaults to kernelSize, as in PyTorch */
  stride?: IntPair;
  padding?: IntPair;
}

export interface Pool2dGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  outH: number;
  outW: number;
}

/** Validates pooling of x [N, C, H, W] and returns the geometry. */
export function pool2dGeometry(xShape: readonly number[], opts: Pool2dOptions, op: string): Pool2dGeometry {
  if (opts === undefined || opts.kernelSize === undefined) {
    throw new TypeError(`${op}: options.kernelSize is required`);
  }
  if (xShape.length !== 4) {
    throw new ShapeError("RANK", op, [xShape], `input must be 4-d [N, C, H, W], got ${xShape.length}-d`);
  }
  const [n, c, h, w] = xShape as [number, number, number, number];
  const [kH, kW] = intPair(op, "kernelSize", opts.kernelSize, 1, 1);
  const [strideH, strideW] = intPair(op, "stride", opts.stride ?? opts.kernelSize, 1, 1);
  const [padH, padW] = intPair(op, "padding", opts.padding, 0, 0);
  // PyTorch: "pad should be at most half of effective kernel size"; beyond that a window can be all padding.
  if (2 * padH > kH || 2 * padW > kW) {
    throw new RangeError(`${op}: padding ${padH}×${padW} must be at most half the kernel size ${kH}×${kW}`);
  }
  const outH = convOutSize(h, kH, strideH, padH, 1);
  const outW = convOutSize(w, kW, strideW, padW, 1);
  if (outH < 1 || outW < 1) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      op,
      [xShape],
      `input padded to ${h + 2 * padH}×${w + 2 * padW} is smaller than the kernel ${kH}×${kW}`,
    );
  }
  return { n, c, h, w, kH, kW, strideH, strideW, padH, padW, outH, outW };
}
