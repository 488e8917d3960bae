// The hook-point interface the transformer modules call into (models/hook-points.ts installs one): a module
// whose `hookSink` is null does nothing extra (one null check per point); with a sink, each named point
// hands its tensor to `run` and continues with what comes back. `wants(name)` lets a module skip building a
// view nobody reads (and gates opt-in points such as attn.hook_result, which changes how the output is computed).
import type { Tensor } from "@paramlens/tensor";

export interface HookSink {
  /** Whether anything listens at this point (name relative to the module, e.g. "hook_q"). */
  wants(name: string): boolean;
  /** The point's tensor in, the tensor to continue with out (the same one to only read it). */
  run(name: string, t: Tensor): Tensor;
}
