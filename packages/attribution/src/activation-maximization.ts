// Activation maximisation (Erhan et al. 2009; Olah et al. 2017, "Feature Visualization", Distill): gradient
// ascent on an input to maximise one unit or channel of a layer, with the usual regularisers — random
// jitter (roll the image by up to `jitter` pixels each step), Gaussian blur every `blurEvery` steps, an L2
// penalty and clamping to a valid range. Seeded. The objective is the mean of the chosen channel's map
// (or the unit's value) minus l2·‖x‖².
import type { AnyModule } from "@paramlens/nn";
import { enableGrad, formatShape, Generator, grad, type Tensor, tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { expectLayerRan, hookLayerOutput, type LayerRef, resolveLayer, withHooks } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { nonNegative, positiveInt } from "./prepare";

export interface ActivationMaximizationOptions {
  /** Shape of one input, e.g. [1, 28, 28]. Required. */
  shape?: readonly number[];
  /** Maximise the mean of this channel (index along dim 1 of the layer output). */
  channel?: number;
  /** Or one unit: its index in the layer output, batch dim excluded. */
  unit?: readonly number[];
  /** Ascent steps; default 200. */
  steps?: number;
  /** Step size; default 0.05. */
  lr?: number;
  /** Divide each step by mean |gradient| (default true), so lr is in input units. */
  normalize?: boolean;
  /** L2 penalty weight; default 0. */
  l2?: number;
  /** Largest random shift in pixels along the last two dims per step; default 0. */
  jitter?: number;
  /** Blur the input every this many steps (0 = never, default). */
  blurEvery?: number;
  /** Standard deviation of the blur in pixels; default 0.5. */
  blurSigma?: number;
  /** Clip the input to [lo, hi] after each step. */
  clamp?: readonly [number, number];
  /** Start: a constant, or "noise" (N(0, 0.01²)); default "noise". */
  init?: number | "noise";
  seed?: number;
}

export interface ActivationMaximizationResult {
  /** [1, ...shape] the optimised input */
  input: Tensor;
  /** objective after each step */
  history: number[];
}

const ACTIVATION_MAXIMIZATION_KEYS: OptionKeys<ActivationMaximizationOptions> = {
  shape: true,
  channel: true,
  unit: true,
  steps: true,
  lr: true,
  l2: true,
  normalize: true,
  jitter: true,
  blurEvery: true,
  blurSigma: true,
  clamp: true,
  init: true,
  seed: true,
};

export function activationMaximization(
  model: ModelLike,
  layer: LayerRef,
  options: ActivationMaximizationOptions,
): ActivationMaximizationResult {
  const op = "activationMaximization";
  checkOptions(op, options, ACTIVATION_MAXIMIZATION_KEYS);
  const f = toForwardFn(op, model);
  const mod: AnyModule = resolveLayer(op, model, layer);
  const shape = options.shape;
  if (!shape || shape.length === 0 || shape.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `shape must list one input's positive dims, got ${shape ? formatShape(shape) : "none"}`,
    );
  }
  if ((options.channel === undefined) === (options.unit === undefined)) {
    throw new AttributionError("BAD_OPTION", op, "give exactly one of channel or unit");
  }
  const steps = positiveInt(op, "steps", options.steps, 200);
  const lr = nonNegative(op, "lr", options.lr, 0.05);
  const l2 = nonNegative(op, "l2", options.l2, 0);
  const jitter = nonNegative(op, "jitter", options.jitter, 0);
  const blurEvery = nonNegative(op, "blurEvery", options.blurEvery, 0);
  const sigma = nonNegative(op, "blurSigma", options.blurSigma, 0.5);
  const normalize = options.normalize ?? true;
  const gen = new Generator(options.seed ?? 0);
  const size = shape.reduce((a, b) => a * b, 1);
  const h = shape.length >= 2 ? shape[shape.length - 2]! : 1;
  const w = shape[shape.length - 1]!;
  const init = options.init ?? "noise";
  let x: Float32Array = Float32Array.from({ length: size }, () =>
    init === "noise" ? 0.01 * gen.nextNormal() : init,
  );
  const history: number[] = [];
  for (let step = 0; step < steps; step++) {
    const dy = jitter > 0 ? gen.nextInt(-Math.floor(jitter), Math.floor(jitter) + 1) : 0;
    const dx = jitter > 0 ? gen.nextInt(-Math.floor(jitter), Math.floor(jitter) + 1) : 0;
    const shifted = roll(x, h, w, dy, dx);
    const { value, g } = enableGrad(() => {
      const xt = tensor(shifted, [1, ...shape]).requiresGrad_();
      let objective: Tensor | null = null;
      const hook = hookLayerOutput(op, mod, (out) => {
        objective = pick(op, out, options);
        return undefined;
      });
      withHooks([hook.handle], () => {
        f(xt);
        expectLayerRan(op, mod, hook.calls());
      });
      const obj = objective as unknown as Tensor;
      const total = l2 > 0 ? obj.sub(xt.square().sum().mul(l2)) : obj;
      const [gx] = grad(total, xt, { allowUnused: true }) as [Tensor];
      return { value: total.item(), g: roll(gx.toTypedArray() as Float32Array, h, w, -dy, -dx) };
    });
    history.push(value);
    let scale = lr;
    if (normalize) {
      let m = 0;
      for (const v of g) m += Math.abs(v);
      scale = lr / (m / g.length + 1e-8);
    }
    for (let i = 0; i < size; i++) x[i] = x[i]! + scale * g[i]!;
    if (blurEvery > 0 && sigma > 0 && (step + 1) % blurEvery === 0) x = blur(x, h, w, sigma);
    if (options.clamp) {
      const [lo, hi] = options.clamp;
      for (let i = 0; i < size; i++) x[i] = Math.min(hi, Math.max(lo, x[i]!));
    }
  }
  return { input: tensor(x, [1, ...shape]), history };
}

function pick(op: string, out: Tensor, o: ActivationMaximizationOptions): Tensor {
  if (o.channel !== undefined) {
    if (out.ndim < 2 || !Number.isInteger(o.channel) || o.channel < 0 || o.channel >= out.shape[1]!) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `channel ${o.channel} is not in the layer output ${formatShape(out.shape)}`,
      );
    }
    return out.select(1, o.channel).mean();
  }
  const unit = o.unit!;
  const shape = out.shape.slice(1);
  if (unit.length !== shape.length || unit.some((v, i) => !Number.isInteger(v) || v < 0 || v >= shape[i]!)) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `unit [${unit.join(", ")}] is not an index into the layer output ${formatShape(shape)}`,
    );
  }
  let flat = 0;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i]! + unit[i]!;
  return out.reshape([out.shape[0]!, -1]).select(1, flat).sum();
}

/** Cyclic shift by (dy, dx) over the last two dims of every plane. */
function roll(v: Float32Array, h: number, w: number, dy: number, dx: number): Float32Array {
  if (dy === 0 && dx === 0) return v.slice();
  const out = new Float32Array(v.length);
  const plane = h * w;
  for (let p = 0; p < v.length; p += plane) {
    for (let r = 0; r < h; r++) {
      const rr = (((r + dy) % h) + h) % h;
      for (let c = 0; c < w; c++) out[p + rr * w + ((((c + dx) % w) + w) % w)] = v[p + r * w + c]!;
    }
  }
  return out;
}

/** Separable Gaussian blur (radius ⌈3σ⌉, edges clamped) over the last two dims. */
function blur(v: Float32Array, h: number, w: number, sigma: number): Float32Array {
  const rad = Math.ceil(3 * sigma);
  const k = Array.from({ length: 2 * rad + 1 }, (_, i) => Math.exp(-((i - rad) ** 2) / (2 * sigma * sigma)));
  const ks = k.reduce((a, b) => a + b, 0);
  const kern = k.map((x) => x / ks);
  const plane = h * w;
  const tmp = new Float32Array(v.length);
  const out = new Float32Array(v.length);
  for (let p = 0; p < v.length; p += plane) {
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        let s = 0;
        for (let i = -rad; i <= rad; i++)
          s += kern[i + rad]! * v[p + r * w + Math.min(w - 1, Math.max(0, c + i))]!;
        tmp[p + r * w + c] = s;
      }
    }
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        let s = 0;
        for (let i = -rad; i <= rad; i++)
          s += kern[i + rad]! * tmp[p + Math.min(h - 1, Math.max(0, r + i)) * w + c]!;
        out[p + r * w + c] = s;
      }
    }
  }
  return out;
}
