// The Module base class: a tree of named parameters, buffers and child modules with PyTorch's names and
// semantics (namedParameters, stateDict, train/eval, hooks). Subclasses register everything explicitly:
// `this.fc1 = this.registerModule("fc1", new Linear(4, 8))` — plain assignment alone registers nothing.
// Layers read their tensors back by name (`get weight() { return this.param("weight") }`) so re-registering
// a parameter (weight tying) is seen by forward. It does not own any maths: layers live in src/layers.
import { isGradEnabled, noGrad, Tensor, zerosLike } from "@paramlens/tensor";
import { ModuleError, type ShapeMismatch, StateDictError } from "./errors";
import { addHook, packGrads, packTensors, type RemovableHandle, unpackGrad } from "./hooks";

export type { RemovableHandle };

/** A module of any call signature (what containers, apply() and the tree walkers hold). */
// biome-ignore lint/suspicious/noExplicitAny: the tree stores modules whatever their forward takes/returns
export type AnyModule = Module<any[], any>;

/** A state dict: names such as "features.0.weight" to tensors, in registration order. */
export type StateDict = Record<string, Tensor>;

/** Runs before forward; may return replacement inputs (the whole argument list). */
// biome-ignore lint/suspicious/noConfusingVoidType: hooks that return nothing are the common case
export type ForwardPreHook<In extends unknown[]> = (module: AnyModule, inputs: In) => In | undefined | void;
/** Runs after forward; may return a replacement output. */
export type ForwardHook<In extends unknown[], Out> = (
  module: AnyModule,
  inputs: In,
  output: Out,
  // biome-ignore lint/suspicious/noConfusingVoidType: hooks that return nothing are the common case
) => Out | undefined | void;
/**
 * Runs during backward once the gradients w.r.t. the module's inputs are known. gradInput has one entry
 * per forward argument (null for arguments that are not tensors requiring grad), gradOutput one per output
 * tensor. May return replacement gradInput (same length; null keeps that entry).
 */
export type FullBackwardHook = (
  module: AnyModule,
  gradInput: readonly (Tensor | null)[],
  gradOutput: readonly (Tensor | null)[],
  // biome-ignore lint/suspicious/noConfusingVoidType: hooks that return nothing are the common case
) => readonly (Tensor | null)[] | undefined | void;
/** Runs during backward when the gradients w.r.t. the module's outputs are known; may replace them. */
export type FullBackwardPreHook = (
  module: AnyModule,
  gradOutput: readonly (Tensor | null)[],
  // biome-ignore lint/suspicious/noConfusingVoidType: hooks that return nothing are the common case
) => readonly (Tensor | null)[] | undefined | void;

export interface NamedOptions {
  /** include descendants (default true) */
  recurse?: boolean;
  /** list a tensor shared under two names (tied weights) only once (default true) */
  removeDuplicate?: boolean;
}

export interface LoadStateDictOptions {
  /** throw on missing or unexpected keys (default true). Shape mismatches always throw. */
  strict?: boolean;
}

export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

export interface RegisterParameterOptions {
  /** set on the tensor when registering (default true, like nn.Parameter) */
  requiresGrad?: boolean;
}

/**
 * Base class of every layer and model. `In` is the forward argument list, `Out` its result.
 * Subclasses implement `forward`; callers use `call`, which also runs the hooks.
 */
export class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** true in training mode (Dropout drops, BatchNorm uses batch statistics); set with train()/eval() */
  training = true;

  private readonly _parameters = new Map<string, Tensor | null>();
  private readonly _buffers = new Map<string, Tensor | null>();
  private readonly _nonPersistent = new Set<string>();
  private readonly _modules = new Map<string, AnyModule>();
  // Stored with erased argument types so a Module<[Tensor], Tensor> is still an AnyModule.
  private readonly _forwardPreHooks: ErasedHook[] = [];
  private readonly _forwardHooks: ErasedHook[] = [];
  private readonly _backwardHooks: FullBackwardHook[] = [];
  private readonly _backwardPreHooks: FullBackwardPreHook[] = [];

  /**
   * The class name shown by summary, errors and toString: the class's own `static typeName` when it declares
   * one (built-in layers do, so bundlers and minifiers cannot rename them), else the constructor's name.
   */
  get typeName(): string {
    const ctor = this.constructor as { name: string; typeName?: unknown };
    return Object.hasOwn(ctor, "typeName") && typeof ctor.typeName === "string" ? ctor.typeName : ctor.name;
  }

  // ---- forward --------------------------------------------------------------------------------------

  /** The computation; subclasses override it. Call modules through `call` so hooks run. */
  forward(..._inputs: In): Out {
    throw new ModuleError("NOT_IMPLEMENTED", `${this.typeName}: forward() is not implemented`);
  }

  /**
   * Runs forward with hooks, in PyTorch's order: forward pre-hooks (may replace the inputs), forward,
   * forward hooks (may replace the output). With backward hooks registered and grad mode on, inputs and
   * outputs are routed through identity ops whose gradient hooks call them during backward.
   */
  call(...args: In): Out {
    let inputs = args;
    for (const hook of [...this._forwardPreHooks]) {
      const r = hook(this, inputs);
      if (r !== undefined) {
        if (!Array.isArray(r)) {
          throw new ModuleError(
            "BAD_HOOK_RESULT",
            `${this.typeName}: a forward pre-hook must return the argument list (an array) or undefined`,
          );
        }
        inputs = r as In;
      }
    }
    const withBackward =
      (this._backwardHooks.length > 0 || this._backwardPreHooks.length > 0) && isGradEnabled();
    const call: BackwardCall = { gradOutput: null, inputsDone: false, inputCount: inputs.length };
    if (withBackward) inputs = this.routeInputs(inputs, call);
    let output = this.forward(...inputs);
    for (const hook of [...this._forwardHooks]) {
      const r = hook(this, inputs, output);
      if (r !== undefined) output = r as Out;
    }
    if (withBackward) output = this.routeOutputs(output, call);
    return output;
  }

  private routeInputs(inputs: In, call: BackwardCall): In {
    const at: number[] = [];
    inputs.forEach((x, i) => {
      if (x instanceof Tensor && x.requiresGrad) at.push(i);
    });
    call.inputsDone = at.length === 0;
    if (at.length === 0) return inputs;
    const ts = at.map((i) => inputs[i] as Tensor);
    const { packed, unpacked } = packTensors(ts);
    const n = inputs.length;
    packed.registerHook((g) => {
      const parts = unpackGrad(g, ts);
      const gradInput: (Tensor | null)[] = new Array(n).fill(null);
      at.forEach((i, k) => {
        gradInput[i] = parts[k]!;
      });
      const replaced = this.runBackwardHooks(gradInput, call.gradOutput ?? []);
      if (replaced === null) return undefined;
      return packGrads(
        at.map((i) => replaced[i] ?? null),
        ts,
        (t) => zerosLike(t),
      );
    });
    const out = [...inputs] as In;
    at.forEach((i, k) => {
      out[i] = unpacked[k]!;
    });
    return out;
  }

  private routeOutputs(output: Out, call: BackwardCall): Out {
    const list: unknown[] = output instanceof Tensor ? [output] : Array.isArray(output) ? output : [];
    const at: number[] = [];
    list.forEach((x, i) => {
      if (x instanceof Tensor && x.requiresGrad) at.push(i);
    });
    if (at.length === 0) return output;
    const ts = at.map((i) => list[i] as Tensor);
    const { packed, unpacked } = packTensors(ts);
    packed.registerHook((g) => {
      let gradOutput: (Tensor | null)[] = unpackGrad(g, ts);
      let changed = false;
      for (const hook of [...this._backwardPreHooks]) {
        const r = hook(this, gradOutput);
        if (r !== undefined) {
          this.checkGradList("full backward pre-hook", r, gradOutput.length);
          gradOutput = r.map((x, k) => x ?? gradOutput[k]!);
          changed = true;
        }
      }
      call.gradOutput = gradOutput;
      // No input needs a gradient: PyTorch calls the hook now, with gradInput all None.
      if (call.inputsDone) {
        this.runBackwardHooks(new Array(call.inputCount).fill(null), gradOutput);
      }
      return changed ? packGrads(gradOutput, ts, (t) => zerosLike(t)) : undefined;
    });
    if (output instanceof Tensor) return unpacked[0] as Out;
    const out = [...list];
    at.forEach((i, k) => {
      out[i] = unpacked[k]!;
    });
    return out as Out;
  }

  private runBackwardHooks(
    gradInput: (Tensor | null)[],
    gradOutput: readonly (Tensor | null)[],
  ): (Tensor | null)[] | null {
    let current = gradInput;
    let changed = false;
    for (const hook of [...this._backwardHooks]) {
      const r = hook(this, current, gradOutput);
      if (r !== undefined) {
        this.checkGradList("full backward hook", r, current.length);
        current = r.map((x, k) => x ?? current[k] ?? null);
        changed = true;
      }
    }
    return changed ? current : null;
  }

  private checkGradList(what: string, r: unknown, n: number): asserts r is (Tensor | null)[] {
    if (!Array.isArray(r) || r.length !== n) {
      throw new ModuleError(
        "BAD_HOOK_RESULT",
        `${this.typeName}: a ${what} must return undefined or an array of ${n} gradients (Tensor or null), got ${Array.isArray(r) ? `${r.length} entries` : typeof r}`,
      );
    }
  }

  // ---- hooks ------------------------------------------------------------------------------------------

  /** fn(module, inputs) runs before every forward; returning an argument list replaces the inputs. */
  registerForwardPreHook(fn: ForwardPreHook<In>): RemovableHandle {
    return addHook(this._forwardPreHooks, fn as ErasedHook);
  }

  /** fn(module, inputs, output) runs after every forward; returning a value replaces the output. */
  registerForwardHook(fn: ForwardHook<In, Out>): RemovableHandle {
    return addHook(this._forwardHooks, fn as ErasedHook);
  }

  /** fn(module, gradInput, gradOutput) runs in backward; see {@link FullBackwardHook}. */
  registerFullBackwardHook(fn: FullBackwardHook): RemovableHandle {
    return addHook(this._backwardHooks, fn);
  }

  /** fn(module, gradOutput) runs in backward before the full backward hooks; may replace gradOutput. */
  registerFullBackwardPreHook(fn: FullBackwardPreHook): RemovableHandle {
    return addHook(this._backwardPreHooks, fn);
  }

  // ---- registration ------------------------------------------------------------------------------------

  private checkName(kind: "parameter" | "buffer" | "module", name: string): void {
    if (typeof name !== "string" || name === "" || name.includes(".")) {
      throw new ModuleError(
        "BAD_NAME",
        `${this.typeName}: ${kind} name must be a non-empty string without ".", got ${JSON.stringify(name)}`,
      );
    }
    const taken =
      (kind !== "parameter" && this._parameters.has(name) && "parameter") ||
      (kind !== "buffer" && this._buffers.has(name) && "buffer") ||
      (kind !== "module" && this._modules.has(name) && "module");
    if (taken) {
      throw new ModuleError(
        "NAME_TAKEN",
        `${this.typeName}: cannot register ${kind} "${name}": a ${taken} has that name`,
      );
    }
  }

  /**
   * Adds (or replaces) a parameter; null registers an absent one (like `bias=None`). Sets requiresGrad
   * (default true). Returns the tensor, for `this.w = this.registerParameter("w", t)`.
   */
  registerParameter<T extends Tensor | null>(name: string, t: T, options: RegisterParameterOptions = {}): T {
    this.checkName("parameter", name);
    if (t !== null) {
      if (!(t instanceof Tensor)) {
        throw new ModuleError(
          "NOT_A_TENSOR",
          `${this.typeName}: parameter "${name}" must be a Tensor or null`,
        );
      }
      if (!t.isLeaf) {
        throw new ModuleError(
          "NOT_A_TENSOR",
          `${this.typeName}: parameter "${name}" must be a leaf tensor (it was produced by ${t.gradFn}; use detach())`,
        );
      }
      t.requiresGrad = options.requiresGrad ?? true;
    }
    this._parameters.set(name, t);
    return t;
  }

  /**
   * Adds (or replaces) a buffer: state that is not trained (BatchNorm's running mean). Persistent buffers
   * (default) are part of stateDict. Returns the tensor.
   */
  registerBuffer<T extends Tensor | null>(name: string, t: T, persistent = true): T {
    this.checkName("buffer", name);
    if (t !== null && !(t instanceof Tensor)) {
      throw new ModuleError("NOT_A_TENSOR", `${this.typeName}: buffer "${name}" must be a Tensor or null`);
    }
    this._buffers.set(name, t);
    if (persistent) this._nonPersistent.delete(name);
    else this._nonPersistent.add(name);
    return t;
  }

  /** Adds (or replaces) a child module under `name`. Returns it, for `this.fc = this.registerModule("fc", …)`. */
  registerModule<M extends AnyModule>(name: string, module: M): M {
    this.checkName("module", name);
    if (!(module instanceof Module)) {
      throw new ModuleError("NOT_A_MODULE", `${this.typeName}: child "${name}" must be a Module`);
    }
    this._modules.set(name, module);
    return module;
  }

  /** This module's own parameter `name`, or null when registered as absent. Throws when never registered. */
  protected paramOrNull(name: string): Tensor | null {
    const t = this._parameters.get(name);
    if (t === undefined) {
      throw new ModuleError("NO_SUCH_PARAMETER", `${this.typeName}: has no parameter "${name}"`);
    }
    return t;
  }

  /** This module's own parameter `name` (throws when absent). */
  protected param(name: string): Tensor {
    const t = this.paramOrNull(name);
    if (t === null)
      throw new ModuleError("NO_SUCH_PARAMETER", `${this.typeName}: parameter "${name}" is null`);
    return t;
  }

  /** This module's own buffer `name` (throws when absent or null). */
  protected buffer(name: string): Tensor {
    const t = this._buffers.get(name);
    if (t === undefined || t === null) {
      throw new ModuleError("NO_SUCH_PARAMETER", `${this.typeName}: has no buffer "${name}"`);
    }
    return t;
  }

  // ---- the tree ----------------------------------------------------------------------------------------

  /** Direct children with their names, in registration order. */
  namedChildren(): [string, AnyModule][] {
    return [...this._modules];
  }

  children(): AnyModule[] {
    return [...this._modules.values()];
  }

  /** This module ("") and every descendant with its dotted path; a module reachable twice is listed once. */
  namedModules(prefix = ""): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    const walk = (m: AnyModule, path: string) => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([path, m]);
      for (const [name, child] of m._modules) walk(child, path === "" ? name : `${path}.${name}`);
    };
    walk(this, prefix);
    return out;
  }

  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** The descendant at a dotted path such as "features.0" ("" is this module). */
  getSubmodule(target: string): AnyModule {
    if (target === "") return this;
    let m: AnyModule = this;
    const parts = target.split(".");
    for (let i = 0; i < parts.length; i++) {
      const next = m._modules.get(parts[i]!);
      if (next === undefined) {
        const at = parts.slice(0, i).join(".") || "(root)";
        const names = [...m._modules.keys()];
        throw new ModuleError(
          "NO_SUCH_SUBMODULE",
          `getSubmodule: "${target}": ${at} (${m.typeName}) has no child "${parts[i]}"; children: ${names.length ? names.join(", ") : "none"}`,
        );
      }
      m = next;
    }
    return m;
  }

  /** The parameter at a dotted path such as "features.0.weight". */
  getParameter(target: string): Tensor {
    const i = target.lastIndexOf(".");
    const owner = i < 0 ? this : this.getSubmodule(target.slice(0, i));
    const name = target.slice(i + 1);
    const t = owner._parameters.get(name);
    if (t === undefined || t === null) {
      throw new ModuleError(
        "NO_SUCH_PARAMETER",
        `getParameter: "${target}": ${owner.typeName} has no parameter "${name}"; parameters: ${[...owner._parameters.keys()].join(", ") || "none"}`,
      );
    }
    return t;
  }

  /** The buffer at a dotted path such as "bn.runningMean"… (PyTorch names: "bn.running_mean"). */
  getBuffer(target: string): Tensor {
    const i = target.lastIndexOf(".");
    const owner = i < 0 ? this : this.getSubmodule(target.slice(0, i));
    const name = target.slice(i + 1);
    const t = owner._buffers.get(name);
    if (t === undefined || t === null) {
      throw new ModuleError(
        "NO_SUCH_PARAMETER",
        `getBuffer: "${target}": ${owner.typeName} has no buffer "${name}"; buffers: ${[...owner._buffers.keys()].join(", ") || "none"}`,
      );
    }
    return t;
  }

  private namedTensors(kind: "_parameters" | "_buffers", options: NamedOptions): [string, Tensor][] {
    const recurse = options.recurse ?? true;
    const dedupe = options.removeDuplicate ?? true;
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const mods: [string, AnyModule][] = recurse ? this.namedModules() : [["", this]];
    for (const [path, m] of mods) {
      for (const [name, t] of m[kind]) {
        if (t === null || (dedupe && seen.has(t))) continue;
        seen.add(t);
        out.push([path === "" ? name : `${path}.${name}`, t]);
      }
    }
    return out;
  }

  /** Every parameter with its dotted name ("fc1.weight"), parents' own first, then children in order. */
  namedParameters(options: NamedOptions = {}): [string, Tensor][] {
    return this.namedTensors("_parameters", options);
  }

  parameters(options: NamedOptions = {}): Tensor[] {
    return this.namedParameters(options).map(([, t]) => t);
  }

  /** Every buffer (persistent or not) with its dotted name. */
  namedBuffers(options: NamedOptions = {}): [string, Tensor][] {
    return this.namedTensors("_buffers", options);
  }

  buffers(options: NamedOptions = {}): Tensor[] {
    return this.namedBuffers(options).map(([, t]) => t);
  }

  /** Calls fn on every descendant (children first) and then on this module, as PyTorch's apply. */
  apply(fn: (m: AnyModule) => void): this {
    for (const child of this._modules.values()) child.apply(fn);
    fn(this);
    return this;
  }

  // ---- modes ---------------------------------------------------------------------------------------------

  /** Sets training mode on this module and every descendant. */
  train(mode = true): this {
    this.training = mode;
    for (const child of this._modules.values()) child.train(mode);
    return this;
  }

  /** Evaluation mode: train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Sets requiresGrad on every parameter: requiresGrad_(false) freezes the module. */
  requiresGrad_(on = true): this {
    for (const p of this.parameters()) p.requiresGrad = on;
    return this;
  }

  /**
   * Moves every parameter and buffer's storage to `backend` in place (`Tensor.moveTo_`), as PyTorch's
   * `module.to(device)`: `"wasm"` keeps the weights resident in the wasm backend's memory so its kernels read
   * them without a per-call copy (needs `await initBackend()` first); `"js"` brings them back. Tied
   * parameters stay tied (one tensor). Returns this.
   */
  to(backend: "js" | "wasm"): this {
    noGrad(() => {
      for (const p of this.parameters()) p.moveTo_(backend);
      for (const b of this.buffers()) b.moveTo_(backend);
    });
    return this;
  }

  /** Drops every parameter's gradient (sets .grad to null). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  // ---- state dicts ---------------------------------------------------------------------------------------

  /** Live tensors by state-dict name (parameters and persistent buffers; tied tensors under every name). */
  private stateTensors(prefix: string, out: Map<string, Tensor>): void {
    for (const [name, t] of this._parameters) if (t !== null) out.set(prefix + name, t);
    for (const [name, t] of this._buffers) {
      if (t !== null && !this._nonPersistent.has(name)) out.set(prefix + name, t);
    }
    for (const [name, child] of this._modules) child.stateTensors(`${prefix}${name}.`, out);
  }

  /**
   * Parameters and persistent buffers by dotted name, as detached tensors sharing the module's memory
   * (copy them to snapshot). A tensor tied under two names appears under both, as in PyTorch.
   */
  stateDict(): StateDict {
    const live = new Map<string, Tensor>();
    this.stateTensors("", live);
    const out: StateDict = {};
    for (const [k, t] of live) out[k] = t.detach();
    return out;
  }

  /**
   * Copies values from `sd` into this module's tensors in place. Checks everything before copying anything:
   * a shape mismatch always throws StateDictError; missing or unexpected keys throw when strict (default).
   */
  loadStateDict(
    sd: Readonly<Record<string, Tensor>>,
    options: LoadStateDictOptions = {},
  ): LoadStateDictResult {
    const strict = options.strict ?? true;
    const live = new Map<string, Tensor>();
    this.stateTensors("", live);
    const missingKeys: string[] = [];
    const mismatches: ShapeMismatch[] = [];
    for (const [k, t] of live) {
      if (!Object.hasOwn(sd, k)) {
        missingKeys.push(k);
        continue;
      }
      const src = sd[k];
      if (!(src instanceof Tensor)) {
        throw new TypeError(
          `loadStateDict: "${k}" must be a Tensor, got ${src === null ? "null" : typeof src}`,
        );
      }
      if (src.shape.length !== t.shape.length || src.shape.some((d, i) => d !== t.shape[i])) {
        mismatches.push({ key: k, checkpoint: [...src.shape], model: [...t.shape] });
      }
    }
    const unexpectedKeys = Object.keys(sd).filter((k) => !live.has(k));
    if (mismatches.length > 0 || (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0))) {
      throw new StateDictError(this.typeName, missingKeys, unexpectedKeys, mismatches);
    }
    noGrad(() => {
      for (const [k, t] of live) {
        const src = sd[k];
        if (src !== undefined) t.copy_(src);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  // ---- printing ------------------------------------------------------------------------------------------

  /** Extra text inside this module's parentheses in toString(), e.g. "in=4, out=8, bias=true". */
  extraRepr(): string {
    return "";
  }

  /** A PyTorch-like nested description of the module tree. */
  toString(): string {
    const children = [...this._modules];
    if (children.length === 0) return `${this.typeName}(${this.extraRepr()})`;
    const lines = [`${this.typeName}(${this.extraRepr()}`];
    for (const [name, child] of children) {
      lines.push(`  (${name}): ${child.toString().split("\n").join("\n  ")}`);
    }
    lines.push(")");
    return lines.join("\n");
  }
}

// biome-ignore lint/suspicious/noExplicitAny: erased hook signature (see _forwardPreHooks)
type ErasedHook = (module: AnyModule, ...rest: any[]) => unknown;

/** Per-call state shared by the input and output gradient hooks of one forward. */
interface BackwardCall {
  gradOutput: (Tensor | null)[] | null;
  /** true when no input required grad (the hook then fires from the output side) */
  inputsDone: boolean;
  inputCount: number;
}
