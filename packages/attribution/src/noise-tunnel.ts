// NoiseTunnel: runs any attribution method on nSamples noisy copies x + ε, ε ~ N(0, stdevs²), and
// aggregates: SmoothGrad (mean; Smilkov et al. 2017, arXiv:1706.03825), SmoothGrad² (mean of squares) or
// VarGrad (variance; Adebayo et al. 2018, arXiv:1810.03307). Seeded. With stdevs = 0 SmoothGrad equals
// the wrapped method exactly. As Captum's NoiseTunnel: `returnConvergenceDelta` passes the wrapped
// method's deltas through, one set per noisy copy, example-major (Captum's repeat_interleave order), and
// `drawBaselineFromDistrib` gives every noisy copy its own baseline drawn uniformly from `baselines`
// [B, ...F] (as Captum's _expand_and_update_baselines; our own generator, seeded).
import { formatShape, Generator, indexSelect, Tensor, tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { nonNegative, positiveInt, prepareInput } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, CommonAttributeOptions } from "./types";

export type NoiseTunnelType = "smoothgrad" | "smoothgrad_sq" | "vargrad";

export interface NoiseTunnelOptions {
  /** Aggregation; default "smoothgrad". */
  ntType?: NoiseTunnelType;
  /** Noisy copies per example; default 5. */
  nSamples?: number;
  /** Noise standard deviation (in input units); default 1 (as Captum). */
  stdevs?: number;
  /** Seed for the noise; default 0. */
  seed?: number;
  /** Ask the wrapped method for its convergence deltas and return them per noisy copy. */
  returnConvergenceDelta?: boolean;
  /**
   * Draw each noisy copy's baseline from the wrapped method's `baselines` [B, ...F] (a distribution)
   * instead of passing them as they are; default false.
   */
  drawBaselineFromDistrib?: boolean;
}

/** Options of the wrapped method with the noise-tunnel options added. */
export type NoiseTunnelAttributeOptions<O> = Omit<O, "returnConvergenceDelta"> & NoiseTunnelOptions;

/** Rows of `b` [B, ...F] picked by `rows`: [rows.length, ...F]. */
function pickRows(b: Tensor, rows: Int32Array): Tensor {
  return indexSelect(b, 0, tensor(rows, [rows.length]));
}

export class NoiseTunnel<O extends CommonAttributeOptions>
  implements Attributor<NoiseTunnelAttributeOptions<O>>
{
  constructor(private readonly method: Attributor<O>) {
    if (method === null || typeof method !== "object" || typeof method.attribute !== "function") {
      throw new AttributionError(
        "BAD_OPTION",
        "NoiseTunnel",
        "wrap an attribution method (an object with attribute)",
      );
    }
  }

  attribute(
    input: Tensor,
    options: NoiseTunnelAttributeOptions<O> = {} as NoiseTunnelAttributeOptions<O>,
  ): AttributionResult {
    const op = "NoiseTunnel.attribute";
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw new AttributionError("BAD_OPTION", op, "options must be an object");
    }
    // its own keys are taken out here; the wrapped method rejects any other key it does not know
    const {
      ntType = "smoothgrad",
      nSamples: ns,
      stdevs: sd,
      seed = 0,
      returnConvergenceDelta = false,
      drawBaselineFromDistrib = false,
      ...rest
    } = options;
    if (ntType !== "smoothgrad" && ntType !== "smoothgrad_sq" && ntType !== "vargrad") {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `ntType must be "smoothgrad", "smoothgrad_sq" or "vargrad", got ${String(ntType)}`,
      );
    }
    const nSamples = positiveInt(op, "nSamples", ns, 5);
    const stdevs = nonNegative(op, "stdevs", sd, 1);
    const p = prepareInput(op, input);
    const size = p.x.length;
    const gen = new Generator(seed);
    const baseGen = new Generator(seed + 1); // a separate stream, so drawing baselines leaves the noise as is
    const distrib = (rest as { baselines?: unknown }).baselines;
    if (drawBaselineFromDistrib && !(distrib instanceof Tensor && distrib.ndim === p.shape.length)) {
      throw new AttributionError(
        "BAD_BASELINE",
        op,
        `drawBaselineFromDistrib needs baselines [B, ${p.featShape.join(", ")}] to draw from` +
          (distrib instanceof Tensor ? `, got ${formatShape(distrib.shape)}` : ""),
      );
    }
    const deltas: number[][] = []; // per noisy copy s: the wrapped method's deltas for the whole batch
    const sum = new Float64Array(size);
    const sumSq = new Float64Array(size);
    const noisy = new Float32Array(size);
    for (let s = 0; s < nSamples; s++) {
      for (let i = 0; i < size; i++) noisy[i] = stdevs === 0 ? p.x[i]! : p.x[i]! + stdevs * gen.nextNormal();
      const call: Record<string, unknown> = { ...rest };
      if (returnConvergenceDelta) call.returnConvergenceDelta = true;
      if (drawBaselineFromDistrib) {
        const b = distrib as Tensor;
        const rows = Int32Array.from({ length: p.n }, () => baseGen.nextInt(0, b.shape[0]!));
        call.baselines = pickRows(b, rows);
      }
      const { attributions, delta } = this.method.attribute(
        new Tensor(noisy.slice(), p.shape),
        call as unknown as O,
      );
      if (returnConvergenceDelta) {
        if (delta === undefined || delta.length % p.n !== 0) {
          throw new AttributionError(
            "BAD_OPTION",
            op,
            "returnConvergenceDelta: the wrapped method returned no per-example convergence delta",
          );
        }
        deltas.push(delta);
      }
      const a = attributions.toTypedArray();
      if (a.length !== size) {
        throw new AttributionError(
          "BAD_ATTRIBUTION",
          op,
          `the wrapped method returned ${a.length} values for ${size} inputs`,
        );
      }
      for (let i = 0; i < size; i++) {
        const v = a[i]!;
        sum[i]! += v;
        sumSq[i]! += v * v;
      }
    }
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const mean = sum[i]! / nSamples;
      const meanSq = sumSq[i]! / nSamples;
      out[i] =
        ntType === "smoothgrad"
          ? mean
          : ntType === "smoothgrad_sq"
            ? meanSq
            : Math.max(0, meanSq - mean * mean); // rounding can dip below 0
    }
    const result: AttributionResult = { attributions: tensorFrom(out, p.shape) };
    if (returnConvergenceDelta) {
      // copy s of example i sits at i·nSamples + s (Captum's repeat_interleave order); a method with m
      // deltas per example (GradientShap's per draw) keeps them together
      const m = deltas[0]!.length / p.n;
      const all = new Array<number>(p.n * nSamples * m);
      deltas.forEach((d, s) => {
        for (let i = 0; i < p.n; i++)
          for (let k = 0; k < m; k++) all[(i * nSamples + s) * m + k] = d[i * m + k]!;
      });
      result.delta = all;
    }
    return result;
  }
}
