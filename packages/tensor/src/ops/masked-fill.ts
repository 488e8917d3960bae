// maskedFill(x, mask, value): x with `value` wherever mask is non-zero, as torch.Tensor.masked_fill. mask
// broadcasts to x's shape (not the other way round) and is a float32 0/1 mask (from eq/lt/…) or int32;
// value is a number or a 0-d tensor (which then gets the summed gradient of the filled positions).
// Composed from `where`; x's gradient is dy with the filled positions zeroed.
import { ShapeError } from "../errors";
import { broadcastShapes, sameShape } from "../shape";
import { Tensor } from "../tensor";
import { requireFloat } from "./elementwise-op";
import { where } from "./where";

export function maskedFill(x: Tensor, mask: Tensor, value: number | Tensor): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError("maskedFill: input must be a Tensor");
  if (!(mask instanceof Tensor)) throw new TypeError("maskedFill: mask must be a Tensor");
  requireFloat("maskedFill", x);
  if (value instanceof Tensor) {
    if (value.ndim !== 0) {
      throw new ShapeError("RANK", "maskedFill", [value.shape], "a tensor value must be 0-d (one number)");
    }
  } else if (typeof value !== "number") {
    throw new TypeError(`maskedFill: value must be a number or a 0-d Tensor, got ${typeof value}`);
  }
  if (!sameShape(broadcastShapes("maskedFill", x.shape, mask.shape), x.shape)) {
    throw new ShapeError(
      "BROADCAST",
      "maskedFill",
      [x.shape, mask.shape],
      "mask must broadcast to the input's shape",
    );
  }
  // d maskedFill(x, m, v) = where(m, 0, dx) + Σ where(m, dv, 0)
  return where(mask, value, x);
}
