// Feature permutation importance (Breiman 2001, "Random Forests", §10; as Captum's FeaturePermutation):
// for each feature group, f(x_i) − f(x_i with that group's values taken from another example of the
// batch), the batch order given by a random permutation that is not the identity (a fresh one per group,
// as Captum's _permute_feature). Needs N ≥ 2 examples, and one mask for all of them (groups must be the
// same in every example). With N = 2 the only such permutation is the swap, so the result is exact.
// Seeded by `seed` with our own generator: other draws than Captum's for N > 2.
import { Generator, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { evaluateForward, outputsAt } from "./evaluate";
import { featureGroups } from "./feature-mask";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveTargets } from "./prepare";
import { tensorFrom } from "./result";
import type { AttributionResult, Attributor, CommonAttributeOptions, ForwardFn } from "./types";

export interface FeaturePermutationOptions extends CommonAttributeOptions {
  /** Integer group id per element, the same for every example ([1, ...F] or [...F]); default: each element alone. */
  featureMask?: Tensor;
  /** Seed for the permutations; default 0. */
  seed?: number;
}

const KEYS: OptionKeys<FeaturePermutationOptions> = {
  target: true,
  internalBatchSize: true,
  featureMask: true,
  seed: true,
};

/** A uniformly drawn permutation of 0 … n−1 that is not the identity (n ≥ 2): Fisher–Yates, redrawn. */
export function derangedOrder(gen: Generator, n: number): Int32Array {
  const perm = new Int32Array(n);
  for (;;) {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = gen.nextInt(0, i + 1);
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    if (perm.some((v, i) => v !== i)) return perm;
  }
}

export class FeaturePermutation implements Attributor<FeaturePermutationOptions> {
  private readonly model: ForwardFn;
  constructor(model: ModelLike) {
    this.model = toForwardFn("FeaturePermutation", model);
  }

  attribute(input: Tensor, options: FeaturePermutationOptions = {}): AttributionResult {
    const op = "FeaturePermutation.attribute";
    checkOptions(op, options, KEYS);
    const p = prepareInput(op, input);
    const { n, d, x } = p;
    if (n < 2) {
      throw new AttributionError("BAD_INPUT", op, `permuting features needs at least 2 examples, got ${n}`);
    }
    const targets = resolveTargets(op, options.target, n);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const all = featureGroups(op, options.featureMask, p);
    const groups = all[0]!;
    const same = all.every(
      (gs) =>
        gs.length === groups.length &&
        gs.every((g, k) => g.length === groups[k]!.length && g.every((v, m) => v === groups[k]![m])),
    );
    if (!same) {
      throw new AttributionError(
        "BAD_MASK",
        op,
        "featureMask must give every example the same groups (shape [1, ...F] or [...F])",
      );
    }
    const gen = new Generator(options.seed ?? 0);
    const perms = groups.map(() => derangedOrder(gen, n));
    const fx = outputsAt(op, this.model, p.featShape, x, n, targets, batch);
    const out = new Float32Array(n * d);
    // row r = group ⌊r / N⌋ of example r mod N
    evaluateForward(
      op,
      this.model,
      p.featShape,
      {
        rows: groups.length * n,
        example: (r) => r % n,
        fill: (r, dst, o) => {
          const g = Math.floor(r / n);
          const i = r % n;
          const from = perms[g]![i]!;
          dst.set(x.subarray(i * d, (i + 1) * d), o);
          for (const k of groups[g]!) dst[o + k] = x[from * d + k]!;
        },
      },
      targets,
      batch,
      (r, v) => {
        const g = Math.floor(r / n);
        const i = r % n;
        const diff = fx[i]! - v;
        for (const k of groups[g]!) out[i * d + k] = diff;
      },
    );
    return { attributions: tensorFrom(out, p.shape) };
  }
}
