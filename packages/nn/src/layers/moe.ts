// A sparse mixture-of-experts feed-forward layer: a linear router d → E picks each token's top-k experts
// and the token's output is the weighted sum of just those experts' MLPs (plus any shared experts, which
// every token uses). It replaces a block's MLP. It does not add a load-balancing loss, expert capacity
// limits / token dropping, or router noise (training-time extras of the Switch Transformer).
//
// Gating, for a token x with router logits l = W_r x (+ b_r) over E experts and S = TopK(l, k):
//   "topk-softmax" (default; Mixtral, Jiang et al. 2024, arXiv:2401.04088, "Sparse Mixture of Experts",
//   G(x) := Softmax(TopK(x · W_g))):
//     G(x) = Softmax(TopK(l)), y = Σ_{i∈S} G(x)_i · E_i(x)   (weights over the k chosen logits sum to 1)
//   "softmax-topk" (Switch Transformer, Fedus et al. 2021, arXiv:2101.03961, "Simplifying Sparse Routing",
//   there with k = 1):
//     p = Softmax(l) over all E, y = Σ_{i∈S} p_i · E_i(x)   (no renormalisation; with k = 1 the router
//     still gets a gradient through p_i, which "topk-softmax" with k = 1 (weight ≡ 1) does not)
// Shared experts (DeepSeekMoE, Dai et al. 2024, arXiv:2401.06066, "Shared Expert Isolation") are added
// unweighted: + Σ_j F_j(x).
// Ties: TopK keeps the lower expert index among equal logits (a stable sort by descending logit).
import {
  add,
  dropout,
  type GeluApproximation,
  gather,
  indexAdd,
  indexSelect,
  mul,
  reshape,
  softmax,
  Tensor,
  zeros,
} from "@paramlens/tensor";
import { ModelError } from "../models/errors";
import { Module } from "../module";
import { ModuleList } from "./containers";
import { Linear } from "./linear";
import { MLP, type MLPActivation, type MLPKind } from "./mlp";

/** How router logits become expert weights; see the file comment for the formulas and sources. */
export type MoEGating = "topk-softmax" | "softmax-topk";

export interface MoEOptions {
  dModel: number;
  /** Routed experts E (Mixtral: 8). */
  nExperts: number;
  /** Experts k each token is routed to (Mixtral: 2, Switch: 1). */
  expertsPerToken: number;
  /** Hidden width of one routed expert. */
  expertDFF: number;
  /** Experts every token uses, outside the router. Default 0. */
  nSharedExperts?: number;
  /** Hidden width of one shared expert. Default expertDFF. */
  sharedExpertDFF?: number;
  /** MLP kind of every expert (as the dense MLP). Default "gelu". */
  kind?: MLPKind;
  /** Bias on every expert matrix. Default true (as MLP). */
  bias?: boolean;
  /** Bias on the router. Default false (Mixtral's router has none). */
  routerBias?: boolean;
  /** Default "topk-softmax" (Mixtral). */
  gating?: MoEGating;
  /** GELU form for "gelu"/"geglu" experts. Default "tanh". */
  geluApproximation?: GeluApproximation;
  /** Dropout on the layer's output (training only). Default 0. */
  dropout?: number;
  /** Every expert's activation, overriding the kind's default (see MLPOptions.activation). */
  activation?: MLPActivation;
}

function positiveInt(field: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new ModelError("OPTION", `MoE: ${field} must be a positive integer, got ${String(v)}`);
  }
  return v;
}

/**
 * Children: `router` (Linear d → E), `experts.{i}` (MLP, names as the dense MLP: c_fc/c_proj or
 * gate_proj/up_proj/down_proj) and, with shared experts, `shared_experts.{j}`.
 */
export class MoE extends Module {
  readonly dModel: number;
  readonly nExperts: number;
  readonly expertsPerToken: number;
  readonly gating: MoEGating;
  readonly dropoutP: number;
  readonly router: Linear;
  readonly experts: ModuleList<MLP>;
  readonly sharedExperts: ModuleList<MLP> | null;

  constructor(o: MoEOptions) {
    super();
    const d = positiveInt("dModel", o.dModel);
    this.dModel = d;
    this.nExperts = positiveInt("nExperts", o.nExperts);
    this.expertsPerToken = positiveInt("expertsPerToken", o.expertsPerToken);
    if (this.expertsPerToken > this.nExperts) {
      throw new ModelError(
        "OPTION",
        `MoE: expertsPerToken ${this.expertsPerToken} exceeds nExperts ${this.nExperts}`,
      );
    }
    const dff = positiveInt("expertDFF", o.expertDFF);
    const nShared = o.nSharedExperts ?? 0;
    if (!Number.isInteger(nShared) || nShared < 0) {
      throw new ModelError("OPTION", `MoE: nSharedExperts must be a non-negative integer, got ${nShared}`);
    }
    const sharedDFF = nShared > 0 ? positiveInt("sharedExpertDFF", o.sharedExpertDFF ?? dff) : 0;
    this.gating = o.gating ?? "topk-softmax";
    if (this.gating !== "topk-softmax" && this.gating !== "softmax-topk") {
      throw new ModelError(
        "OPTION",
        `MoE: gating must be "topk-softmax" or "softmax-topk", got ${JSON.stringify(this.gating)}`,
      );
    }
    this.dropoutP = o.dropout ?? 0;
    const mlp = (width: number) =>
      new MLP({
        dModel: d,
        dFF: width,
        kind: o.kind ?? "gelu",
        bias: o.bias ?? true,
        geluApproximation: o.geluApproximation ?? "tanh",
        ...(o.activation === undefined ? {} : { activation: o.activation }),
      });
    this.router = this.registerModule(
      "router",
      new Linear(d, this.nExperts, { bias: o.routerBias ?? false }),
    );
    this.experts = this.registerModule(
      "experts",
      new ModuleList(Array.from({ length: this.nExperts }, () => mlp(dff))),
    );
    this.sharedExperts =
      nShared > 0
        ? this.registerModule(
            "shared_experts",
            new ModuleList(Array.from({ length: nShared }, () => mlp(sharedDFF))),
          )
        : null;
  }

  /**
   * Each token's top-k experts from router logits [N, E], best first; ties go to the lower index.
   * Not differentiable (an index choice); the weights are.
   */
  route(logits: Tensor): Int32Array {
    if (logits.ndim !== 2 || logits.shape[1] !== this.nExperts) {
      throw new ModelError(
        "INPUT",
        `MoE.route: logits must be [N, ${this.nExperts}] (nExperts), got [${logits.shape.join(", ")}]`,
      );
    }
    const [n, e] = logits.shape as [number, number];
    const k = this.expertsPerToken;
    const data = logits.contiguous().toTypedArray();
    const out = new Int32Array(n * k);
    const order = Array.from({ length: e }, (_, i) => i);
    for (let t = 0; t < n; t++) {
      const row = data.subarray(t * e, (t + 1) * e);
      for (let i = 0; i < e; i++) {
        if (Number.isNaN(row[i]!)) {
          throw new ModelError("INPUT", `MoE: router logit of expert ${i} is NaN for token ${t}`);
        }
        order[i] = i;
      }
      // Array.prototype.sort is stable, so equal logits keep ascending expert order.
      order.sort((a, b) => row[b]! - row[a]! || 0);
      for (let j = 0; j < k; j++) out[t * k + j] = order[j]!;
    }
    return out;
  }

  /** x: [..., dModel] → [..., dModel] */
  override forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor) || x.ndim < 1 || x.shape[x.ndim - 1] !== this.dModel) {
      throw new ModelError(
        "INPUT",
        `MoE: x must be [..., ${this.dModel}] (dModel), got ${x instanceof Tensor ? `[${x.shape.join(", ")}]` : typeof x}`,
      );
    }
    const d = this.dModel;
    const n = x.size / d;
    const k = this.expertsPerToken;
    const xf = reshape(x, [n, d]); // (N, d)
    const logits = this.router.call(xf); // (N, E)
    const chosen = this.route(logits); // (N·k) expert ids, token-major
    const idx = new Tensor(chosen, [n, k]);
    const weights =
      this.gating === "topk-softmax"
        ? softmax(gather(logits, 1, idx), -1) // (N, k), softmax over the chosen logits
        : gather(softmax(logits, -1), 1, idx); // (N, k), probabilities over all E
    const wFlat = reshape(weights, [n * k]);
    // Sparse dispatch: each expert runs only on the rows routed to it (never all experts on all tokens).
    const rows: number[][] = Array.from({ length: this.nExperts }, () => []);
    const slots: number[][] = Array.from({ length: this.nExperts }, () => []);
    for (let s = 0; s < n * k; s++) {
      const e = chosen[s]!;
      rows[e]!.push(Math.floor(s / k));
      slots[e]!.push(s);
    }
    let y = zeros([n, d], { dtype: x.dtype }); // (N, d)
    let e = 0;
    for (const expert of this.experts) {
      const r = rows[e]!;
      if (r.length > 0) {
        const rowIdx = new Tensor(Int32Array.from(r), [r.length]);
        const xe = indexSelect(xf, 0, rowIdx); // (n_e, d)
        const we = reshape(indexSelect(wFlat, 0, new Tensor(Int32Array.from(slots[e]!), [r.length])), [
          r.length,
          1,
        ]); // (n_e, 1)
        y = indexAdd(y, 0, rowIdx, mul(expert.call(xe), we)); // scatter-add the weighted rows
      }
      e++;
    }
    if (this.sharedExperts) for (const s of this.sharedExperts) y = add(y, s.call(xf));
    const out = reshape(y, x.shape as number[]);
    return this.dropoutP > 0 ? dropout(out, this.dropoutP, this.training) : out;
  }

  override extraRepr(): string {
    const shared = this.sharedExperts ? `, shared=${this.sharedExperts.length}` : "";
    return `experts=${this.nExperts}, perToken=${this.expertsPerToken}${shared}, gating=${this.gating}`;
  }
}
