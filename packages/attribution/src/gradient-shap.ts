// GradientSHAP / expected gradients (Lundberg & Lee 2017, arXiv:1705.07874; Erion et al. 2021,
// arXiv:1906.10670): for each example, nSamples draws of a baseline x0 from a reference distribution,
// α ~ U[0, 1) and optional Gaussian input noise ε; the attribution is the mean of
// ∂f(x0 + α(x' − x0))/∂x ⊙ (x' − x0) with x' = x + ε. Its expectation is IG averaged over baselines.
// Seeded: the same seed gives the same draws whatever the batch size.
import { formatShape, Generator, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { evaluateGradients, outputsAt } from "./evaluate";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, nonNegative, positiveInt, prepareInput, resolveTargets } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, CommonAttributeOptions, ForwardFn } from "./types";

export interface GradientShapOptions extends CommonAttributeOptions {
  /** Reference distribution [B, ...F] (B ≥ 1 examples to draw baselines from). Required. */
  baselines?: Tensor;
  /** Draws per example; default 5 (as Captum). */
  nSamples?: number;
  /** Standard deviation of Gaussian noise added to the input; default 0. */
  stdevs?: number;
  /** Seed for the draws; default 0. */
  seed?: number;
  /**
   * Multiply by (x − x0) (default true). false returns the averaged gradient / multipliers alone, Captum's
   * `multiply_by_inputs=False` ("global" attribution); a convergence delta then compares their sum, as
   * Captum's does.
   */
  multiplyByInputs?: boolean;
  /** Also return, per draw, Σ attr − (f(x') − f(x0)) (example-major: N × nSamples values). */
  returnConvergenceDelta?: boolean;
}

const GRADIENT_SHAP_KEYS: OptionKeys<GradientShapOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  nSamples: true,
  stdevs: true,
  seed: true,
  returnConvergenceDelta: true,
  multiplyByInputs: true,
};

export class GradientShap implements Attributor<GradientShapOptions> {
  private readonly model: ForwardFn;
  constructor(model: ModelLike) {
    this.model = toForwardFn("GradientShap", model);
  }

  attribute(input: Tensor, options: GradientShapOptions = {}): AttributionResult {
    const op = "GradientShap.attribute";
    checkOptions(op, options, GRADIENT_SHAP_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const nSamples = positiveInt(op, "nSamples", options.nSamples, 5);
    const stdevs = nonNegative(op, "stdevs", options.stdevs, 0);
    const ref = checkDistribution(op, options.baselines, p.featShape);
    const nRef = ref.length / p.d;
    const { n, d, x } = p;
    const rows = n * nSamples;

    // all draws up front, row by row (row = example · nSamples + sample), so chunking cannot change them
    const gen = new Generator(options.seed ?? 0);
    const noisy = new Float32Array(rows * d); // x' per row
    const base = new Float32Array(rows * d); // x0 per row
    const alpha = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const i = Math.floor(r / nSamples);
      const b = gen.nextInt(0, nRef);
      alpha[r] = gen.nextFloat();
      for (let k = 0; k < d; k++) {
        noisy[r * d + k] = stdevs === 0 ? x[i * d + k]! : x[i * d + k]! + stdevs * gen.nextNormal();
        base[r * d + k] = ref[b * d + k]!;
      }
    }
    const perRow = new Float32Array(rows * d); // g ⊙ (x' − x0) per row
    const multiply = options.multiplyByInputs ?? true;
    const src = {
      rows,
      example: (r: number) => Math.floor(r / nSamples),
      fill: (r: number, dst: Float32Array, o: number) => {
        const a = alpha[r]!;
        for (let k = 0; k < d; k++) {
          const b = base[r * d + k]!;
          dst[o + k] = b + a * (noisy[r * d + k]! - b);
        }
      },
    };
    evaluateGradients(op, this.model, p.featShape, src, targets, batch, (r, _v, g, o) => {
      for (let k = 0; k < d; k++)
        perRow[r * d + k] = multiply ? g[o + k]! * (noisy[r * d + k]! - base[r * d + k]!) : g[o + k]!;
    });
    const sum = new Float64Array(n * d);
    for (let r = 0; r < rows; r++) {
      const i = Math.floor(r / nSamples);
      for (let k = 0; k < d; k++) sum[i * d + k]! += perRow[r * d + k]!;
    }
    const attributions = new Float32Array(n * d);
    for (let j = 0; j < n * d; j++) attributions[j] = sum[j]! / nSamples;
    const result: AttributionResult = { attributions: tensorFrom(attributions, p.shape) };
    if (options.returnConvergenceDelta) {
      const rowTargets =
        targets === null
          ? null
          : Int32Array.from({ length: rows }, (_, r) => targets[Math.floor(r / nSamples)]!);
      const fx = outputsAt(op, this.model, p.featShape, noisy, rows, rowTargets, batch);
      const fb = outputsAt(op, this.model, p.featShape, base, rows, rowTargets, batch);
      result.delta = Array.from({ length: rows }, (_, r) => {
        let s = 0;
        for (let k = 0; k < d; k++) s += perRow[r * d + k]!;
        return s - (fx[r]! - fb[r]!);
      });
    }
    return result;
  }
}

export function checkDistribution(
  op: string,
  baselines: Tensor | undefined,
  featShape: readonly number[],
): Float32Array {
  if (baselines === undefined || typeof baselines !== "object") {
    throw new AttributionError(
      "BAD_BASELINE",
      op,
      `baselines is required: a reference distribution [B, ${featShape.join(", ")}]`,
    );
  }
  const s = baselines.shape;
  if (s.length !== featShape.length + 1 || s[0] === 0 || featShape.some((v, i) => s[i + 1] !== v)) {
    throw new AttributionError(
      "BAD_BASELINE",
      op,
      `baselines ${formatShape(s)} must be a distribution [B, ${featShape.join(", ")}] with B ≥ 1`,
    );
  }
  const data = baselines.float().toTypedArray() as Float32Array;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new AttributionError(
        "BAD_BASELINE",
        op,
        `baseline element ${i} is ${data[i]}; it must be finite`,
      );
    }
  }
  return data;
}
