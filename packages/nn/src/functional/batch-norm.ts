// batchNorm: F.batch_norm. Normalizes x [N, C, ...] per channel C; in training with the batch's statistics
// (biased variance) and, when running buffers are given, updates them in place outside autograd with the
// unbiased variance; in eval with the running statistics. Source: Ioffe & Szegedy 2015, torch/nn/functional.py.
import { formatShape, noGrad, ShapeError, type Tensor } from "@paramlens/tensor";

export interface BatchNormOptions {
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** use batch statistics (and update the running ones) */
  training: boolean;
  /** weight of the new batch in the running averages (PyTorch's exponential_average_factor) */
  averageFactor: number;
  eps: number;
}

/** x [N, C, ...] → same shape */
export function batchNorm(x: Tensor, o: BatchNormOptions): Tensor {
  if (x.ndim < 2) throw new ShapeError("RANK", "batchNorm", [x.shape], "input must be [N, C, ...]");
  const c = x.shape[1]!;
  for (const [name, t] of [
    ["runningMean", o.runningMean],
    ["runningVar", o.runningVar],
    ["weight", o.weight],
    ["bias", o.bias],
  ] as const) {
    if (t && (t.ndim !== 1 || t.shape[0] !== c)) {
      throw new ShapeError("SHAPE_MISMATCH", "batchNorm", [x.shape, t.shape], `${name} must be [${c}]`);
    }
  }
  const dims = [0, ...Array.from({ length: x.ndim - 2 }, (_, i) => i + 2)];
  const bshape = x.shape.map((s, i) => (i === 1 ? s : 1)); // [1, C, 1, …]
  let mean: Tensor;
  let variance: Tensor;
  const useBatch = o.training || !o.runningMean || !o.runningVar;
  if (useBatch) {
    const n = x.size / c;
    if (o.training && n <= 1) {
      throw new RangeError(
        `batchNorm: expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`,
      );
    }
    mean = x.mean(dims, true); // [1, C, 1, …]
    const centered = x.sub(mean);
    variance = centered.mul(centered).mean(dims, true); // biased, as PyTorch normalizes with
    if (o.training && o.runningMean && o.runningVar) {
      const f = o.averageFactor;
      const rm = o.runningMean;
      const rv = o.runningVar;
      noGrad(() => {
        rm.copy_(rm.mul(1 - f).add(mean.detach().reshape([c]).mul(f)));
        rv.copy_(
          rv.mul(1 - f).add(
            variance
              .detach()
              .reshape([c])
              .mul((f * n) / (n - 1)),
          ),
        );
      });
    }
  } else {
    mean = o.runningMean!.reshape(bshape);
    variance = o.runningVar!.reshape(bshape);
  }
  let y = x.sub(mean).div(variance.add(o.eps).sqrt());
  if (o.weight) y = y.mul(o.weight.reshape(bshape));
  if (o.bias) y = y.add(o.bias.reshape(bshape));
  return y;
}
