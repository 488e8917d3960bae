// Containers: Sequential (chains its children, named "0", "1", …), ModuleList (an indexable list of
// children) and ModuleDict (children by string key). Children are registered, so their parameters get
// PyTorch's names ("0.weight", "blocks.3.mlp.fc.bias", "heads.cls.weight").
import type { Tensor } from "@paramlens/tensor";
import { ModuleError } from "../errors";
import { type AnyModule, Module } from "../module";

function indexIn(layer: string, i: number, n: number): number {
  if (!Number.isInteger(i) || i < -n || i >= n) {
    throw new RangeError(`${layer}: index ${i} is out of range for ${n} module(s)`);
  }
  return i < 0 ? i + n : i;
}

/**
 * Runs its children in order, each on the previous one's output. Index with at(i) (negative from the end).
 * `Sequential.named({ conv: …, relu: … })` uses the given names instead of "0", "1", ….
 */
export class Sequential extends Module<[Tensor], Tensor> {
  static readonly typeName = "Sequential";
  constructor(...modules: AnyModule[]) {
    super();
    modules.forEach((m, i) => {
      this.registerModule(String(i), m);
    });
  }

  static named(modules: Readonly<Record<string, AnyModule>>): Sequential {
    const s = new Sequential();
    for (const [k, m] of Object.entries(modules)) s.registerModule(k, m);
    return s;
  }

  get length(): number {
    return this.children().length;
  }

  at(i: number): AnyModule {
    const c = this.children();
    return c[indexIn("Sequential", i, c.length)]!;
  }

  /** Adds a module at the end (named by its position). */
  append(m: AnyModule): this {
    this.registerModule(String(this.length), m);
    return this;
  }

  [Symbol.iterator](): Iterator<AnyModule> {
    return this.children()[Symbol.iterator]();
  }

  override forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this.children()) y = m.call(y) as Tensor;
    return y;
  }
}

/** An indexable list of children (not callable itself): at(i), length, append, iteration. */
export class ModuleList<M extends AnyModule = AnyModule> extends Module<never[], never> {
  static readonly typeName = "ModuleList";
  constructor(modules: readonly M[] = []) {
    super();
    for (const m of modules) this.append(m);
  }

  get length(): number {
    return this.children().length;
  }

  at(i: number): M {
    const c = this.children();
    return c[indexIn("ModuleList", i, c.length)] as M;
  }

  append(m: M): this {
    this.registerModule(String(this.length), m);
    return this;
  }

  extend(ms: readonly M[]): this {
    for (const m of ms) this.append(m);
    return this;
  }

  [Symbol.iterator](): Iterator<M> {
    return (this.children() as M[])[Symbol.iterator]();
  }

  override forward(): never {
    throw new ModuleError("NOT_IMPLEMENTED", "ModuleList: is not callable; iterate over its modules instead");
  }
}

/** Children by string key (insertion order): get, set, has, keys, entries. Not callable itself. */
export class ModuleDict<M extends AnyModule = AnyModule> extends Module<never[], never> {
  static readonly typeName = "ModuleDict";
  constructor(modules: Readonly<Record<string, M>> = {}) {
    super();
    for (const [k, m] of Object.entries(modules)) this.set(k, m);
  }

  get size(): number {
    return this.children().length;
  }

  get(key: string): M {
    const found = this.namedChildren().find(([k]) => k === key);
    if (!found) {
      throw new ModuleError(
        "NO_SUCH_SUBMODULE",
        `ModuleDict: no module "${key}"; keys: ${this.keys().join(", ") || "none"}`,
      );
    }
    return found[1] as M;
  }

  has(key: string): boolean {
    return this.namedChildren().some(([k]) => k === key);
  }

  set(key: string, m: M): this {
    this.registerModule(key, m);
    return this;
  }

  keys(): string[] {
    return this.namedChildren().map(([k]) => k);
  }

  entries(): [string, M][] {
    return this.namedChildren() as [string, M][];
  }

  override forward(): never {
    throw new ModuleError("NOT_IMPLEMENTED", "ModuleDict: is not callable; get(key) a module instead");
  }
}
