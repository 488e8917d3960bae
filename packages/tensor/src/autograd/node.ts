// The recorded graph. Every differentiable op calls `record(out, op, inputs, backward)` right after it
// computes `out`; when recording is on and some input requires grad, `out` gets a GradNode holding the
// inputs and the backward closure (which captures whatever the op saved). Nothing is recorded otherwise.
import type { Tensor } from "../tensor";
import { isGradEnabled } from "./grad-mode";
import { versionOf } from "./version";

/**
 * Backward rule: given the gradient of the loss w.r.t. the op's output (same shape as the output), return
 * one gradient per input, each with that input's exact shape, or null. `needs[i]` says whether input i
 * wants a gradient at all, so rules may skip work. Rules are written with Tensor ops, so they are
 * themselves differentiable (used by createGraph / double backward).
 */
export type BackwardFn = (grad: Tensor, needs: readonly boolean[]) => readonly (Tensor | null)[];

export interface GradNode {
  readonly op: string;
  inputs: readonly Tensor[];
  backward: BackwardFn | null;
  /** In-place versions of the inputs' and the output's buffers when the op ran (inputs first). */
  readonly versions: readonly number[];
}

/** Attaches a GradNode to `out` if recording is on and any input requires grad. Returns `out`. */
export function record(out: Tensor, op: string, inputs: readonly Tensor[], backward: BackwardFn): Tensor {
  if (!isGradEnabled()) return out;
  let any = false;
  for (const t of inputs) if (t.requiresGrad) any = true;
  if (!any) return out;
  const versions = inputs.map((t) => versionOf(t.data));
  versions.push(versionOf(out.data));
  out._setNode({ op, inputs, backward, versions });
  return out;
}
