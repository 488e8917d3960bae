// linear(x, weight, bias?, activation?): act(x · weightᵀ + bias) as in torch.nn.functional.linear, with the
// bias add and the activation fused into one pass over the matmul output (the backend's biasActivation
// kernel, in place: no second output buffer). Backward uses the saved output (relu' = [y > 0],
// tanh' = 1 − y², sigmoid' = y(1 − y)) and Tensor ops, so it stays differentiable.
import { noGrad } from "../autograd/grad-mode";
import { record } from "../autograd/node";
import { backend } from "../backend/active";
import type { BiasActivation } from "../backend/backend";
import { ShapeError } from "../errors";
import { Tensor } from "../tensor";
import { gt } from "./compare";
import { contiguous } from "./contiguous";
import { requireFloat } from "./elementwise-op";
import { matmul } from "./matmul";
import { mul } from "./mul";
import { transpose } from "./permute";
import { reshape } from "./reshape";
import { sub } from "./sub";
import { sum } from "./sum";

const ACTIVATIONS: readonly BiasActivation[] = ["identity", "relu", "tanh", "sigmoid"];

/**
 * x [..., in] · weight [out, in]ᵀ + bias [out], then the activation → [..., out].
 * @example linear(x, w, b, "relu") // relu(x @ w.T + b) in one fused epilogue
 */
export function linear(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  activation: BiasActivation = "identity",
): Tensor {
  const op = "linear";
  if (!(x instanceof Tensor) || !(weight instanceof Tensor))
    throw new TypeError(`${op}: x and weight must be Tensors`);
  requireFloat(op, x);
  requireFloat(op, weight);
  if (!ACTIVATIONS.includes(activation))
    throw new RangeError(
      `${op}: activation must be one of ${ACTIVATIONS.join(", ")}, got ${String(activation)}`,
    );
  if (x.ndim < 1 || weight.ndim !== 2 || x.shape[x.ndim - 1] !== weight.shape[1]) {
    throw new ShapeError(
      "INNER_DIM",
      op,
      [x.shape, weight.shape],
      "x must be [..., in] and weight [out, in]",
    );
  }
  const out = weight.shape[0]!;
  if (bias) {
    requireFloat(op, bias);
    if (bias.ndim !== 1 || bias.shape[0] !== out)
      throw new ShapeError("SHAPE_MISMATCH", op, [weight.shape, bias.shape], `bias must be [${out}]`);
  }
  // y = x·Wᵀ computed outside the graph; the fused epilogue then writes act(y + b) over it in place.
  const y = noGrad(() => matmul(x.detach(), transpose(weight.detach(), 0, 1))); // [..., out], fresh buffer
  const rows = y.size / Math.max(out, 1);
  const yd = y.data as Float32Array;
  if (y.size > 0) {
    const bc = bias ? contiguous(bias.detach()) : null;
    const b = bc ? (bc.data as Float32Array).subarray(bc.offset, bc.offset + out) : new Float32Array(out);
    backend().biasActivation(yd, b, rows, out, activation, yd);
  }
  const inputs = bias ? [x, weight, bias] : [x, weight];
  // d act(z) = g ⊙ act'(z) from the output y; then dx = gz·W, dW = gzᵀ·x, db = Σ gz over rows
  return record(y, op, inputs, (g, needs) => {
    // y itself (not detached), so double backward sees tanh'' and sigmoid'' too.
    const yy = y;
    const gz =
      activation === "relu"
        ? mul(g, gt(yy, 0))
        : activation === "tanh"
          ? mul(g, sub(1, mul(yy, yy)))
          : activation === "sigmoid"
            ? mul(g, mul(yy, sub(1, yy)))
            : g;
    const g2 = reshape(gz, [rows, out]);
    return [
      needs[0] ? matmul(gz, weight) : null,
      needs[1] ? matmul(transpose(g2, 0, 1), reshape(x, [rows, x.shape[x.ndim - 1]!])) : null,
      bias && needs[2] ? sum(g2, 0) : null,
    ];
  });
}
