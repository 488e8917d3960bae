// Shared public types: the model as a plain function, targets, baselines, the uniform result shape, and
// the interface every attribution method implements (so NoiseTunnel and the metrics can wrap any of them).
import type { Tensor } from "@paramlens/tensor";

/**
 * The model: any function from a batch [N, ...F] to outputs [N] (one score per example), [N, 1], or
 * [N, C] (pick a column with `target`). A @paramlens/nn Module's forward is one. It must treat examples
 * independently (no batch statistics), as every attribution method assumes.
 */
export type ForwardFn = (input: Tensor) => Tensor;

/**
 * Which output to explain: a class index for every example, one index per example (array or int32 [N]
 * tensor), or undefined when the model returns one value per example.
 */
export type Target = number | readonly number[] | Tensor | undefined;

/**
 * Reference input: a number for every element, or a tensor shaped like the input [N, ...F], like one
 * example [1, ...F], or like the features [...F] (the last two are used for every example).
 */
export type Baselines = number | Tensor;

/** What every `attribute` returns. */
export interface AttributionResult {
  /** Same shape as the input. */
  attributions: Tensor;
  /**
   * Completeness gap per example (per sample for GradientShap): Σ attributions − (f(x) − f(baseline)).
   * Only when `returnConvergenceDelta` was asked for and the method defines it.
   */
  delta?: number[];
}

/** Options every method accepts. */
export interface CommonAttributeOptions {
  target?: Target;
  /**
   * Most rows (scaled, perturbed or noisy copies of examples) sent to the model in one call. Results are
   * identical for every value; it only bounds memory. Default 128.
   */
  internalBatchSize?: number;
}

/** An attribution method: NoiseTunnel and the faithfulness metrics accept any of these. */
export interface Attributor<O extends CommonAttributeOptions = CommonAttributeOptions> {
  attribute(input: Tensor, options?: O): AttributionResult;
}
