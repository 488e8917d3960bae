// Max-sensitivity (Yeh et al. 2019, arXiv:1901.09392), as Captum's captum.metrics.sensitivity_max:
//   SENS_MAX(Φ, x) = max_{‖δ‖∞ ≤ r} ‖Φ(x + δ) − Φ(x)‖ / ‖Φ(x)‖,
// estimated by the maximum over nPerturbSamples draws of δ uniform in the L∞ ball of radius r (seeded).
// When ‖Φ(x)‖ = 0 the denominator is 1, as in Captum. Lower is better (a more stable explanation).
import { formatShape, Generator, Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { checkOptions, type OptionKeys } from "./options";
import { nonNegative, positiveInt, prepareInput } from "./prepare";

export interface SensitivityOptions {
  /** L∞ radius r of the default perturbation; default 0.02 (as Captum). */
  perturbRadius?: number;
  /** Draws per example; default 10 (as Captum). */
  nPerturbSamples?: number;
  /** Norm of the explanation difference: Frobenius (default, as Captum) or max-abs. */
  norm?: "fro" | "inf";
  /** Returns a perturbed copy of the batch; default x + U(−r, r) per element. */
  perturbFn?: (input: Tensor, radius: number, generator: Generator) => Tensor;
  /** Seed; default 0. */
  seed?: number;
}

const SENSITIVITY_KEYS: OptionKeys<SensitivityOptions> = {
  perturbRadius: true,
  nPerturbSamples: true,
  norm: true,
  perturbFn: true,
  seed: true,
};

/**
 * Max-sensitivity per example. `explain` maps a batch [N, ...F] to attributions of the same shape, e.g.
 * `(x) => ig.attribute(x, { target }).attributions`.
 */
export function sensitivityMax(
  explain: (input: Tensor) => Tensor,
  input: Tensor,
  options: SensitivityOptions = {},
): number[] {
  const op = "sensitivityMax";
  checkOptions(op, options, SENSITIVITY_KEYS);
  if (typeof explain !== "function") {
    throw new AttributionError("BAD_OPTION", op, "explain must be a function (input) => attributions");
  }
  const p = prepareInput(op, input);
  const radius = nonNegative(op, "perturbRadius", options.perturbRadius, 0.02);
  const nSamples = positiveInt(op, "nPerturbSamples", options.nPerturbSamples, 10);
  const norm = options.norm ?? "fro";
  if (norm !== "fro" && norm !== "inf") {
    throw new AttributionError("BAD_OPTION", op, `norm must be "fro" or "inf", got ${String(norm)}`);
  }
  const gen = new Generator(options.seed ?? 0);
  const perturb =
    options.perturbFn ??
    ((x: Tensor, r: number, g: Generator): Tensor => {
      const data = x.toTypedArray() as Float32Array;
      for (let k = 0; k < data.length; k++) data[k] = data[k]! + r * (2 * g.nextFloat() - 1);
      return new Tensor(data, x.shape);
    });
  const explanation = (x: Tensor, what: string): Float32Array => {
    const e = explain(x);
    if (!(e instanceof Tensor) || e.size !== p.x.length || e.shape[0] !== p.n) {
      throw new AttributionError(
        "BAD_ATTRIBUTION",
        op,
        `explain returned ${e instanceof Tensor ? formatShape(e.shape) : typeof e} for ${what} ${formatShape(p.shape)}`,
      );
    }
    return e.float().toTypedArray() as Float32Array;
  };
  const vecNorm = (v: ArrayLike<number>, i: number, ref?: ArrayLike<number>): number => {
    let s = 0;
    for (let k = i * p.d; k < (i + 1) * p.d; k++) {
      const x = ref ? v[k]! - ref[k]! : v[k]!;
      s = norm === "fro" ? s + x * x : Math.max(s, Math.abs(x));
    }
    return norm === "fro" ? Math.sqrt(s) : s;
  };
  const base = explanation(new Tensor(p.x.slice(), p.shape), "input");
  const denom = Array.from({ length: p.n }, (_, i) => vecNorm(base, i) || 1);
  const best = new Array<number>(p.n).fill(0);
  for (let s = 0; s < nSamples; s++) {
    const perturbed = perturb(new Tensor(p.x.slice(), p.shape), radius, gen);
    const e = explanation(perturbed, "perturbed input");
    for (let i = 0; i < p.n; i++) best[i] = Math.max(best[i]!, vecNorm(e, i, base) / denom[i]!);
  }
  return best;
}
