// conv1d(x, weight, bias?, {stride, padding, dilation, groups}): 1-d convolution (cross-correlation, as in
// PyTorch) over [N, C, L] (or unbatched [C, L]) input. It is conv2d on a height-1 view
// ([N, C, 1, L] ⋆ [C_out, C_in/groups, 1, k]), so values and gradients of every order come from conv2d;
// this file only checks 1-d arguments and resolves padding "same"/"valid".
import { ShapeError } from "../errors";
import { conv2dGeometry } from "../kernels/conv-geometry";
import type { Tensor } from "../tensor";
import { conv2dWithBias } from "./conv-grad";
import { checkOperands } from "./conv2d";
import { pad } from "./pad";
import { reshape, squeeze, unsqueeze } from "./reshape";

export interface Conv1dOptions {
  stride?: number;
  /** Zeros added at both ends, or "valid" (= 0) or "same" (output length = input length; stride 1 only). */
  padding?: number | "same" | "valid";
  dilation?: number;
  groups?: number;
}

function intAtLeast(name: string, v: number | undefined, fallback: number, min: number): number {
  const r = v ?? fallback;
  if (typeof r !== "number" || !Number.isInteger(r) || r < min) {
    throw new RangeError(`conv1d: ${name} must be an integer ≥ ${min}, got ${String(v).slice(0, 100)}`);
  }
  return r;
}

/**
 * x [N, C_in, L] ⋆ weight [C_out, C_in/groups, k] (+ bias [C_out]) → [N, C_out, L_out],
 * L_out = ⌊(L + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1. Unbatched [C_in, L] gives [C_out, L_out].
 *
 * @example conv1d(randn([2, 4, 16]), randn([8, 4, 3]), null, { padding: "same" }) // [2, 8, 16]
 */
export function conv1d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv1dOptions = {}): Tensor {
  checkOperands("conv1d", x, weight, bias);
  if (x.ndim === 2) return squeeze(conv1d(unsqueeze(x, 0), weight, bias, options), 0);
  if (x.ndim !== 3) {
    throw new ShapeError(
      "RANK",
      "conv1d",
      [x.shape, weight.shape],
      `input must be [N, C, L] or [C, L], got ${x.ndim}-d`,
    );
  }
  if (weight.ndim !== 3) {
    throw new ShapeError(
      "RANK",
      "conv1d",
      [x.shape, weight.shape],
      `weight must be 3-d [C_out, C_in/groups, k], got ${weight.ndim}-d`,
    );
  }
  const stride = intAtLeast("stride", options.stride, 1, 1);
  const dilation = intAtLeast("dilation", options.dilation, 1, 1);
  const groups = intAtLeast("groups", options.groups, 1, 1);
  const k = weight.shape[2]!;
  let input = x;
  let padding = 0;
  if (options.padding === "same") {
    if (stride !== 1) throw new RangeError(`conv1d: padding "same" needs stride 1, got ${stride}`);
    // total = dilation·(k − 1); an odd total puts the extra zero on the right, as PyTorch does
    const total = dilation * (k - 1);
    const left = Math.floor(total / 2);
    if (total % 2 === 0) padding = left;
    else
      input = pad(x, [
        [0, 0],
        [0, 0],
        [left, total - left],
      ]);
  } else if (options.padding !== "valid") {
    padding = intAtLeast("padding", options.padding, 0, 0);
  }
  const cOut = weight.shape[0]!;
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== cOut)) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      "conv1d",
      [weight.shape, bias.shape],
      `bias must be [${cOut}] (one per output channel)`,
    );
  }
  const x4 = unsqueeze(input, 2); // [N, C_in, 1, L]
  const w4 = unsqueeze(weight, 2); // [C_out, C_in/groups, 1, k]
  const g = conv2dGeometry(
    x4.shape,
    w4.shape,
    { stride: [1, stride], padding: [0, padding], dilation: [1, dilation], groups },
    "conv1d",
  );
  const y = conv2dWithBias(x4, w4, bias ?? null, g); // [N, C_out, 1, L_out]
  return reshape(y, [g.n, g.cOut, g.outW]);
}
