// Named hook points of a GPT (and so of every model nn loads into one), in TransformerLens' vocabulary so
// notebooks port: hook_embed, hook_pos_embed, blocks.{i}.hook_resid_pre | hook_attn_out | hook_resid_mid |
// hook_mlp_out | hook_resid_post, blocks.{i}.attn.hook_q | hook_k | hook_v | hook_attn_scores | hook_pattern |
// hook_z | hook_result (opt-in), blocks.{i}.mlp.hook_pre | hook_post, ln_final.hook_scale (read-only).
// Shapes and conventions are documented where each point sits (gpt.ts, block.ts, attention.ts, mlp.ts).
// `withHookPoints(gpt, fn, body)` installs one function for the duration of body: it sees (name, tensor)
// at every point `wants` accepts, and returns the tensor to continue with. Without it every point is a null
// check. MoE blocks have no mlp.hook_pre/post (their experts run on routed rows); blocks.{i}.hook_mlp_out is there.
import type { Tensor } from "@paramlens/tensor";
import type { HookSink } from "../layers/hook-sink";
import { MLP } from "../layers/mlp";
import { ModelError } from "./errors";
import type { GPT } from "./gpt";

/** A hook: receives a point's full name and tensor, returns the tensor to continue with. */
export type HookPointFn = (name: string, t: Tensor) => Tensor;

const ATTN_POINTS = [
  "hook_q",
  "hook_k",
  "hook_v",
  "hook_attn_scores",
  "hook_pattern",
  "hook_z",
  "hook_result",
];
const MLP_POINTS = ["hook_pre", "hook_post"];

/** Every hook-point name the model has, in forward order. */
export function hookPointNames(gpt: GPT): string[] {
  const names = ["hook_embed"];
  if (gpt.wpe) names.push("hook_pos_embed");
  for (const [i, block] of [...gpt.h].entries()) {
    const parallel = block.normsPerLayer === 1 || block.residual === "parallel";
    names.push(`blocks.${i}.hook_resid_pre`);
    names.push(...ATTN_POINTS.map((p) => `blocks.${i}.attn.${p}`));
    names.push(`blocks.${i}.hook_attn_out`);
    if (!parallel) names.push(`blocks.${i}.hook_resid_mid`);
    if (block.mlp instanceof MLP) names.push(...MLP_POINTS.map((p) => `blocks.${i}.mlp.${p}`));
    names.push(`blocks.${i}.hook_mlp_out`, `blocks.${i}.hook_resid_post`);
  }
  if (gpt.config.finalNorm) names.push("ln_final.hook_scale");
  return names;
}

function sink(prefix: string, wants: (name: string) => boolean, fn: HookPointFn): HookSink {
  return {
    wants: (name) => wants(prefix + name),
    run: (name, t) => fn(prefix + name, t),
  };
}

/**
 * Runs body with `fn` called at every hook point for which `wants(name)` is true (default: all but the
 * opt-in attn.hook_result), then removes it again, also when body throws. Not re-entrant: one at a time.
 */
export function withHookPoints<T>(
  gpt: GPT,
  fn: HookPointFn,
  body: () => T,
  wants: (name: string) => boolean = (name) => !name.endsWith("attn.hook_result"),
): T {
  if (gpt.hookSink !== null) {
    throw new ModelError(
      "OPTION",
      "withHookPoints: this GPT already has hook points installed (nested runs are not supported)",
    );
  }
  const blocks = [...gpt.h];
  gpt.hookSink = sink("", wants, fn);
  for (const [i, block] of blocks.entries()) {
    block.hookSink = sink(`blocks.${i}.`, wants, fn);
    block.attn.hookSink = sink(`blocks.${i}.attn.`, wants, fn);
    if (block.mlp instanceof MLP) block.mlp.hookSink = sink(`blocks.${i}.mlp.`, wants, fn);
  }
  try {
    return body();
  } finally {
    gpt.hookSink = null;
    for (const block of blocks) {
      block.hookSink = null;
      block.attn.hookSink = null;
      if (block.mlp instanceof MLP) block.mlp.hookSink = null;
    }
  }
}
