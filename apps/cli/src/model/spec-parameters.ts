// Counts the parameters of an image-model spec from its layer shapes, without building it (building
// allocates the weights), so `paramlens train` can refuse a model too large to train before it starts.
// It does not count gpt-char models: their size is fixed. Shapes follow build-model.ts (nn's builders).
import type { CnnSpec, MlpSpec } from "./model-spec";

/** Largest model `paramlens train` accepts: 80 MB of float32 weights, about 320 MB with Adam's state. */
export const MAX_TRAIN_PARAMETERS = 20_000_000;

/** Weights + biases of Linear(in, out). */
const linear = (inF: number, outF: number) => inF * outF + outF;
/** Weights + biases of Conv2d(in, out, k×k). */
const conv = (inC: number, outC: number, k: number) => outC * inC * k * k + outC;

export function specParameters(spec: MlpSpec | CnnSpec): number {
  if (spec.kind === "mlp") {
    let total = 0;
    for (let i = 0; i + 1 < spec.sizes.length; i++) total += linear(spec.sizes[i]!, spec.sizes[i + 1]!);
    return total;
  }
  const o = spec.options;
  const [c1, c2] = o.channels;
  const side = o.imageSize / 4; // two 2×2 max-pools
  return (
    conv(o.inChannels, c1, 3) +
    conv(c1, c2, 3) +
    linear(c2 * side * side, o.hidden) +
    linear(o.hidden, o.classes)
  );
}
