// interpolate(x, {size | scaleFactor, mode, alignCorners}): resizes the spatial dims of [N, C, …] input
// as torch.nn.functional.interpolate (modes nearest, nearest-exact, linear, bilinear, bicubic,
// trilinear; no antialias, no "area"). Every mode is separable, so each spatial axis is resized in turn
// as Σ_k w_k ⊙ indexSelect(x, axis, i_k) with the taps PyTorch's kernels use (interpolate-taps.ts):
// one tap for nearest, two for linear, four clamped taps for bicubic. The gradient is indexSelect's
// (dy scattered back with indexAdd), so there is no kernel or backward rule here.
import { ShapeError } from "../errors";
import { Tensor } from "../tensor";
import { add } from "./add";
import { requireFloat } from "./elementwise-op";
import { indexSelect } from "./index-select";
import { type AxisTaps, axisTaps, type InterpolateMode } from "./interpolate-taps";
import { mul } from "./mul";

export type { InterpolateMode };

export interface InterpolateOptions {
  /** Output spatial size: one number for every spatial dim, or one per dim. Give this or scaleFactor. */
  size?: number | readonly number[];
  /** Multiplier of each spatial size (output = ⌊input · scaleFactor⌋). */
  scaleFactor?: number | readonly number[];
  /** Default "nearest", as PyTorch. */
  mode?: InterpolateMode;
  /** Linear/bicubic only: map corner pixel centres onto each other (PyTorch's align_corners). Default false. */
  alignCorners?: boolean;
  /** Compute the taps from the output size instead of the given scaleFactor (PyTorch's flag). */
  recomputeScaleFactor?: boolean;
}

/** Spatial rank each mode accepts (input rank = this + 2); nearest modes take 1 to 3. */
const SPATIAL: Record<InterpolateMode, readonly number[]> = {
  nearest: [1, 2, 3],
  "nearest-exact": [1, 2, 3],
  linear: [1],
  bilinear: [2],
  bicubic: [2],
  trilinear: [3],
};

function perDim(name: string, v: number | readonly number[], n: number, integer: boolean): number[] {
  const list = typeof v === "number" ? new Array<number>(n).fill(v) : [...v];
  if (!Array.isArray(v) && typeof v !== "number") {
    throw new TypeError(`interpolate: ${name} must be a number or an array of numbers`);
  }
  if (list.length !== n) {
    throw new RangeError(
      `interpolate: ${name} needs ${n} value(s) (one per spatial dim), got ${list.length}`,
    );
  }
  for (const s of list) {
    const ok =
      typeof s === "number" && (integer ? Number.isInteger(s) && s >= 1 : Number.isFinite(s) && s > 0);
    if (!ok) {
      throw new RangeError(
        `interpolate: ${name} must be ${integer ? "integers ≥ 1" : "finite numbers > 0"}, got ${String(s).slice(0, 100)}`,
      );
    }
  }
  return list;
}

/** Resizes one axis: Σ_k weight_k (broadcast along the axis) ⊙ x[…, indices_k, …]. */
function resizeAxis(x: Tensor, axis: number, taps: AxisTaps): Tensor {
  const shape = x.shape.map((_, d) => (d === axis ? -1 : 1));
  let out: Tensor | null = null;
  taps.indices.forEach((idx, k) => {
    const picked = indexSelect(x, axis, new Tensor(idx, [idx.length]));
    const w = taps.weights?.[k];
    const term = w
      ? mul(
          picked,
          new Tensor(
            w,
            shape.map((s) => (s === -1 ? w.length : 1)),
          ),
        )
      : picked;
    out = out === null ? term : add(out, term);
  });
  return out!;
}

/**
 * Resizes [N, C, L], [N, C, H, W] or [N, C, D, H, W] input.
 *
 * @example interpolate(randn([1, 3, 8, 8]), { scaleFactor: 2, mode: "bilinear" }) // [1, 3, 16, 16]
 */
export function interpolate(x: Tensor, options: InterpolateOptions): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError("interpolate: input must be a Tensor");
  requireFloat("interpolate", x);
  const mode = options.mode ?? "nearest";
  const ranks = SPATIAL[mode];
  if (ranks === undefined) {
    throw new RangeError(
      `interpolate: unknown mode ${JSON.stringify(String(mode).slice(0, 100))}; use one of ${Object.keys(SPATIAL).join(", ")}`,
    );
  }
  const n = x.ndim - 2;
  if (!ranks.includes(n)) {
    throw new ShapeError(
      "RANK",
      "interpolate",
      [x.shape],
      `mode "${mode}" needs ${ranks.map((r) => r + 2).join(", ")}-d input [N, C, …spatial], got ${x.ndim}-d`,
    );
  }
  const linearish = mode === "linear" || mode === "bilinear" || mode === "bicubic" || mode === "trilinear";
  if (options.alignCorners !== undefined && !linearish) {
    throw new RangeError(`interpolate: alignCorners only applies to linear and bicubic modes, not "${mode}"`);
  }
  if ((options.size === undefined) === (options.scaleFactor === undefined)) {
    throw new RangeError("interpolate: give exactly one of size and scaleFactor");
  }
  const inSizes = x.shape.slice(2);
  let outSizes: number[];
  let scales: (number | undefined)[];
  if (options.size !== undefined) {
    outSizes = perDim("size", options.size, n, true);
    scales = outSizes.map(() => undefined);
  } else {
    const factors = perDim("scaleFactor", options.scaleFactor!, n, false);
    outSizes = factors.map((f, i) => Math.floor(inSizes[i]! * f));
    if (outSizes.some((s) => s < 1)) {
      throw new RangeError(
        `interpolate: scaleFactor ${factors.join(",")} makes an empty output from spatial size ${inSizes.join("×")}`,
      );
    }
    scales = options.recomputeScaleFactor ? factors.map(() => undefined) : factors;
  }
  const align = options.alignCorners ?? false;
  let y = x;
  for (let i = 0; i < n; i++) {
    y = resizeAxis(y, i + 2, axisTaps(mode, inSizes[i]!, outSizes[i]!, align, scales[i]));
  }
  return y;
}
