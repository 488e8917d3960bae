// A pre-LN transformer block (GPT-2 / nanoGPT): x + attn(ln_1 x), then + mlp(ln_2 x). The norm layout
// follows the config's normsPerLayer: 2 is that pre-LN block; 1 is the parallel block of GPT-J / Phi
// (x + attn(ln_1 x) + mlp(ln_1 x)); 4 adds Gemma-2's post-norms (ln_post_attn, ln_post_mlp) on each branch
// output; 0 has no norms at all. The norm modules come from a factory so the block does not pick a kind.
// With `moe` options the MLP is a mixture-of-experts layer (MoE, moe.ts) under the same name "mlp".
// An optional KVCacheLayer is handed to the attention (incremental decoding).
// `residual` changes how the two norms of a 2-norm block are wired, for loaded checkpoints:
//   "parallel":  x + attn(ln_1 x) + mlp(ln_2 x)          (GPT-NeoX use_parallel_residual, modeling_gpt_neox.py)
//   "post-norm": h = ln_1(x + attn x); ln_2(h + mlp h)    (GPT-1, OPT with do_layer_norm_before=False)
import { add, type Tensor } from "@paramlens/tensor";
import { ModelError } from "../models/errors";
import type { KVCacheLayer } from "../models/kv-cache";
import { type AnyModule, Module } from "../module";
import { CausalSelfAttention, type CausalSelfAttentionOptions } from "./attention";
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
    if (n === 0) {
      const h = add(x, this.attn.call(x, cache));
      return add(h, this.mlp.call(h));
    }
    if (n === 1) {
      const a = this.norm("ln_1", x);
      return add(add(x, this.attn.call(a, cache)), this.mlp.call(a));
    }
    if (this.residual === "parallel") {
      const a = this.attn.call(this.norm("ln_1", x), cache);
      // mlp_output + attn_output + hidden_states (modeling_gpt_neox.py GPTNeoXLayer.forward)
      return add(add(this.mlp.call(this.norm("ln_2", x)), a), x);
    }
    if (this.residual === "post-norm") {
      const h = this.norm("ln_1", add(x, this.attn.call(x, cache)));
      return this.norm("ln_2", add(h, this.mlp.call(h)));
    }
    let attnOut = this.attn.call(this.norm("ln_1", x), cache);
    if (n === 4) attnOut = this.norm("ln_post_attn", attnOut);
    const h = add(x, attnOut);
    let mlpOut = this.mlp.call(this.norm("ln_2", h));
    if (n === 4) mlpOut = this.norm("ln_post_mlp", mlpOut);
    return add(h, mlpOut);
  }

  override extraRepr(): string {
    const r = this.residual === "sequential" ? "" : `, residual=${this.residual}`;
    return `normsPerLayer=${this.normsPerLayer}${r}`;
  }
}
