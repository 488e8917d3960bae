// runWithCache / runWithHooks and the ActivationCache, after TransformerLens' HookedTransformer.run_with_cache,
// run_with_hooks and ActivationCache, on nn's GPT hook points (withHookPoints; names like
// "blocks.3.attn.hook_pattern"). The cache keeps every activation asked for (detached) and reads the
// residual stream as TransformerLens does:
//   accumulatedResid: resid_pre of each layer, then the final resid_post (labels "0_pre" … "final_post");
//   decomposeResid:   the terms that add up to the final resid_post: embed, pos_embed, per layer attn_out and
//                     mlp_out (pre-LN, parallel, no-norm and Gemma-2 blocks; post-norm blocks have no such sum);
//   stackHeadResults: per head of each layer, from attn.hook_result (cached when `result: true`);
//   applyLnToStack:   the final norm's centring (LayerNorm) and division by ln_final.hook_scale, as
//                     TransformerLens' apply_ln_to_stack (its γ and β are not applied: fold them into W_U,
//                     as directLogitAttribution does).
import { type GPT, hookPointNames, withHookPoints } from "@paramlens/nn";
import { formatShape, noGrad, stack, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "../errors";

/** What to keep: every point (default), a list of names, or a predicate. */
export type HookNames = readonly string[] | ((name: string) => boolean);

export interface RunWithCacheOptions {
  names?: HookNames;
  /** Also compute and cache attn.hook_result (per-head outputs; costs a [B, T, H, d] tensor per layer). */
  result?: boolean;
}

function selector(names: HookNames | undefined): (name: string) => boolean {
  if (names === undefined) return () => true;
  if (typeof names === "function") return names;
  const set = new Set(names);
  return (n) => set.has(n);
}

function checkGpt(op: string, model: GPT, ids: Tensor): void {
  if (model === null || typeof model !== "object" || !("hookSink" in model) || !("h" in model)) {
    throw new AttributionError("BAD_OPTION", op, "the model must be nn's GPT (or a model loaded into one)");
  }
  if (ids.dtype !== "int32" || ids.ndim !== 2) {
    throw new AttributionError(
      "BAD_INPUT",
      op,
      `ids must be int32 [B, T], got ${ids.dtype} ${formatShape(ids.shape)}`,
    );
  }
}

function checkNames(op: string, model: GPT, names: readonly string[]): void {
  const known = new Set(hookPointNames(model));
  for (const n of names) {
    if (!known.has(n)) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `no hook point "${n.slice(0, 100)}"; e.g. ${[...known].slice(0, 4).join(", ")} … (hookPointNames lists them)`,
      );
    }
  }
}

/** Runs the model without gradients and keeps the named activations. */
export function runWithCache(
  model: GPT,
  ids: Tensor,
  options: RunWithCacheOptions = {},
): { logits: Tensor; cache: ActivationCache } {
  const op = "runWithCache";
  checkGpt(op, model, ids);
  if (Array.isArray(options.names)) checkNames(op, model, options.names);
  const keep = selector(options.names);
  const store: Record<string, Tensor> = {};
  const wants = (name: string) =>
    keep(name) && (options.result === true || !name.endsWith("attn.hook_result"));
  const logits = noGrad(() =>
    withHookPoints(
      model,
      (name, t) => {
        store[name] = t.detach();
        return t;
      },
      () => model.call(ids),
      wants,
    ),
  );
  return { logits, cache: new ActivationCache(model, store) };
}

/**
 * A hook for runWithHooks: gets the activation and its name, returns a replacement (same shape) or nothing
 * to keep it.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: hooks that only read return nothing
export type ActivationHook = (activation: Tensor, name: string) => Tensor | undefined | void;

/** Runs the model with hooks editing named activations (ablation, patching); returns the logits. */
export function runWithHooks(
  model: GPT,
  ids: Tensor,
  hooks: Readonly<Record<string, ActivationHook>>,
): Tensor {
  const op = "runWithHooks";
  checkGpt(op, model, ids);
  const names = Object.keys(hooks);
  checkNames(op, model, names);
  return noGrad(() =>
    withHookPoints(
      model,
      (name, t) => {
        const out = hooks[name]!(t, name);
        if (out === undefined || out === null) return t;
        if (out.shape.length !== t.shape.length || out.shape.some((s, i) => s !== t.shape[i])) {
          throw new AttributionError(
            "BAD_OUTPUT",
            op,
            `the hook at ${name} returned ${formatShape(out.shape)} for an activation ${formatShape(t.shape)}`,
          );
        }
        return out;
      },
      () => model.call(ids),
      (name) => name in hooks,
    ),
  );
}

/** A stack of residual-stream components [C, B, T, d] (or [C, B, d] at one position) with their labels. */
export interface ResidStack {
  stack: Tensor;
  labels: string[];
}

export class ActivationCache {
  constructor(
    readonly model: GPT,
    private readonly store: Readonly<Record<string, Tensor>>,
  ) {}

  /** Names cached, in forward order. */
  get names(): string[] {
    return Object.keys(this.store);
  }

  has(name: string): boolean {
    return name in this.store;
  }

  get(name: string): Tensor {
    const t = this.store[name];
    if (t === undefined) {
      throw new AttributionError(
        "BAD_OPTION",
        "ActivationCache.get",
        `"${name.slice(0, 100)}" is not in the cache${name.endsWith("hook_result") ? " (run with { result: true })" : ""}`,
      );
    }
    return t;
  }

  private get nLayers(): number {
    return this.model.config.nLayers;
  }

  private layerArg(op: string, layer: number | undefined): number {
    const l = layer ?? this.nLayers;
    if (!Number.isInteger(l) || l < 0 || l > this.nLayers) {
      throw new AttributionError("BAD_OPTION", op, `layer ${layer} is outside 0..${this.nLayers}`);
    }
    return l;
  }

  private atPos(t: Tensor, pos: number | undefined): Tensor {
    if (pos === undefined) return t;
    const n = t.shape[1]!; // [B, T, ...]
    const p = pos < 0 ? n + pos : pos;
    if (!Number.isInteger(p) || p < 0 || p >= n) {
      throw new AttributionError(
        "BAD_OPTION",
        "ActivationCache",
        `position ${pos} is outside a sequence of ${n}`,
      );
    }
    return t.select(1, p);
  }

  /**
   * The residual stream before each layer < `layer` (default: all, then the final resid_post), stacked:
   * [C, B, T, d] (or [C, B, d] with pos). `inclMid` adds each layer's resid_mid after its resid_pre.
   */
  accumulatedResid(
    layer?: number,
    options: { pos?: number; inclMid?: boolean; applyLn?: boolean } = {},
  ): ResidStack {
    const op = "ActivationCache.accumulatedResid";
    const l = this.layerArg(op, layer);
    const parts: Tensor[] = [];
    const labels: string[] = [];
    for (let i = 0; i < Math.min(l, this.nLayers); i++) {
      parts.push(this.get(`blocks.${i}.hook_resid_pre`));
      labels.push(`${i}_pre`);
      if (options.inclMid) {
        parts.push(this.get(`blocks.${i}.hook_resid_mid`));
        labels.push(`${i}_mid`);
      }
    }
    if (l === this.nLayers) {
      parts.push(this.get(`blocks.${this.nLayers - 1}.hook_resid_post`));
      labels.push("final_post");
    }
    const s: ResidStack = {
      stack: noGrad(() => stack(parts.map((p) => this.atPos(p, options.pos)))),
      labels,
    };
    return options.applyLn ? { stack: this.applyLnToStack(s.stack, options.pos), labels } : s;
  }

  /**
   * The terms whose sum is the residual stream entering `layer` (default: the final resid_post): embed,
   * pos_embed (learned positions), then per layer attn_out and mlp_out ("0_attn_out", "0_mlp_out", …).
   */
  decomposeResid(
    layer?: number,
    options: { pos?: number; mode?: "all" | "attn" | "mlp"; applyLn?: boolean } = {},
  ): ResidStack {
    const op = "ActivationCache.decomposeResid";
    const l = this.layerArg(op, layer);
    const blocks = [...this.model.h];
    if (blocks.some((b) => b.residual === "post-norm")) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        "post-norm blocks normalise the stream itself: it is not a sum of branch outputs",
      );
    }
    if (this.model.config.embeddingNorm) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        "an embedding norm (ln_emb) makes the stream's start not embed + pos_embed",
      );
    }
    const mode = options.mode ?? "all";
    const parts: Tensor[] = [this.get("hook_embed")];
    const labels = ["embed"];
    if (this.model.wpe) {
      const pe = this.get("hook_pos_embed"); // [1, T, d]
      parts.push(noGrad(() => pe.expand(parts[0]!.shape)));
      labels.push("pos_embed");
    }
    for (let i = 0; i < l; i++) {
      if (mode !== "mlp") {
        parts.push(this.get(`blocks.${i}.hook_attn_out`));
        labels.push(`${i}_attn_out`);
      }
      if (mode !== "attn") {
        parts.push(this.get(`blocks.${i}.hook_mlp_out`));
        labels.push(`${i}_mlp_out`);
      }
    }
    const s = noGrad(() => stack(parts.map((p) => this.atPos(p.contiguous(), options.pos))));
    return { stack: options.applyLn ? this.applyLnToStack(s, options.pos) : s, labels };
  }

  /**
   * Each head's output (z_h · W_O^h, without c_proj's bias) of layers < `layer`: [L·H, B, T, d], labels
   * "L{l}H{h}". Needs a cache made with { result: true }.
   */
  stackHeadResults(layer?: number, options: { pos?: number; applyLn?: boolean } = {}): ResidStack {
    const op = "ActivationCache.stackHeadResults";
    const l = this.layerArg(op, layer);
    const parts: Tensor[] = [];
    const labels: string[] = [];
    const h = this.model.config.nHeads;
    for (let i = 0; i < l; i++) {
      const r = this.get(`blocks.${i}.attn.hook_result`); // [B, T, H, d]
      for (let k = 0; k < h; k++) {
        parts.push(
          this.atPos(
            noGrad(() => r.select(2, k)),
            options.pos,
          ),
        );
        labels.push(`L${i}H${k}`);
      }
    }
    if (parts.length === 0) throw new AttributionError("BAD_OPTION", op, "layer 0 has no heads before it");
    const s = noGrad(() => stack(parts));
    return { stack: options.applyLn ? this.applyLnToStack(s, options.pos) : s, labels };
  }

  /**
   * TransformerLens' apply_ln_to_stack for the final norm: each component centred over d (LayerNorm only)
   * and divided by the final norm's scale of the run (ln_final.hook_scale), so the components still add up
   * to the normalised stream before γ and β. stack: [C, B, T, d], or [C, B, d] with the same pos.
   */
  applyLnToStack(stack: Tensor, pos?: number): Tensor {
    const op = "ActivationCache.applyLnToStack";
    if (!this.model.config.finalNorm) return stack;
    const scale = this.atPos(this.get("ln_final.hook_scale"), pos); // [B, T, 1] or [B, 1]
    if (stack.ndim !== scale.ndim + 1) {
      throw new AttributionError(
        "BAD_INPUT",
        op,
        `stack ${formatShape(stack.shape)} does not match the scale ${formatShape(scale.shape)} (pass the same pos)`,
      );
    }
    const rms = this.model.config.norm === "rmsnorm";
    return noGrad(() => (rms ? stack : stack.sub(stack.mean(-1, true))).div(scale));
  }
}
