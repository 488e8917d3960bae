// Explanation infidelity (Yeh et al. 2019, arXiv:1901.09392), as Captum's captum.metrics.infidelity:
//   INFD(Φ, f, x) = E_I[(Iᵀ Φ(x) − (f(x) − f(x − I)))²],
// estimated from nPerturbSamples perturbations. With `normalize`, Φ is first rescaled by the β that
// minimises the error, β = E[IᵀΦ · Δf] / E[(IᵀΦ)²] (Captum's normalize=True). Lower is better.
import { formatShape, Generator, Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { outputsAt } from "./evaluate";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, nonNegative, positiveInt, prepareInput, resolveTargets } from "./prepare";
import type { Target } from "./types";

/** One perturbation of the whole batch: I and the perturbed input (usually x − I), both input-shaped. */
export interface Perturbation {
  perturbations: Tensor;
  perturbed: Tensor;
}

export interface InfidelityOptions {
  target?: Target;
  /** Perturbations per example; default 10 (as Captum). */
  nPerturbSamples?: number;
  /**
   * Makes one perturbation of the batch [N, ...F]; called nPerturbSamples times with a seeded generator.
   * Default: I ~ N(0, noiseStd²) per element, perturbed = x − I (the example in Captum's docs).
   */
  perturbFn?: (input: Tensor, generator: Generator) => Perturbation;
  /** Standard deviation of the default Gaussian perturbation; default 0.003 (Captum's docs example). */
  noiseStd?: number;
  /** Rescale Φ by the error-minimising β first; default false. */
  normalize?: boolean;
  /** Seed of the generator given to perturbFn; default 0. */
  seed?: number;
  internalBatchSize?: number;
}

const INFIDELITY_KEYS: OptionKeys<InfidelityOptions> = {
  target: true,
  internalBatchSize: true,
  nPerturbSamples: true,
  perturbFn: true,
  noiseStd: true,
  normalize: true,
  seed: true,
};

/** Infidelity per example. */
export function infidelity(
  model: ModelLike,
  input: Tensor,
  attributions: Tensor,
  options: InfidelityOptions = {},
): number[] {
  const op = "infidelity";
  checkOptions(op, options, INFIDELITY_KEYS);
  const f = toForwardFn(op, model);
  const p = prepareInput(op, input);
  const sameShape = (t: Tensor) =>
    t.shape.length === p.shape.length && t.shape.every((s, i) => s === p.shape[i]);
  if (!sameShape(attributions)) {
    throw new AttributionError(
      "BAD_ATTRIBUTION",
      op,
      `attributions ${formatShape(attributions.shape)} must have the input's shape ${formatShape(p.shape)}`,
    );
  }
  const attr = attributions.float().toTypedArray();
  const targets = resolveTargets(op, options.target, p.n);
  const batch = internalBatchSize(op, options.internalBatchSize);
  const nSamples = positiveInt(op, "nPerturbSamples", options.nPerturbSamples, 10);
  const std = nonNegative(op, "noiseStd", options.noiseStd, 0.003);
  const gen = new Generator(options.seed ?? 0);
  const perturb =
    options.perturbFn ??
    ((x: Tensor, g: Generator): Perturbation => {
      const noise = new Float32Array(x.size);
      for (let k = 0; k < noise.length; k++) noise[k] = std * g.nextNormal();
      const I = new Tensor(noise, x.shape);
      return { perturbations: I, perturbed: x.sub(I) };
    });
  const fx = outputsAt(op, f, p.featShape, p.x, p.n, targets, batch);
  // per example: Σ a², Σ a·b, Σ b² with a = IᵀΦ, b = f(x) − f(x − I)
  const aa = new Float64Array(p.n);
  const ab = new Float64Array(p.n);
  const bb = new Float64Array(p.n);
  const ee = new Float64Array(p.n); // Σ (a − b)², summed directly to avoid cancellation
  for (let s = 0; s < nSamples; s++) {
    const { perturbations, perturbed } = perturb(new Tensor(p.x.slice(), p.shape), gen);
    if (
      !(perturbations instanceof Tensor) ||
      !(perturbed instanceof Tensor) ||
      !sameShape(perturbations) ||
      !sameShape(perturbed)
    ) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `perturbFn must return { perturbations, perturbed }, both tensors shaped ${formatShape(p.shape)}`,
      );
    }
    const I = perturbations.toTypedArray();
    const fp = outputsAt(
      op,
      f,
      p.featShape,
      perturbed.float().toTypedArray() as Float32Array,
      p.n,
      targets,
      batch,
    );
    for (let i = 0; i < p.n; i++) {
      let a = 0;
      for (let k = 0; k < p.d; k++) a += I[i * p.d + k]! * attr[i * p.d + k]!;
      const b = fx[i]! - fp[i]!;
      aa[i]! += a * a;
      ab[i]! += a * b;
      bb[i]! += b * b;
      ee[i]! += (a - b) * (a - b);
    }
  }
  return Array.from({ length: p.n }, (_, i) => {
    if (!options.normalize) return ee[i]! / nSamples;
    const beta = aa[i] === 0 ? 0 : ab[i]! / aa[i]!;
    return (beta * beta * aa[i]! - 2 * beta * ab[i]! + bb[i]!) / nSamples;
  });
}
