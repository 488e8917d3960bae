// NoiseTunnel: runs any attribution method on nSamples noisy copies x + ε, ε ~ N(0, stdevs²), and
// aggregates: SmoothGrad (mean; Smilkov et al. 2017, arXiv:1706.03825), SmoothGrad² (mean of squares) or
// VarGrad (variance; Adebayo et al. 2018, arXiv:1810.03307). Seeded. With stdevs = 0 SmoothGrad equals
// the wrapped method exactly. Convergence deltas of the wrapped method are not passed through.
import { Generator, Tensor } from "@paramlens/tensor";
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
}

/** Options of the wrapped method with the noise-tunnel options added. */
export type NoiseTunnelAttributeOptions<O> = Omit<O, "returnConvergenceDelta"> & NoiseTunnelOptions;

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
    const { ntType = "smoothgrad", nSamples: ns, stdevs: sd, seed = 0, ...rest } = options;
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
    const sum = new Float64Array(size);
    const sumSq = new Float64Array(size);
    const noisy = new Float32Array(size);
    for (let s = 0; s < nSamples; s++) {
      for (let i = 0; i < size; i++) noisy[i] = stdevs === 0 ? p.x[i]! : p.x[i]! + stdevs * gen.nextNormal();
      const { attributions } = this.method.attribute(
        new Tensor(noisy.slice(), p.shape),
        rest as unknown as O,
      );
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
    return { attributions: tensorFrom(out, p.shape) };
  }
}
