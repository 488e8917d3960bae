// The transformer feed-forward block. "gelu": GPT-2's two matrices c_fc → GELU → c_proj (tanh GELU by
// default, GPT-2's "gelu_new"). "swiglu"/"geglu": the gated three-matrix form of Shazeer, "GLU Variants
// Improve Transformer" (arXiv:2002.05202): down_proj(act(gate_proj x) ⊙ up_proj x), Llama's names.
import { dropout, type GeluApproximation, gelu, mul, silu, type Tensor } from "@paramlens/tensor";
import { ModelError } from "../models/errors";
import { Module } from "../module";
import { Linear } from "./linear";

export type MLPKind = "gelu" | "swiglu" | "geglu";

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
}

export class MLP extends Module {
  readonly kind: MLPKind;
  readonly geluApproximation: GeluApproximation;
  readonly dropoutP: number;

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
    if (this.kind === "gelu") {
      y = this.linear("c_proj").call(gelu(this.linear("c_fc").call(x), this.geluApproximation));
    } else {
      const g = this.linear("gate_proj").call(x);
      const act = this.kind === "swiglu" ? silu(g) : gelu(g, this.geluApproximation);
      y = this.linear("down_proj").call(mul(act, this.linear("up_proj").call(x)));
    }
    return this.dropoutP > 0 ? dropout(y, this.dropoutP, this.training) : y;
  }

  override extraRepr(): string {
    return `kind=${this.kind}`;
  }
}
