// silu (swish): x·σ(x), composed from primitives.
import type { Tensor } from "../tensor";
import { requireFloat } from "./elementwise-op";
import { mul } from "./mul";
import { sigmoid } from "./sigmoid";

export function silu(x: Tensor): Tensor {
  requireFloat("silu", x);
  return mul(x, sigmoid(x));
}
