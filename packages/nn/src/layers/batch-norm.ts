// BatchNorm1d ([N, C] or [N, C, L]) and BatchNorm2d ([N, C, H, W]) with PyTorch's parameter and buffer
// names (weight, bias, running_mean, running_var, num_batches_tracked), so their state dicts load as-is.
// momentum null means a cumulative average (factor 1/numBatchesTracked). Source: torch/nn/modules/batchnorm.py.
import { formatShape, noGrad, ones, ShapeError, type Tensor, zeros } from "@paramlens/tensor";
import { batchNorm } from "../functional/batch-norm";
import { Module } from "../module";
import { parameter } from "../parameter";
import { positiveInt, positiveNumber } from "./check";

export interface BatchNormOptions {
  /** added to the variance (default 1e-5) */
  eps?: number;
  /** weight of each new batch in the running averages (default 0.1); null for a cumulative average */
  momentum?: number | null;
  /** learn a per-channel scale and shift (default true) */
  affine?: boolean;
  /** keep running statistics for eval (default true); without them eval uses batch statistics too */
  trackRunningStats?: boolean;
}

abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;

  constructor(layer: string, numFeatures: number, options: BatchNormOptions) {
    super();
    this.numFeatures = positiveInt(layer, "numFeatures", numFeatures);
    this.eps = positiveNumber(layer, "eps", options.eps ?? 1e-5);
    const m = options.momentum === undefined ? 0.1 : options.momentum;
    if (m !== null && !(m >= 0 && m <= 1))
      throw new RangeError(`${layer}: momentum must be in [0, 1] or null, got ${m}`);
    this.momentum = m;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    this.registerParameter("weight", this.affine ? parameter(ones([numFeatures])) : null);
    this.registerParameter("bias", this.affine ? parameter(zeros([numFeatures])) : null);
    const track = this.trackRunningStats;
    this.registerBuffer("running_mean", track ? zeros([numFeatures]) : null);
    this.registerBuffer("running_var", track ? ones([numFeatures]) : null);
    this.registerBuffer("num_batches_tracked", track ? zeros([], { dtype: "int32" }) : null);
  }

  get weight(): Tensor | null {
    return this.paramOrNull("weight");
  }
  get bias(): Tensor | null {
    return this.paramOrNull("bias");
  }
  get runningMean(): Tensor | null {
    return this.trackRunningStats ? this.buffer("running_mean") : null;
  }
  get runningVar(): Tensor | null {
    return this.trackRunningStats ? this.buffer("running_var") : null;
  }
  /** int32 scalar: training forwards seen so far */
  get numBatchesTracked(): Tensor | null {
    return this.trackRunningStats ? this.buffer("num_batches_tracked") : null;
  }

  /** Running statistics back to mean 0, variance 1, count 0. */
  resetRunningStats(): void {
    this.runningMean?.copy_(0);
    this.runningVar?.copy_(1);
    this.numBatchesTracked?.copy_(0);
  }

  protected abstract checkInput(x: Tensor): void;

  override forward(x: Tensor): Tensor {
    this.checkInput(x);
    if (x.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        "SHAPE_MISMATCH",
        this.typeName,
        [x.shape],
        `expected ${this.numFeatures} channels in dim 1, got ${x.shape[1]}`,
      );
    }
    const count = this.numBatchesTracked;
    const seen = count ? count.item() + (this.training ? 1 : 0) : 0;
    // momentum null: cumulative moving average, the new batch weighted 1/(batches so far)
    const factor = this.momentum ?? (seen > 0 ? 1 / seen : 0);
    const y = batchNorm(x, {
      runningMean: this.runningMean,
      runningVar: this.runningVar,
      weight: this.weight,
      bias: this.bias,
      training: this.training,
      averageFactor: factor,
      eps: this.eps,
    });
    // counted only after a successful step, so a rejected input leaves the buffers as they were
    if (this.training && count) noGrad(() => count.fill_(seen));
    return y;
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/** Batch normalization over [N, C] or [N, C, L]. */
export class BatchNorm1d extends BatchNormBase {
  static readonly typeName = "BatchNorm1d";
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super("BatchNorm1d", numFeatures, options);
  }
  protected checkInput(x: Tensor): void {
    if (x.ndim !== 2 && x.ndim !== 3) {
      throw new ShapeError(
        "RANK",
        "BatchNorm1d",
        [x.shape],
        `expected 2-d or 3-d input, got ${formatShape(x.shape)}`,
      );
    }
  }
}

/** Batch normalization over [N, C, H, W]. */
export class BatchNorm2d extends BatchNormBase {
  static readonly typeName = "BatchNorm2d";
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super("BatchNorm2d", numFeatures, options);
  }
  protected checkInput(x: Tensor): void {
    if (x.ndim !== 4)
      throw new ShapeError("RANK", "BatchNorm2d", [x.shape], "expected 4-d input [N, C, H, W]");
  }
}
