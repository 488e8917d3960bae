// Learning-rate schedulers that set every parameter group's lr (and, for OneCycle, momentum) from a step
// counter. Like PyTorch's, constructing one applies the step-0 value and each step() advances by one;
// call scheduler.step() after optimizer.step(). Step units are whatever you call step() on (batch or epoch).
// Each group is scheduled from its own initial lr (PyTorch's per-group `initial_lr`), so groups keep their
// ratio under StepLR and the warmup/cosine factor; absolute values (CosineWarmupLR's minLr, OneCycle's
// momenta) are shared by all groups.
import { checkNumber, OptimizerError } from "./errors";
import type { Optimizer } from "./optimizer";

export interface SchedulerState {
  kind: string;
  lastStep: number;
  /** Group 0's initial lr (what single-group states held before parameter groups). */
  baseLr: number;
  /** Every group's initial lr; absent in states saved before parameter groups (one group). */
  baseLrs?: number[];
}

export abstract class LRScheduler {
  readonly optimizer: Optimizer;
  /** Each group's lr when the scheduler was created (its `initial_lr`). */
  baseLrs: number[];
  /** Steps taken (0 right after construction). */
  lastStep = 0;
  abstract readonly kind: string;

  constructor(optimizer: Optimizer) {
    this.optimizer = optimizer;
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Group 0's initial lr. */
  get baseLr(): number {
    return this.baseLrs[0]!;
  }

  /** Learning rate of group `group` (default 0) at step t. */
  lrAt(t: number, group = 0): number {
    const base = this.baseLrs[group];
    if (base === undefined) {
      throw new OptimizerError(
        "OPTION",
        `${this.kind}.lrAt: group ${group} does not exist (the optimizer has ${this.baseLrs.length})`,
      );
    }
    return this.lrFrom(t, base, group);
  }

  /** Learning rate at step t of a group whose initial lr is `baseLr`. */
  protected abstract lrFrom(t: number, baseLr: number, group: number): number;

  /** Sets the optimizer to step `lastStep`'s values; subclasses also set momentum. */
  protected apply(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = this.lrAt(this.lastStep, i);
    });
  }

  step(): void {
    this.lastStep++;
    this.apply();
  }

  /** Group 0's current lr. */
  getLastLr(): number {
    return this.optimizer.lr;
  }

  /** Every group's current lr (PyTorch's get_last_lr()). */
  getLastLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  stateDict(): SchedulerState {
    return { kind: this.kind, lastStep: this.lastStep, baseLr: this.baseLr, baseLrs: [...this.baseLrs] };
  }

  loadStateDict(s: SchedulerState): void {
    const where = `${this.kind}.loadStateDict`;
    if (s.kind !== this.kind) {
      throw new OptimizerError("STATE", `${where}: state is for ${s.kind}, not ${this.kind}`);
    }
    if (!Number.isInteger(s.lastStep) || s.lastStep < 0) {
      throw new OptimizerError(
        "STATE",
        `${where}: lastStep must be a non-negative integer, got ${String(s.lastStep)}`,
      );
    }
    const bases = s.baseLrs ?? [s.baseLr];
    const groups = this.optimizer.paramGroups.length;
    if (!Array.isArray(bases) || bases.length !== groups) {
      throw new OptimizerError(
        "STATE",
        `${where}: the state has ${Array.isArray(bases) ? bases.length : String(bases)} base lrs but the optimizer has ${groups} groups`,
      );
    }
    bases.forEach((b, i) => {
      checkNumber(where, `baseLrs[${i}]`, b, 0);
    });
    this.lastStep = s.lastStep;
    this.baseLrs = [...bases];
    this.apply();
  }
}

/** lr = baseLr · γ^⌊t / stepSize⌋ (torch.optim.lr_scheduler.StepLR). */
export class StepLR extends LRScheduler {
  readonly kind = "StepLR";
  readonly stepSize: number;
  readonly gamma: number;
  constructor(optimizer: Optimizer, options: { stepSize: number; gamma?: number }) {
    super(optimizer);
    this.stepSize = checkNumber("StepLR", "stepSize", options.stepSize, 1);
    if (!Number.isInteger(this.stepSize)) {
      throw new OptimizerError("OPTION", `StepLR: stepSize must be an integer, got ${this.stepSize}`);
    }
    this.gamma = checkNumber("StepLR", "gamma", options.gamma ?? 0.1, 0);
    this.apply();
  }
  protected lrFrom(t: number, baseLr: number): number {
    return baseLr * this.gamma ** Math.floor(t / this.stepSize);
  }
}

/**
 * Linear warmup from 0 to baseLr over `warmupSteps`, then a half cosine down to minLr at `totalSteps`
 * (held there afterwards). With minLr 0 this is Hugging Face transformers' get_cosine_schedule_with_warmup.
 */
export class CosineWarmupLR extends LRScheduler {
  readonly kind = "CosineWarmupLR";
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly minLr: number;
  constructor(optimizer: Optimizer, options: { warmupSteps: number; totalSteps: number; minLr?: number }) {
    super(optimizer);
    this.warmupSteps = checkNumber("CosineWarmupLR", "warmupSteps", options.warmupSteps, 0);
    this.totalSteps = checkNumber("CosineWarmupLR", "totalSteps", options.totalSteps, 1);
    if (this.warmupSteps > this.totalSteps) {
      throw new OptimizerError(
        "OPTION",
        `CosineWarmupLR: warmupSteps ${this.warmupSteps} exceeds totalSteps ${this.totalSteps}`,
      );
    }
    this.minLr = checkNumber("CosineWarmupLR", "minLr", options.minLr ?? 0, 0);
    this.apply();
  }
  protected lrFrom(t: number, baseLr: number): number {
    const { warmupSteps: w, totalSteps: n, minLr } = this;
    if (t < w) return (baseLr * t) / Math.max(1, w);
    const progress = Math.min(1, (t - w) / Math.max(1, n - w));
    return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}

export interface OneCycleOptions {
  /** The peak lr: one for every group, or one per group. */
  maxLr: number | readonly number[];
  totalSteps: number;
  /** Fraction of steps spent increasing the lr. Default 0.3. */
  pctStart?: number;
  annealStrategy?: "cos" | "linear";
  /** Cycle momentum (or Adam's β1) of every group inversely to the lr. Default true. */
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
  /** initial lr = maxLr / divFactor. Default 25. */
  divFactor?: number;
  /** final lr = initial lr / finalDivFactor. Default 1e4. */
  finalDivFactor?: number;
  /** Fast.ai's three phases (up, down to initial, annihilate). Default false. */
  threePhase?: boolean;
}

interface Phase {
  end: number;
  /** Per group: [start, end] lr of the phase. */
  lr: [number, number][];
  mom: [number, number];
}

/**
 * The 1cycle policy (Smith & Topin, arXiv:1708.07120) with torch.optim.lr_scheduler.OneCycleLR's phase
 * boundaries (phase ends at pctStart·total − 1, …, total − 1). Stepping past totalSteps is an error.
 * Like PyTorch's, it replaces each group's lr by its own schedule from maxLr (the groups' lrs at
 * construction are not used).
 */
export class OneCycleLR extends LRScheduler {
  readonly kind = "OneCycleLR";
  readonly totalSteps: number;
  private readonly phases: Phase[];
  private readonly linear: boolean;
  private readonly cycleMomentum: boolean;

  constructor(optimizer: Optimizer, o: OneCycleOptions) {
    super(optimizer);
    const where = "OneCycleLR";
    const groups = optimizer.paramGroups.length;
    if (typeof o.maxLr !== "number" && !Array.isArray(o.maxLr)) checkNumber(where, "maxLr", o.maxLr, 0);
    const maxLrs = typeof o.maxLr === "number" ? new Array<number>(groups).fill(o.maxLr) : [...o.maxLr];
    if (maxLrs.length !== groups) {
      throw new OptimizerError(
        "OPTION",
        `${where}: maxLr has ${maxLrs.length} values but the optimizer has ${groups} groups`,
      );
    }
    maxLrs.forEach((v, i) => {
      checkNumber(where, typeof o.maxLr === "number" ? "maxLr" : `maxLr[${i}]`, v, 0);
    });
    this.totalSteps = checkNumber(where, "totalSteps", o.totalSteps, 1);
    const pct = checkNumber(where, "pctStart", o.pctStart ?? 0.3, 0, 1);
    const div = checkNumber(where, "divFactor", o.divFactor ?? 25, Number.MIN_VALUE);
    const finalDiv = checkNumber(where, "finalDivFactor", o.finalDivFactor ?? 1e4, Number.MIN_VALUE);
    const strategy = o.annealStrategy ?? "cos";
    if (strategy !== "cos" && strategy !== "linear") {
      throw new OptimizerError(
        "OPTION",
        `${where}: annealStrategy must be "cos" or "linear", got ${String(strategy)}`,
      );
    }
    this.linear = strategy === "linear";
    this.cycleMomentum = o.cycleMomentum ?? true;
    const lo = checkNumber(where, "baseMomentum", o.baseMomentum ?? 0.85, 0);
    const hi = checkNumber(where, "maxMomentum", o.maxMomentum ?? 0.95, 0);
    const initial = maxLrs.map((m) => m / div);
    const min = initial.map((v) => v / finalDiv);
    const pair = (a: number[], b: number[]) => a.map((v, i): [number, number] => [v, b[i]!]);
    const n = this.totalSteps;
    this.phases = o.threePhase
      ? [
          { end: pct * n - 1, lr: pair(initial, maxLrs), mom: [hi, lo] },
          { end: 2 * pct * n - 2, lr: pair(maxLrs, initial), mom: [lo, hi] },
          { end: n - 1, lr: pair(initial, min), mom: [hi, hi] },
        ]
      : [
          { end: pct * n - 1, lr: pair(initial, maxLrs), mom: [hi, lo] },
          { end: n - 1, lr: pair(maxLrs, min), mom: [lo, hi] },
        ];
    this.baseLrs = initial;
    this.apply();
  }

  private at(t: number, ends: (ph: Phase) => [number, number]): number {
    if (t > this.totalSteps) {
      throw new OptimizerError(
        "OPTION",
        `OneCycleLR: stepped ${t} times but totalSteps is ${this.totalSteps}; create it with more totalSteps`,
      );
    }
    let start = 0;
    for (let i = 0; i < this.phases.length; i++) {
      const ph = this.phases[i]!;
      if (t <= ph.end || i === this.phases.length - 1) {
        const pct = (t - start) / (ph.end - start);
        const [a, b] = ends(ph);
        return this.linear ? (b - a) * pct + a : b + ((a - b) / 2) * (Math.cos(Math.PI * pct) + 1);
      }
      start = ph.end;
    }
    throw new OptimizerError("OPTION", "OneCycleLR: no phase"); // unreachable: the last phase always matches
  }

  protected lrFrom(t: number, _baseLr: number, group: number): number {
    return this.at(t, (ph) => ph.lr[group]!);
  }

  protected override apply(): void {
    super.apply();
    if (this.cycleMomentum) this.optimizer.momentum = this.at(this.lastStep, (ph) => ph.mom);
  }
}
