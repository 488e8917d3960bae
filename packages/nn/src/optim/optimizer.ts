// The Optimizer base: holds parameter groups (torch.optim's param_groups: each group its own params and
// hyper-parameters, unspecified options falling back to the optimizer's defaults), a step counter and
// named per-parameter state buffers (Float32Arrays the size of each parameter). Subclasses implement one
// update rule in `update(i, p, g, group)`, writing into p's storage in place — no new parameter tensors
// per step. It does not add groups after construction (no add_param_group).
import { contiguous, Tensor } from "@paramlens/tensor";
import { OptimizerError } from "./errors";

/** One parameter group as the optimizer holds it: its parameters and its own (writable) hyper-parameters. */
export interface ParamGroup {
  readonly params: readonly Tensor[];
  lr: number;
}

/** A group as passed to an optimizer's constructor: parameters plus any options that override the defaults. */
export type ParamGroupSpec<O> = { params: Iterable<Tensor> } & { [K in keyof O]?: O[K] | undefined };

/** What optimizer constructors accept: a list of parameters (one group) or a list of groups. */
export type Params<O> = Iterable<Tensor> | Iterable<ParamGroupSpec<O>>;

/** One group in a stateDict(): the global indices of its parameters and its hyper-parameters. */
export interface OptimizerGroupState {
  params: number[];
  hyper: Record<string, number | boolean>;
}

/** What `stateDict()` returns: plain hyper-parameters plus one tensor per state buffer. */
export interface OptimizerState {
  /** "SGD", "Adam", "AdamW" or "RMSprop"; loadStateDict refuses another kind. */
  kind: string;
  /** Updates taken so far. */
  step: number;
  /** Group 0's hyper-parameters (lr included, as a scheduler may have changed it). */
  hyper: Record<string, number | boolean>;
  /**
   * Every group's parameter indices and hyper-parameters. Absent in states saved before parameter groups
   * existed; loadStateDict then applies `hyper` to a single-group optimizer.
   */
  groups?: OptimizerGroupState[];
  /** `${paramIndex}.${bufferName}` → a copy of the buffer, shaped like the parameter. */
  buffers: Record<string, Tensor>;
}

/**
 * Validates merged options and fills defaults: returns a group's hyper-parameters (everything but params).
 * `field(k)` names option k in messages ("lr" for the defaults, "paramGroups[1].lr" for a group).
 */
export type GroupMaker<G extends ParamGroup> = (
  options: Record<string, unknown>,
  field: (key: string) => string,
) => Omit<G, "params">;

export abstract class Optimizer<G extends ParamGroup = ParamGroup> {
  /** Every parameter of every group, in group order (the indices of stateDict buffers). */
  readonly params: readonly Tensor[];
  /** The groups (fixed at construction); their hyper-parameters may be changed between steps (step() re-validates them). */
  readonly paramGroups: readonly G[];
  /** Number of step() calls so far. */
  stepCount = 0;
  /** Per parameter: buffer name → storage (created lazily on first use, as PyTorch does). */
  protected readonly state: Map<string, Float32Array>[];
  /** params[i]'s group. */
  private readonly groupOf: G[];
  private readonly make: GroupMaker<G>;
  abstract readonly kind: string;

  /**
   * `keys` are the option names a group may override; `make` validates options and fills the defaults.
   * The defaults are validated first, under their own names, then each group merged over them.
   */
  constructor(
    params: Params<Record<string, unknown>>,
    defaults: object,
    where: string,
    keys: readonly string[],
    make: GroupMaker<G>,
  ) {
    this.make = make;
    const items: unknown[] = [...(params as Iterable<unknown>)];
    if (items.length === 0) throw new OptimizerError("PARAM", `${where}: got an empty parameter list`);
    const defaultsRec = defaults as Record<string, unknown>;
    make(defaultsRec, (k) => k);
    const isGroup = (x: unknown) => typeof x === "object" && x !== null && !(x instanceof Tensor);
    const grouped = isGroup(items[0]);
    const specs: { params: unknown[]; options: Record<string, unknown> }[] = [];
    if (!grouped) specs.push({ params: items, options: defaultsRec });
    else {
      items.forEach((item, gi) => {
        if (!isGroup(item)) {
          throw new OptimizerError(
            "PARAM",
            `${where}: item ${gi} of the list is a ${item instanceof Tensor ? "Tensor" : typeof item}; pass either parameters or {params, ...options} groups, not both`,
          );
        }
        const spec = item as Record<string, unknown>;
        const own: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(spec)) {
          if (k === "params") continue;
          if (!keys.includes(k)) {
            throw new OptimizerError(
              "OPTION",
              `${where}: paramGroups[${gi}] has unknown option "${k}" (known: params, ${keys.join(", ")})`,
            );
          }
          // An explicit undefined means "use the default", as an absent key does.
          if (v !== undefined) own[k] = v;
        }
        const ps = spec.params;
        if (ps === null || typeof ps !== "object" || !(Symbol.iterator in ps) || ps instanceof Tensor) {
          throw new OptimizerError(
            "PARAM",
            `${where}: paramGroups[${gi}].params must be a list of Tensors, got ${ps instanceof Tensor ? "a single Tensor" : String(ps)}`,
          );
        }
        const list = [...(ps as Iterable<unknown>)];
        if (list.length === 0)
          throw new OptimizerError("PARAM", `${where}: paramGroups[${gi}].params is empty`);
        specs.push({ params: list, options: { ...defaultsRec, ...own } });
      });
    }

    const flat: Tensor[] = [];
    const groups: G[] = [];
    const groupOf: G[] = [];
    const seen = new Map<Tensor, number>();
    specs.forEach((spec, gi) => {
      const name = (j: number) => (grouped ? `paramGroups[${gi}].params[${j}]` : `params[${j}]`);
      spec.params.forEach((p, j) => {
        if (!(p instanceof Tensor)) throw new OptimizerError("PARAM", `${where}: ${name(j)} is not a Tensor`);
        if (p.dtype !== "float32") {
          throw new OptimizerError("PARAM", `${where}: ${name(j)} must be float32, got ${p.dtype}`);
        }
        if (!p.isContiguous) {
          throw new OptimizerError(
            "PARAM",
            `${where}: ${name(j)} [${p.shape.join(",")}] is a strided view; optimizers update storage in place and need contiguous parameters`,
          );
        }
        const before = seen.get(p);
        if (before !== undefined) {
          throw new OptimizerError(
            "PARAM",
            before === gi
              ? `${where}: ${name(j)} appears twice in the ${grouped ? "group" : "list"}`
              : `${where}: ${name(j)} is also in paramGroups[${before}]; a parameter may be in one group only`,
          );
        }
        seen.set(p, gi);
      });
      const field = grouped ? (k: string) => `paramGroups[${gi}].${k}` : (k: string) => k;
      const group = { ...make(spec.options, field), params: spec.params as Tensor[] } as unknown as G;
      groups.push(group);
      for (const p of group.params) {
        flat.push(p);
        groupOf.push(group);
      }
    });
    this.params = flat;
    this.paramGroups = groups;
    this.groupOf = groupOf;
    this.state = flat.map(() => new Map());
  }

  /** Group 0's learning rate. Setting it sets every group's lr (use paramGroups[i].lr for one group). */
  get lr(): number {
    return this.paramGroups[0]!.lr;
  }
  set lr(value: number) {
    for (const g of this.paramGroups) g.lr = value;
  }

  /** Sets every parameter's gradient to null (the next backward writes fresh ones). */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /** One update of every parameter that has a gradient; parameters without one are skipped. */
  step(): void {
    // Hyper-parameters are plain writable fields (schedulers and users change them): check before use.
    this.paramGroups.forEach((g, gi) => {
      this.make(g as unknown as Record<string, unknown>, (k) => `paramGroups[${gi}].${k}`);
    });
    this.stepCount++;
    this.params.forEach((p, i) => {
      if (p.grad === null) return;
      const g = contiguous(p.grad);
      this.update(
        i,
        p.data as Float32Array,
        p.offset,
        g.data as Float32Array,
        g.offset,
        p.size,
        p,
        g,
        this.groupOf[i]!,
      );
    });
  }

  /**
   * Updates p[po .. po+n) from g[go .. go+n) with `group`'s hyper-parameters. `param` and `grad` are the
   * same storage as tensors (grad contiguous, shaped like param), for rules that call @paramlens/tensor's
   * fused sgdStep_/adamStep_.
   */
  protected abstract update(
    i: number,
    p: Float32Array,
    po: number,
    g: Float32Array,
    go: number,
    n: number,
    param: Tensor,
    grad: Tensor,
    group: G,
  ): void;

  /** A group's hyper-parameters as stateDict saves them (without lr). */
  protected abstract hyper(group: G): Record<string, number | boolean>;
  /** The inverse of hyper(): group fields from a saved record (type-checked, `where` names the record). */
  protected abstract fromHyper(where: string, h: Record<string, number | boolean>): Omit<G, "params" | "lr">;

  /** Momentum-like value OneCycle cycles (SGD/RMSprop momentum, Adam's β1): group 0's; setting sets all. */
  abstract get momentum(): number;
  abstract set momentum(value: number);

  /** Sets option `key` of every group (the shorthand setters of single-group use). */
  protected setAll<K extends keyof G>(key: K, value: G[K]): void {
    for (const g of this.paramGroups) g[key] = value;
  }

  /** Buffer `name` of parameter i, zero-filled on first use. */
  protected buffer(i: number, name: string, n: number): Float32Array {
    const map = this.state[i]!;
    let b = map.get(name);
    if (b === undefined) {
      b = new Float32Array(n);
      map.set(name, b);
    }
    return b;
  }

  protected hasBuffer(i: number, name: string): boolean {
    return this.state[i]!.has(name);
  }

  stateDict(): OptimizerState {
    const buffers: Record<string, Tensor> = {};
    this.state.forEach((map, i) => {
      for (const [name, b] of map) buffers[`${i}.${name}`] = new Tensor(b.slice(), this.params[i]!.shape);
    });
    let next = 0;
    const groups = this.paramGroups.map((g) => ({
      params: g.params.map(() => next++),
      hyper: { lr: g.lr, ...this.hyper(g) },
    }));
    return { kind: this.kind, step: this.stepCount, hyper: { ...groups[0]!.hyper }, groups, buffers };
  }

  /**
   * Restores a stateDict() of the same optimizer kind over the same groups and parameter shapes (copies the
   * data). Nothing changes when the state does not fit.
   */
  loadStateDict(s: OptimizerState): void {
    const where = `${this.kind}.loadStateDict`;
    if (s.kind !== this.kind)
      throw new OptimizerError("STATE", `${where}: state is for ${s.kind}, not ${this.kind}`);
    if (!Number.isInteger(s.step) || s.step < 0) {
      throw new OptimizerError(
        "STATE",
        `${where}: step must be a non-negative integer, got ${String(s.step)}`,
      );
    }
    const savedGroups = s.groups ?? [{ params: this.params.map((_, i) => i), hyper: s.hyper }];
    if (!Array.isArray(savedGroups) || savedGroups.length !== this.paramGroups.length) {
      throw new OptimizerError(
        "STATE",
        s.groups === undefined
          ? `${where}: the state has no groups (saved by a single-group optimizer) but this optimizer has ${this.paramGroups.length}`
          : `${where}: the state has ${Array.isArray(savedGroups) ? savedGroups.length : String(savedGroups)} groups but this optimizer has ${this.paramGroups.length}`,
      );
    }
    let next = 0;
    const hypers = savedGroups.map((sg, gi) => {
      const expected = this.paramGroups[gi]!.params.map(() => next++);
      if (!Array.isArray(sg.params) || sg.params.join(",") !== expected.join(",")) {
        throw new OptimizerError(
          "STATE",
          `${where}: groups[${gi}].params is [${String(sg.params)}] but paramGroups[${gi}] holds params [${expected.join(",")}]`,
        );
      }
      const { lr, ...rest } = sg.hyper ?? {};
      if (typeof lr !== "number")
        throw new OptimizerError("STATE", `${where}: groups[${gi}].hyper.lr is missing`);
      return { lr, ...this.fromHyper(`${where}: groups[${gi}]`, rest) };
    });
    const nextState: Map<string, Float32Array>[] = this.params.map(() => new Map());
    for (const [key, t] of Object.entries(s.buffers)) {
      const m = /^(\d+)\.(\w+)$/.exec(key);
      const i = m ? Number(m[1]) : -1;
      const p = this.params[i];
      if (!m || p === undefined) {
        throw new OptimizerError(
          "STATE",
          `${where}: buffer "${key}" names no parameter (there are ${this.params.length})`,
        );
      }
      if (t.size !== p.size || t.shape.join(",") !== p.shape.join(",")) {
        throw new OptimizerError(
          "STATE",
          `${where}: buffer "${key}" is [${t.shape.join(",")}] but params[${i}] is [${p.shape.join(",")}]`,
        );
      }
      nextState[i]!.set(m[2]!, Float32Array.from(contiguous(t).toTypedArray()));
    }
    hypers.forEach((h, gi) => {
      Object.assign(this.paramGroups[gi]!, h);
    });
    this.stepCount = s.step;
    nextState.forEach((map, i) => {
      this.state[i]!.clear();
      for (const [k, v] of map) this.state[i]!.set(k, v);
    });
  }
}

export function hyperNumber(where: string, h: Record<string, number | boolean>, key: string): number {
  const v = h[key];
  if (typeof v !== "number")
    throw new OptimizerError("STATE", `${where}: hyper.${key} must be a number, got ${String(v)}`);
  return v;
}

export function hyperBool(where: string, h: Record<string, number | boolean>, key: string): boolean {
  const v = h[key];
  if (typeof v !== "boolean")
    throw new OptimizerError("STATE", `${where}: hyper.${key} must be a boolean, got ${String(v)}`);
  return v;
}
