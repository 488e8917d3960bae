// Fan-in and fan-out of a weight tensor, as torch.nn.init._calculate_fan_in_and_fan_out:
// shape [out, in, ...kernel] → fanIn = in·∏kernel, fanOut = out·∏kernel. Needs at least 2 dims.
import { formatShape, type Tensor } from "@paramlens/tensor";

export type FanMode = "fan_in" | "fan_out";

export function calculateFanInAndFanOut(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) {
    throw new RangeError(
      `init: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions, got ${formatShape(t.shape)}`,
    );
  }
  let receptive = 1;
  for (let i = 2; i < t.ndim; i++) receptive *= t.shape[i]!;
  return { fanIn: t.shape[1]! * receptive, fanOut: t.shape[0]! * receptive };
}

export function calculateFan(t: Tensor, mode: FanMode): number {
  if (mode !== "fan_in" && mode !== "fan_out") {
    throw new RangeError(`init: mode must be "fan_in" or "fan_out", got ${JSON.stringify(mode)}`);
  }
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  return mode === "fan_in" ? fanIn : fanOut;
}
