// silu (swish): x·σ(x), composed from primitives.
import type { Tensor } from "../tensor";
import { mul } from "./mul";
import { sigmoid } from "./sigmoid";

export function silu(x: Tensor): Tensor {
  return mul(x, sigmoid(x));
}
