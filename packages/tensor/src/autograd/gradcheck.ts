// gradcheck: compares the autograd gradient with central finite differences. The function runs in
// float32 (as always), but the perturbation is measured and the projected output accumulated in float64:
// x±eps is rounded to float32 and the actual step f32(x+eps) - f32(x-eps) is the denominator.
// To check a vector function with one backward pass it checks the projection Σ v·f(x) for a fixed random v.
import { AutogradError } from "../errors";
import { Generator } from "../random";
import { formatShape } from "../shape";
import { Tensor } from "../tensor";
import { grad } from "./engine";
import { noGrad } from "./grad-mode";

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-3, about sqrt of float32 epsilon times typical magnitudes). */
  eps?: number;
  /** Absolute tolerance (default 1e-3). */
  atol?: number;
  /** Relative tolerance (default 1e-2). */
  rtol?: number;
  /** Seed of the projection vector v (default 0). Does not touch the global generator. */
  seed?: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** Largest |analytic - numeric| over all checked elements. */
  maxAbsError: number;
  /** The element with the largest error relative to its tolerance. */
  worst: { input: number; index: number; analytic: number; numeric: number } | null;
  /** Human-readable summary, useful as an assertion message. */
  message: string;
}

/** Physical offsets of every element of t in row-major logical order. */
function positions(t: Tensor): Float64Array {
  const out = new Float64Array(t.size);
  const idx = new Array<number>(t.ndim).fill(0);
  for (let e = 0; e < t.size; e++) {
    let p = t.offset;
    for (let d = 0; d < t.ndim; d++) p += idx[d]! * t.strides[d]!;
    out[e] = p;
    for (let d = t.ndim - 1; d >= 0; d--) {
      idx[d] = idx[d]! + 1;
      if (idx[d]! < t.shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

function project(out: Tensor, v: Float64Array): number {
  const vals = out.toTypedArray();
  let s = 0;
  for (let i = 0; i < vals.length; i++) s += vals[i]! * v[i]!;
  return s;
}

/**
 * Checks d/dx of `fn(...inputs)` for every float32 input. Inputs may be non-contiguous views, but must not
 * overlap themselves (no expanded dims). Input data is perturbed in place and restored exactly.
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckResult {
  const eps = options.eps ?? 1e-3;
  const atol = options.atol ?? 1e-3;
  const rtol = options.rtol ?? 1e-2;
  if (!(eps > 0)) throw new RangeError(`gradcheck: eps must be positive, got ${eps}`);
  const leaves = inputs.map((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`gradcheck: input ${i} is not a Tensor`);
    if (t.dtype !== "float32") return t;
    t.shape.forEach((s, d) => {
      if (s > 1 && t.strides[d] === 0) {
        throw new RangeError(
          `gradcheck: input ${i} ${formatShape(t.shape)} is an expanded view (stride 0 at dim ${d}); pass contiguous() of it`,
        );
      }
    });
    return new Tensor(t.data, t.shape, { strides: t.strides, offset: t.offset, requiresGrad: true });
  });
  const diff = leaves.filter((t) => t.requiresGrad);
  if (diff.length === 0) throw new TypeError("gradcheck: no float32 input to differentiate");
  const out = fn(...leaves);
  if (!(out instanceof Tensor) || out.dtype !== "float32")
    throw new TypeError("gradcheck: fn must return a float32 Tensor");
  if (!out.requiresGrad)
    throw new AutogradError("NO_GRAD_FN", "gradcheck", "fn's output does not depend on any input");
  const gen = new Generator(options.seed ?? 0);
  const v = new Float64Array(out.size);
  const vf = new Float32Array(out.size);
  for (let i = 0; i < v.length; i++) {
    vf[i] = gen.nextNormal();
    v[i] = vf[i]!;
  }
  const analytic = grad([out], diff, { gradOutputs: [new Tensor(vf, out.shape)], allowUnused: true });
  let maxAbsError = 0;
  let worstRatio = -1;
  let worst: GradcheckResult["worst"] = null;
  noGrad(() => {
    diff.forEach((leaf, k) => {
      const inputIndex = leaves.indexOf(leaf);
      const a = analytic[k]!.toTypedArray();
      const data = leaf.data as Float32Array;
      const pos = positions(leaf);
      for (let e = 0; e < pos.length; e++) {
        const p = pos[e]!;
        const orig = data[p]!;
        const xp = Math.fround(orig + eps);
        const xm = Math.fround(orig - eps);
        data[p] = xp;
        const fp = project(fn(...leaves), v);
        data[p] = xm;
        const fm = project(fn(...leaves), v);
        data[p] = orig;
        const numeric = (fp - fm) / (xp - xm);
        const an = a[e]!;
        const err = Math.abs(an - numeric);
        const ratio = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err / (atol + rtol * Math.abs(numeric));
        if (err > maxAbsError || Number.isNaN(err)) maxAbsError = Number.isNaN(err) ? Number.NaN : err;
        if (ratio > worstRatio) {
          worstRatio = ratio;
          worst = { input: inputIndex, index: e, analytic: an, numeric };
        }
      }
    });
  });
  const ok = worstRatio <= 1;
  const w = worst as GradcheckResult["worst"];
  const message = w
    ? `gradcheck ${ok ? "passed" : "FAILED"}: worst at input ${w.input} flat index ${w.index}: analytic ${w.analytic}, numeric ${w.numeric} (max abs error ${maxAbsError}, atol ${atol}, rtol ${rtol})`
    : "gradcheck: no elements to check";
  return { ok, maxAbsError, worst, message };
}
