// Cascading model-parameter randomisation for the sanity check of Adebayo et al. 2018 (arXiv:1810.03292):
// starting from the output layer, re-draw one more layer's parameters at each step and keep the rest, so
// attribution maps of each step can be compared to the trained model's (mapSimilarity). Works on any
// Record<string, Tensor> (a state dict); loading the states into a model is the caller's job. Each
// re-drawn tensor keeps its own mean and standard deviation (Gaussian), so activations keep their scale.
import { Generator, Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { checkOptions, type OptionKeys } from "./options";

export interface RandomizationStep {
  /** Names re-drawn so far, in the order given. */
  randomized: string[];
  /** The full parameter set for this step: re-drawn tensors are new, the others are the originals. */
  params: Record<string, Tensor>;
}

const CASCADING_RANDOMIZATION_KEYS: OptionKeys<{ seed?: number }> = { seed: true };

/**
 * One step per entry of `layers` (top layer first); an entry is one tensor name or the names of one
 * layer (e.g. ["fc.weight", "fc.bias"]). Seeded.
 */
export function cascadingRandomization(
  params: Readonly<Record<string, Tensor>>,
  layers: readonly (string | readonly string[])[],
  options: { seed?: number } = {},
): RandomizationStep[] {
  const op = "cascadingRandomization";
  checkOptions(op, options, CASCADING_RANDOMIZATION_KEYS, "parameters");
  const gen = new Generator(options.seed ?? 0);
  const current: Record<string, Tensor> = { ...params };
  const done: string[] = [];
  const steps: RandomizationStep[] = [];
  for (const layer of layers) {
    for (const name of typeof layer === "string" ? [layer] : layer) {
      const t = params[name];
      if (!(t instanceof Tensor)) {
        throw new AttributionError(
          "BAD_OPTION",
          op,
          `no tensor named "${name}"; known: ${Object.keys(params).slice(0, 20).join(", ")}`,
        );
      }
      if (done.includes(name)) throw new AttributionError("BAD_OPTION", op, `"${name}" is listed twice`);
      current[name] = redraw(t, gen);
      done.push(name);
    }
    steps.push({ randomized: [...done], params: { ...current } });
  }
  return steps;
}

function redraw(t: Tensor, gen: Generator): Tensor {
  const v = t.float().toTypedArray();
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length || 1;
  let variance = 0;
  for (const x of v) variance += (x - mean) ** 2;
  const std = Math.sqrt(variance / (v.length || 1));
  const out = new Float32Array(v.length);
  for (let i = 0; i < out.length; i++) out[i] = mean + std * gen.nextNormal();
  return new Tensor(out, t.shape);
}
