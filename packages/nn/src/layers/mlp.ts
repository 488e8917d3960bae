// The transformer feed-forward block. "gelu": GPT-2's two matrices c_fc → GELU → c_proj (tanh GELU by
// default, GPT-2's "gelu_new"). "swiglu"/"geglu": the gated three-matrix form of Shazeer, "GLU Variants
// Improve Transformer" (arXiv:2002.05202): down_proj(act(gate_proj x) ⊙ up_proj x), Llama's names.
// `activation` overrides the kind's activation for loaded checkpoints (OPT's ReLU two-matrix MLP, Pythia's
// exact GELU, Gemma's tanh-GELU gate). Hook points (models/hook-points.ts): hook_pre (c_fc output, or the
// gate before its activation) and hook_post (the activation, times up_proj for gated MLPs), [B, T, dFF].
import { dropout, type GeluApproximation, gelu, mul, relu, silu, type Tensor } from "@paramlens/tensor";
import { ModelError } from "../models/errors";
import { Module } from "../module";
import type { HookSink } from "./hook-sink";
import { Linear } from "./linear";

export type MLPKind = "gelu" | "swiglu" | "geglu";
/**
 * Elementwise activations of Hugging Face's ACT2FN that checkpoints use: "gelu" exact (erf), "gelu_tanh"
 * (gelu_new / gelu_pytorch_tanh), "relu", "silu".
 */
export type MLPActivation = "gelu" | "gelu_tanh" | "relu" | "silu";
export const MLP_ACTIVATIONS: readonly MLPActivation[] = ["gelu", "gelu_tanh", "relu", "silu"];

/** act(x) for one of {@link MLP_ACTIVATIONS}. */
export function applyActivation(x: Tensor, a: MLPActivation): Tensor {
  switch (a) {
    case "gelu":
      return gelu(x, "none");
    case "gelu_tanh":
      return gelu(x, "tanh");
    case "relu":
      return relu(x);
    case "silu":
      return silu(x);
  }
}

export interface MLPOptions {
  dModel: number;
  dFF: number;
  kind?: MLPKind;
  /** Bias on every matrix. Default true. */
  bias?: boolean;
  /** GELU form for "gelu"/"geglu". Default "tanh" (GPT-2). */
  geluApproximation?: GeluApproximation;
  /** Dropout on the output (training only). Default 0. */
  dropout?: number;
  /** The activation (of the hidden layer, or of the gate), overriding the kind's default. */
  activation?: MLPActivation;
}

export class MLP extends Module {
  readonly kind: MLPKind;
  readonly geluApproximation: GeluApproximation;
  readonly dropoutP: number;
  /** The activation in use: the override, or the kind's default (gelu per geluApproximation, silu for swiglu). */
  readonly activation: MLPActivation;
  /** Hook points (see file comment); null: none. */
  hookSink: HookSink | null = null;

  constructor(o: MLPOptions) {
    super();
    this.kind = o.kind ?? "gelu";
    if (!["gelu", "swiglu", "geglu"].includes(this.kind)) {
      throw new ModelError(
        "OPTION",
        `MLP: kind must be "gelu", "swiglu" or "geglu", got ${JSON.stringify(this.kind)}`,
      );
    }
    this.geluApproximation = o.geluApproximation ?? "tanh";
    this.dropoutP = o.dropout ?? 0;
    if (o.activation !== undefined && !MLP_ACTIVATIONS.includes(o.activation)) {
      throw new ModelError(
        "OPTION",
        `MLP: activation must be one of ${MLP_ACTIVATIONS.join(", ")}, got ${JSON.stringify(o.activation).slice(0, 100)}`,
      );
    }
    const geluDefault: MLPActivation = this.geluApproximation === "tanh" ? "gelu_tanh" : "gelu";
    this.activation = o.activation ?? (this.kind === "swiglu" ? "silu" : geluDefault);
    const bias = { bias: o.bias ?? true };
    if (this.kind === "gelu") {
      this.registerModule("c_fc", new Linear(o.dModel, o.dFF, bias));
      this.registerModule("c_proj", new Linear(o.dFF, o.dModel, bias));
    } else {
      this.registerModule("gate_proj", new Linear(o.dModel, o.dFF, bias));
      this.registerModule("up_proj", new Linear(o.dModel, o.dFF, bias));
      this.registerModule("down_proj", new Linear(o.dFF, o.dModel, bias));
    }
  }

  private linear(name: string): Linear {
    return this.getSubmodule(name) as Linear;
  }

  /** x: [..., dModel] → [..., dModel] */
  override forward(x: Tensor): Tensor {
    let y: Tensor;
    const hk = this.hookSink;
    const point = (name: string, t: Tensor) => (hk?.wants(name) ? hk.run(name, t) : t);
    if (this.kind === "gelu") {
      const pre = point("hook_pre", this.linear("c_fc").call(x));
      y = this.linear("c_proj").call(point("hook_post", applyActivation(pre, this.activation)));
    } else {
      const act = applyActivation(point("hook_pre", this.linear("gate_proj").call(x)), this.activation);
      y = this.linear("down_proj").call(point("hook_post", mul(act, this.linear("up_proj").call(x))));
    }
    return this.dropoutP > 0 ? dropout(y, this.dropoutP, this.training) : y;
  }

  override extraRepr(): string {
    return `kind=${this.kind}, activation=${this.activation}`;
  }
}
