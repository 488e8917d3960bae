// Occlusion (Zeiler & Fergus 2014, arXiv:1311.2901): slide a window over each example, replace what it
// covers by the baseline and record f(x) − f(occluded). Each element gets the mean of that difference over
// the windows covering it. Window starts follow Captum: 0, s, 2s, … for ⌈(size − window) / s⌉ + 1
// positions per dim, so a last window that overhangs the edge is clipped to the input.
import { formatShape, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { evaluateForward } from "./evaluate";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveBaselines, resolveTargets } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, Baselines, CommonAttributeOptions, ForwardFn } from "./types";

export interface OcclusionOptions extends CommonAttributeOptions {
  /** Window shape over one example's dims F (e.g. [1, 3, 3] for [C, H, W] images). Required. */
  slidingWindowShapes?: readonly number[];
  /** Step per dim (or one number for all); default 1. */
  strides?: number | readonly number[];
  /** Value occluded elements take; default 0. */
  baselines?: Baselines;
}

/** Start offsets of the windows along one dim (Captum's count: ⌈(size − window)/stride⌉ + 1). */
export function windowStarts(size: number, window: number, stride: number): number[] {
  const count = Math.ceil((size - window) / stride) + 1;
  return Array.from({ length: count }, (_, i) => i * stride);
}

const OCCLUSION_KEYS: OptionKeys<OcclusionOptions> = {
  target: true,
  internalBatchSize: true,
  slidingWindowShapes: true,
  strides: true,
  baselines: true,
};

export class Occlusion implements Attributor<OcclusionOptions> {
  private readonly model: ForwardFn;
  constructor(model: ModelLike) {
    this.model = toForwardFn("Occlusion", model);
  }

  attribute(input: Tensor, options: OcclusionOptions = {}): AttributionResult {
    const op = "Occlusion.attribute";
    checkOptions(op, options, OCCLUSION_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const baselines = resolveBaselines(op, options.baselines, p);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const { window, strides } = checkWindow(op, options, p.featShape);
    const { n, d, x, featShape } = p;
    const rank = featShape.length;

    // every window as its start per dim; element strides of one example
    const perDim = featShape.map((s, j) => windowStarts(s, window[j]!, strides[j]!));
    const starts: number[][] = [[]];
    for (const list of perDim) {
      const next: number[][] = [];
      for (const prefix of starts) for (const s of list) next.push([...prefix, s]);
      starts.splice(0, starts.length, ...next);
    }
    const elemStrides = featShape.map((_, j) => featShape.slice(j + 1).reduce((a, b) => a * b, 1));
    /** flat indices (within one example) covered by window w */
    const covered = (w: number): number[] => {
      const st = starts[w]!;
      let idx = [0];
      for (let j = 0; j < rank; j++) {
        const hi = Math.min(st[j]! + window[j]!, featShape[j]!);
        const next: number[] = [];
        for (const base of idx) for (let c = st[j]!; c < hi; c++) next.push(base + c * elemStrides[j]!);
        idx = next;
      }
      return idx;
    };
    const nWin = starts.length;
    const cover = Array.from({ length: nWin }, (_, w) => covered(w));
    const perExample = nWin + 1; // the input itself, then one row per window
    const f = new Float64Array(n * perExample);
    const src = {
      rows: n * perExample,
      example: (r: number) => Math.floor(r / perExample),
      fill: (r: number, dst: Float32Array, o: number) => {
        const i = Math.floor(r / perExample);
        const w = (r % perExample) - 1;
        dst.set(x.subarray(i * d, (i + 1) * d), o);
        if (w >= 0) for (const k of cover[w]!) dst[o + k] = baselines[i * d + k]!;
      },
    };
    evaluateForward(op, this.model, featShape, src, targets, batch, (r, v) => {
      f[r] = v;
    });
    const sum = new Float64Array(n * d);
    const count = new Float64Array(d);
    for (let w = 0; w < nWin; w++) for (const k of cover[w]!) count[k]! += 1;
    for (let i = 0; i < n; i++) {
      const fx = f[i * perExample]!;
      for (let w = 0; w < nWin; w++) {
        const diff = fx - f[i * perExample + 1 + w]!;
        for (const k of cover[w]!) sum[i * d + k]! += diff;
      }
    }
    const out = new Float32Array(n * d);
    for (let j = 0; j < n * d; j++) out[j] = sum[j]! / count[j % d]!;
    return { attributions: tensorFrom(out, p.shape) };
  }
}

function checkWindow(
  op: string,
  options: OcclusionOptions,
  featShape: readonly number[],
): { window: number[]; strides: number[] } {
  const w = options.slidingWindowShapes;
  if (w === undefined || w.length !== featShape.length) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `slidingWindowShapes must give one size per example dim ${formatShape(featShape)}, got ${w === undefined ? "none" : formatShape(w)}`,
    );
  }
  w.forEach((v, j) => {
    if (!Number.isInteger(v) || v < 1 || v > featShape[j]!) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `slidingWindowShapes[${j}] = ${v} must be an integer in [1, ${featShape[j]}]`,
      );
    }
  });
  const s = options.strides ?? 1;
  const strides = typeof s === "number" ? featShape.map(() => s) : [...s];
  if (strides.length !== featShape.length) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `strides ${formatShape(strides)} must give one step per example dim ${formatShape(featShape)}`,
    );
  }
  strides.forEach((v, j) => {
    if (!Number.isInteger(v) || v < 1) {
      throw new AttributionError("BAD_OPTION", op, `strides[${j}] must be a positive integer, got ${v}`);
    }
  });
  return { window: [...w], strides };
}
