// DeepLiftShap (as Captum's DeepLiftShap; Lundberg & Lee 2017, arXiv:1705.07874): DeepLIFT against every
// baseline of a reference distribution [B, ...F], averaged. Each example is paired with all B baselines
// (N·B rows, chunked by internalBatchSize); the delta is reported per pair, example-major.
import { formatShape, type Tensor, tensor } from "@paramlens/tensor";
import { DeepLift } from "./deep-lift";
import { AttributionError } from "./errors";
import type { ModelLike } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { prepareInput, resolveTargets } from "./prepare";
import type { AttributionResult, Attributor, CommonAttributeOptions } from "./types";

export interface DeepLiftShapOptions extends CommonAttributeOptions {
  /** Reference distribution [B, ...F], B ≥ 1. Required. */
  baselines?: Tensor;
  /**
   * Multiply by (x − x0) (default true). false returns the averaged gradient / multipliers alone, Captum's
   * `multiply_by_inputs=False` ("global" attribution); a convergence delta then compares their sum, as
   * Captum's does.
   */
  multiplyByInputs?: boolean;
  /** Also return Σ attr − (f(x) − f(x0_b)) for every (example, baseline) pair. */
  returnConvergenceDelta?: boolean;
}

const DEEP_LIFT_SHAP_KEYS: OptionKeys<DeepLiftShapOptions> = {
  target: true,
  internalBatchSize: true,
  baselines: true,
  returnConvergenceDelta: true,
  multiplyByInputs: true,
};

export class DeepLiftShap implements Attributor<DeepLiftShapOptions> {
  private readonly deepLift: DeepLift;
  constructor(model: ModelLike) {
    this.deepLift = new DeepLift(model);
  }

  attribute(input: Tensor, options: DeepLiftShapOptions = {}): AttributionResult {
    const op = "DeepLiftShap.attribute";
    checkOptions(op, options, DEEP_LIFT_SHAP_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const ref = options.baselines;
    if (
      ref === undefined ||
      ref.shape.length !== p.featShape.length + 1 ||
      ref.shape[0] === 0 ||
      p.featShape.some((s, i) => ref.shape[i + 1] !== s)
    ) {
      throw new AttributionError(
        "BAD_BASELINE",
        op,
        `baselines must be a distribution [B, ${p.featShape.join(", ")}] with B ≥ 1, got ${ref ? formatShape(ref.shape) : "none"}`,
      );
    }
    const b = ref.shape[0]!;
    const refData = ref.float().toTypedArray() as Float32Array;
    const xs = new Float32Array(p.n * b * p.d);
    const bs = new Float32Array(p.n * b * p.d);
    for (let i = 0; i < p.n; i++) {
      for (let k = 0; k < b; k++) {
        xs.set(p.x.subarray(i * p.d, (i + 1) * p.d), (i * b + k) * p.d);
        bs.set(refData.subarray(k * p.d, (k + 1) * p.d), (i * b + k) * p.d);
      }
    }
    const rowTargets =
      targets === null ? undefined : Array.from({ length: p.n * b }, (_, r) => targets[Math.floor(r / b)]!);
    const r = this.deepLift.attribute(tensor(xs, [p.n * b, ...p.featShape]), {
      target: rowTargets,
      baselines: tensor(bs, [p.n * b, ...p.featShape]),
      internalBatchSize: options.internalBatchSize,
      returnConvergenceDelta: options.returnConvergenceDelta,
      multiplyByInputs: options.multiplyByInputs,
    });
    const a = r.attributions.toTypedArray();
    const out = new Float32Array(p.n * p.d);
    for (let i = 0; i < p.n; i++) {
      for (let j = 0; j < p.d; j++) {
        let s = 0;
        for (let k = 0; k < b; k++) s += a[(i * b + k) * p.d + j]!;
        out[i * p.d + j] = s / b;
      }
    }
    const result: AttributionResult = { attributions: tensor(out, p.shape) };
    if (r.delta) result.delta = r.delta;
    return result;
  }
}
