// The Optimizer base: holds the parameter list, the learning rate, a step counter and named per-parameter
// state buffers (Float32Arrays the size of each parameter). Subclasses implement one update rule in
// `update(i, p, g)`, writing into p's storage in place — no new parameter tensors per step.
// One parameter group only (no per-group learning rates).
import { contiguous, Tensor } from "@paramlens/tensor";
import { OptimizerError } from "./errors";

/** What `stateDict()` returns: plain hyper-parameters plus one tensor per state buffer. */
export interface OptimizerState {
  /** "SGD", "Adam", "AdamW" or "RMSprop"; loadStateDict refuses another kind. */
  kind: string;
  /** Updates taken so far. */
  step: number;
  /** Current hyper-parameters (lr included, as a scheduler may have changed it). */
  hyper: Record<string, number | boolean>;
  /** `${paramIndex}.${bufferName}` → a copy of the buffer, shaped like the parameter. */
  buffers: Record<string, Tensor>;
}

export abstract class Optimizer {
  readonly params: readonly Tensor[];
  lr: number;
  /** Number of step() calls so far. */
  stepCount = 0;
  /** Per parameter: buffer name → storage (created lazily on first use, as PyTorch does). */
  protected readonly state: Map<string, Float32Array>[];
  abstract readonly kind: string;

  constructor(params: Iterable<Tensor>, lr: number, where: string) {
    this.params = [...params];
    if (this.params.length === 0) throw new OptimizerError("PARAM", `${where}: got an empty parameter list`);
    const seen = new Set<Tensor>();
    this.params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new OptimizerError("PARAM", `${where}: params[${i}] is not a Tensor`);
      if (p.dtype !== "float32") {
        throw new OptimizerError("PARAM", `${where}: params[${i}] must be float32, got ${p.dtype}`);
      }
      if (!p.isContiguous) {
        throw new OptimizerError(
          "PARAM",
          `${where}: params[${i}] [${p.shape.join(",")}] is a strided view; optimizers update storage in place and need contiguous parameters`,
        );
      }
      if (seen.has(p)) throw new OptimizerError("PARAM", `${where}: params[${i}] appears twice in the list`);
      seen.add(p);
    });
    this.state = this.params.map(() => new Map());
    this.lr = lr;
  }

  /** Sets every parameter's gradient to null (the next backward writes fresh ones). */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /** One update of every parameter that has a gradient; parameters without one are skipped. */
  step(): void {
    this.stepCount++;
    this.params.forEach((p, i) => {
      if (p.grad === null) return;
      const g = contiguous(p.grad);
      this.update(i, p.data as Float32Array, p.offset, g.data as Float32Array, g.offset, p.size, p, g);
    });
  }

  /**
   * Updates p[po .. po+n) from g[go .. go+n). `param` and `grad` are the same storage as tensors (grad
   * contiguous, shaped like param), for rules that call @paramlens/tensor's fused sgdStep_/adamStep_.
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
  ): void;

  /** The hyper-parameters that stateDict saves and loadStateDict restores. */
  protected abstract hyper(): Record<string, number | boolean>;
  protected abstract setHyper(h: Record<string, number | boolean>): void;

  /** Momentum-like value OneCycle cycles: SGD/RMSprop momentum, Adam's β1. */
  abstract get momentum(): number;
  abstract set momentum(value: number);

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
    return { kind: this.kind, step: this.stepCount, hyper: { lr: this.lr, ...this.hyper() }, buffers };
  }

  /** Restores a stateDict() of the same optimizer kind over the same parameter shapes (copies the data). */
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
    const next: Map<string, Float32Array>[] = this.params.map(() => new Map());
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
      next[i]!.set(m[2]!, Float32Array.from(contiguous(t).toTypedArray()));
    }
    const { lr, ...rest } = s.hyper;
    if (typeof lr !== "number") throw new OptimizerError("STATE", `${where}: hyper.lr is missing`);
    this.setHyper(rest);
    this.lr = lr;
    this.stepCount = s.step;
    next.forEach((map, i) => {
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
