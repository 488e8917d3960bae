// Where each output position of a resized axis reads the input, and with what weight: the index and
// weight rules of PyTorch's CPU upsampling kernels (aten/src/ATen/native/UpSample.h, torch 1.13:
// compute_scales_value, area_pixel_compute_scale, area_pixel_compute_source_index, nearest_idx,
// compute_source_index_and_lambda, get_cubic_upsample_coefficients). Pure arithmetic on sizes; the
// tensor work is in interpolate.ts.

export type InterpolateMode = "nearest" | "nearest-exact" | "linear" | "bilinear" | "bicubic" | "trilinear";

/** For one axis: `taps` parallel lists of input indices and weights, each of the output length. */
export interface AxisTaps {
  indices: Int32Array[];
  weights: Float32Array[] | null;
}

/** Bicubic convolution constant A = -0.75, as PyTorch (and OpenCV) use; Keys (1981) analyses A = -0.5. */
const CUBIC_A = -0.75;

/** PyTorch's compute_scales_value: 1/scale when the user's scale factor is passed on, else in/out. */
function scalesValue(scale: number | undefined, inSize: number, outSize: number): number {
  return scale !== undefined && scale > 0 ? 1 / scale : inSize / outSize;
}

function clampIndex(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/**
 * Taps for resizing one axis from `inSize` to `outSize`. `scale` is the user's scale factor when PyTorch
 * would pass it to the kernel (a scaleFactor without recomputeScaleFactor), else undefined.
 */
export function axisTaps(
  mode: InterpolateMode,
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  scale: number | undefined,
): AxisTaps {
  if (mode === "nearest" || mode === "nearest-exact") {
    const idx = new Int32Array(outSize);
    // nearest_idx: PyTorch computes the scale and the product in float32 (floorf(dst * scale))
    const s = Math.fround(scalesValue(scale, inSize, outSize));
    const exact = mode === "nearest-exact";
    for (let o = 0; o < outSize; o++) {
      if (!exact && outSize === inSize) idx[o] = o;
      else if (!exact && outSize === 2 * inSize) idx[o] = o >> 1;
      else idx[o] = Math.min(Math.floor(Math.fround((exact ? o + 0.5 : o) * s)), inSize - 1);
    }
    return { indices: [idx], weights: null };
  }
  // area_pixel_compute_scale
  const ratio = alignCorners
    ? outSize > 1
      ? (inSize - 1) / (outSize - 1)
      : 0
    : scalesValue(scale, inSize, outSize);
  const cubic = mode === "bicubic";
  const source = (o: number): number => {
    if (alignCorners) return ratio * o;
    const src = ratio * (o + 0.5) - 0.5;
    return !cubic && src < 0 ? 0 : src;
  };
  if (!cubic) {
    const i0 = new Int32Array(outSize);
    const i1 = new Int32Array(outSize);
    const w0 = new Float32Array(outSize);
    const w1 = new Float32Array(outSize);
    for (let o = 0; o < outSize; o++) {
      if (outSize === inSize) {
        i0[o] = o;
        i1[o] = o;
        w0[o] = 1;
        continue;
      }
      const real = source(o);
      const lo = Math.trunc(real);
      i0[o] = lo;
      i1[o] = lo < inSize - 1 ? lo + 1 : lo;
      const l1 = Math.min(Math.max(real - lo, 0), 1);
      w1[o] = l1;
      w0[o] = 1 - l1;
    }
    return { indices: [i0, i1], weights: [w0, w1] };
  }
  const indices = [0, 1, 2, 3].map(() => new Int32Array(outSize));
  const weights = [0, 1, 2, 3].map(() => new Float32Array(outSize));
  const A = CUBIC_A;
  // cubic_convolution1 for |x| ≤ 1, cubic_convolution2 for 1 < |x| < 2
  const near = (x: number) => ((A + 2) * x - (A + 3)) * x * x + 1;
  const far = (x: number) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  for (let o = 0; o < outSize; o++) {
    const real = source(o);
    const base = Math.floor(real);
    const t = real - base;
    const w = [far(t + 1), near(t), near(1 - t), far(2 - t)];
    for (let k = 0; k < 4; k++) {
      // upsample_get_value_bounded: reads outside the input clamp to its edge
      indices[k]![o] = clampIndex(base - 1 + k, inSize);
      weights[k]![o] = w[k]!;
    }
  }
  return { indices, weights };
}
