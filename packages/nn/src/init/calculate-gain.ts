// calculateGain: the recommended gain for a nonlinearity, as torch.nn.init.calculate_gain.
// Source: PyTorch torch/nn/init.py (calculate_gain table; SELU's 3/4 from PyTorch PR #50664).

export type Nonlinearity =
  | "linear"
  | "conv1d"
  | "conv2d"
  | "conv3d"
  | "conv_transpose1d"
  | "conv_transpose2d"
  | "conv_transpose3d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leaky_relu"
  | "selu";

const UNIT = new Set([
  "linear",
  "conv1d",
  "conv2d",
  "conv3d",
  "conv_transpose1d",
  "conv_transpose2d",
  "conv_transpose3d",
  "sigmoid",
]);

/** `param` is leaky_relu's negative slope (default 0.01). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (UNIT.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu": {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope))
        throw new RangeError(`calculateGain: negative slope must be a finite number, got ${slope}`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case "selu":
      return 3 / 4;
    default:
      throw new RangeError(`calculateGain: unsupported nonlinearity ${JSON.stringify(nonlinearity)}`);
  }
}
