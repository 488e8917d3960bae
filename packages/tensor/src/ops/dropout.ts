// dropout: zeroes each element with probability p (seeded global generator) and scales the rest by
// 1/(1-p) so the expectation is unchanged. Identity when training is false or p is 0.
import { defaultGenerator } from "../random";
import { Tensor } from "../tensor";
import { requireFloat } from "./elementwise-op";
import { mul } from "./mul";

export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  requireFloat("dropout", x);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout: p must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  const mask = new Float32Array(x.size);
  const keep = p === 1 ? 0 : 1 / (1 - p);
  for (let i = 0; i < mask.length; i++) mask[i] = defaultGenerator.nextFloat() < p ? 0 : keep;
  // d dropout(x) = mask · dx (mask is a constant)
  return mul(x, new Tensor(mask, x.shape));
}
