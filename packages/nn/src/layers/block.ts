// A pre-LN transformer block (GPT-2 / nanoGPT): x + attn(ln_1 x), then + mlp(ln_2 x). The norm layout
// follows the config's normsPerLayer: 2 is that pre-LN block; 1 is the parallel block of GPT-J / Phi
// (x + attn(ln_1 x) + mlp(ln_1 x)); 4 adds Gemma-2's post-norms (ln_post_attn, ln_post_mlp) on each branch
// output; 0 has no norms at all. The norm modules come from a factory so the block does not pick a kind.
// With `moe` options the MLP is a mixture-of-experts layer (MoE, moe.ts) under the same name "mlp".
// An optional KVCacheLayer is handed to the attention (incremental decoding).
// `residual` changes how the two norms of a 2-norm block are wired, for loaded checkpoints:
//   "parallel":  x + attn(ln_1 x) + mlp(ln_2 x)          (GPT-NeoX use_parallel_residual, modeling_gpt_neox.py)
//   "post-norm": h = ln_1(x + attn x); ln_2(h + mlp h)    (GPT-1, OPT with do_layer_norm_before=False)
// Hook points (models/hook-points.ts), [B, T, d]: hook_resid_pre, hook_attn_out, hook_resid_mid (the stream
// the MLP reads: absent in parallel blocks), hook_mlp_out, hook_resid_post. attn_out / mlp_out are the branch
// outputs after any post-norm (Gemma-2), i.e. what is added to the stream.
import { add, type Tensor } from "@paramlens/tensor";
import { ModelError } from "../models/errors";
import type { KVCacheLayer } from "../models/kv-cache";
import { type AnyModule, Module } from "../module";
import { CausalSelfAttention, type CausalSelfAttentionOptions } from "./attention";
import type { HookSink } from "./hook-sink";
import { MLP, type MLPOptions } from "./mlp";
import { MoE, type MoEOptions } from "./moe";

export interface BlockOptions {
  attention: CausalSelfAttentionOptions;
  mlp: MLPOptions;
  /** When set, the block's "mlp" is a MoE built from these options (and `mlp` is ignored). */
  moe?: MoEOptions;
  /** Creates one norm over dModel (LayerNorm or RMSNorm). */
  makeNorm: () => AnyModule;
  /** 0, 1, 2 (default) or 4. */
  normsPerLayer?: number;
  /** Wiring of a 2-norm block: "sequential" pre-LN (default), "parallel" or "post-norm" (see file comment). */
  residual?: BlockResidual;
}

export type BlockResidual = "sequential" | "parallel" | "post-norm";

export class Block extends Module {
  readonly normsPerLayer: number;
  readonly residual: BlockResidual;
  readonly attn: CausalSelfAttention;
  readonly mlp: MLP | MoE;
  /** Hook points (see file comment); null: none. */
  hookSink: HookSink | null = null;

  constructor(o: BlockOptions) {
    super();
    const n = o.normsPerLayer ?? 2;
    if (![0, 1, 2, 4].includes(n)) {
      throw new ModelError(
        "UNSUPPORTED",
        `Block: normsPerLayer ${n} has no block layout here (supported: 0, 1 parallel, 2 pre-LN, 4 pre+post)`,
      );
    }
    this.normsPerLayer = n;
    this.residual = o.residual ?? "sequential";
    if (!["sequential", "parallel", "post-norm"].includes(this.residual)) {
      throw new ModelError(
        "OPTION",
        `Block: residual must be "sequential", "parallel" or "post-norm", got ${JSON.stringify(this.residual).slice(0, 100)}`,
      );
    }
    if (this.residual !== "sequential" && n !== 2) {
      throw new ModelError(
        "UNSUPPORTED",
        `Block: residual "${this.residual}" needs normsPerLayer 2, got ${n}`,
      );
    }
    if (n >= 1) this.registerModule("ln_1", o.makeNorm());
    this.attn = this.registerModule("attn", new CausalSelfAttention(o.attention));
    if (n >= 2) this.registerModule("ln_2", o.makeNorm());
    if (n === 4) {
      this.registerModule("ln_post_attn", o.makeNorm());
      this.registerModule("ln_post_mlp", o.makeNorm());
    }
    this.mlp = this.registerModule("mlp", o.moe ? new MoE(o.moe) : new MLP(o.mlp));
  }

  private norm(name: string, x: Tensor): Tensor {
    return (this.getSubmodule(name) as Module).call(x);
  }

  /**
   * Module.call with the optional cache (Module's signature stays [Tensor], so this is still a plain
   * Module<[Tensor], Tensor>); hooks see [x] without it and [x, cache] with it.
   */
  override call(x: Tensor, cache?: KVCacheLayer): Tensor {
    // biome-ignore lint/suspicious/noExplicitAny: forwards the extra argument through Module.call's [Tensor] list
    return cache === undefined ? super.call(x) : (super.call as any).call(this, x, cache);
  }

  /** x: [B, T, dModel] → [B, T, dModel]; `cache` is this block's attention cache (see CausalSelfAttention). */
  override forward(x: Tensor, cache?: KVCacheLayer): Tensor {
    const n = this.normsPerLayer;
    const hk = this.hookSink;
    const p = (name: string, t: Tensor) => (hk?.wants(name) ? hk.run(name, t) : t);
    x = p("hook_resid_pre", x);
    if (n === 1 || this.residual === "parallel") {
      const a = this.norm("ln_1", x);
      const attnOut = p("hook_attn_out", this.attn.call(a, cache));
      // mlp_output + attn_output + hidden_states (modeling_gpt_neox.py GPTNeoXLayer.forward)
      const mlpOut = p("hook_mlp_out", this.mlp.call(n === 1 ? a : this.norm("ln_2", x)));
      return p("hook_resid_post", n === 1 ? add(add(x, attnOut), mlpOut) : add(add(mlpOut, attnOut), x));
    }
    if (n === 0 || this.residual === "post-norm") {
      const attnOut = p("hook_attn_out", this.attn.call(x, cache));
      let h = add(x, attnOut);
      if (n !== 0) h = this.norm("ln_1", h);
      h = p("hook_resid_mid", h);
      const mlpOut = p("hook_mlp_out", this.mlp.call(h));
      const out = add(h, mlpOut);
      return p("hook_resid_post", n === 0 ? out : this.norm("ln_2", out));
    }
    let attnOut = this.attn.call(this.norm("ln_1", x), cache);
    if (n === 4) attnOut = this.norm("ln_post_attn", attnOut);
    const h = p("hook_resid_mid", add(x, p("hook_attn_out", attnOut)));
    let mlpOut = this.mlp.call(this.norm("ln_2", h));
    if (n === 4) mlpOut = this.norm("ln_post_mlp", mlpOut);
    return p("hook_resid_post", add(h, p("hook_mlp_out", mlpOut)));
  }

  override extraRepr(): string {
    const r = this.residual === "sequential" ? "" : `, residual=${this.residual}`;
    return `normsPerLayer=${this.normsPerLayer}${r}`;
  }
}
