// Activation caching and patching through forward hooks, for any nn Module (a GPT included):
//   cacheActivations — the outputs of named layers on one input (one forward, no graph);
//   runWithPatches   — the model's output with named layers' outputs replaced (by a tensor or a function);
//   activationPatching — causal tracing (Meng et al. 2022, arXiv:2202.05262; Vig et al. 2020): run the
//     corrupted input with one layer's output (optionally only one position along dim 1) taken from the
//     clean run, and report a metric of the output, per layer (and position).
// Hooks are removed after every run, also when the model throws.
import type { AnyModule } from "@paramlens/nn";
import { formatShape, noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { hookLayerOutput, resolveLayer, withHooks } from "./layer";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";

/** Outputs of the named layers for `input` (detached), keyed by path. */
export function cacheActivations(
  model: ModelLike,
  layers: readonly string[],
  input: Tensor,
): Record<string, Tensor> {
  const op = "cacheActivations";
  const f = toForwardFn(op, model);
  const cache: Record<string, Tensor> = {};
  const hooks = layers.map((name) =>
    hookLayerOutput(op, resolveLayer(op, model, name), (out) => {
      cache[name] = out.detach();
      return undefined;
    }),
  );
  withHooks(
    hooks.map((h) => h.handle),
    () => noGrad(() => f(input)),
  );
  layers.forEach((name, i) => {
    if (hooks[i]!.calls() === 0)
      throw new AttributionError("BAD_OPTION", op, `layer "${name}" did not run during the forward`);
  });
  return cache;
}

/** A replacement for a layer's output: a tensor of the same shape, or a function of the original output. */
export type Patch = Tensor | ((output: Tensor) => Tensor);

/** The model's output on `input` with the named layers' outputs replaced. No graph is recorded. */
export function runWithPatches(
  model: ModelLike,
  patches: Readonly<Record<string, Patch>>,
  input: Tensor,
): Tensor {
  const op = "runWithPatches";
  const f = toForwardFn(op, model);
  const entries = Object.entries(patches);
  const hooks = entries.map(([name, patch]) => {
    const layer: AnyModule = resolveLayer(op, model, name);
    return hookLayerOutput(op, layer, (out) => {
      const next = typeof patch === "function" ? patch(out) : patch;
      if (next.shape.length !== out.shape.length || next.shape.some((s, i) => s !== out.shape[i])) {
        throw new AttributionError(
          "BAD_OPTION",
          op,
          `patch for "${name}" is ${formatShape(next.shape)} but the layer outputs ${formatShape(out.shape)}`,
        );
      }
      return next;
    });
  });
  const out = withHooks(
    hooks.map((h) => h.handle),
    () => noGrad(() => f(input)),
  );
  entries.forEach(([name], i) => {
    if (hooks[i]!.calls() === 0)
      throw new AttributionError("BAD_OPTION", op, `layer "${name}" did not run during the forward`);
  });
  return out;
}

export interface ActivationPatchingOptions {
  /** Scores the model output, one number per example (e.g. logit difference of two answers). */
  metric: (output: Tensor) => number[];
  /** Patch each position along dim 1 of the layer output separately (tokens of a sequence); default false. */
  perPosition?: boolean;
}

export interface ActivationPatchingResult {
  /** metric on the clean and the corrupted input, per example */
  clean: number[];
  corrupted: number[];
  /** per layer: [1 or positions][examples] metric of the corrupted run with the clean activation patched in */
  patched: Record<string, number[][]>;
}

const ACTIVATION_PATCHING_KEYS: OptionKeys<ActivationPatchingOptions> = { metric: true, perPosition: true };

export function activationPatching(
  model: ModelLike,
  layers: readonly string[],
  clean: Tensor,
  corrupted: Tensor,
  options: ActivationPatchingOptions,
): ActivationPatchingResult {
  const op = "activationPatching";
  checkOptions(op, options, ACTIVATION_PATCHING_KEYS);
  if (clean.shape.length !== corrupted.shape.length || clean.shape.some((s, i) => s !== corrupted.shape[i])) {
    throw new AttributionError(
      "BAD_INPUT",
      op,
      `clean ${formatShape(clean.shape)} and corrupted ${formatShape(corrupted.shape)} must have the same shape`,
    );
  }
  if (typeof options?.metric !== "function")
    throw new AttributionError("BAD_OPTION", op, "metric must be a function (output) => number[]");
  const f = toForwardFn(op, model);
  const score = (out: Tensor) => options.metric(out);
  const cache = cacheActivations(model, layers, clean);
  const patched: Record<string, number[][]> = {};
  for (const name of layers) {
    const act = cache[name]!;
    if (!options.perPosition) {
      patched[name] = [score(runWithPatches(model, { [name]: act }, corrupted))];
      continue;
    }
    if (act.ndim < 2)
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `perPosition needs a layer output [N, T, ...], "${name}" gives ${formatShape(act.shape)}`,
      );
    const positions = act.shape[1]!;
    patched[name] = Array.from({ length: positions }, (_, p) =>
      score(
        runWithPatches(
          model,
          {
            [name]: (out: Tensor) => {
              // out with position p replaced by the clean activation: out·(1 − mask) + clean·mask
              const maskData = new Float32Array(positions);
              maskData[p] = 1;
              const shape = [1, positions, ...new Array(act.ndim - 2).fill(1)];
              const mask = tensor(maskData, shape);
              return out.mul(mask.neg().add(1)).add(act.mul(mask));
            },
          },
          corrupted,
        ),
      ),
    );
  }
  return { clean: score(noGrad(() => f(clean))), corrupted: score(noGrad(() => f(corrupted))), patched };
}
