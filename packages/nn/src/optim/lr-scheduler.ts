// Learning-rate schedulers that set `optimizer.lr` (and, for OneCycle, `optimizer.momentum`) from a step
// counter. Like PyTorch's, constructing one applies the step-0 value and each step() advances by one;
// call scheduler.step() after optimizer.step(). Step units are whatever you call step() on (batch or epoch).
import { checkNumber, OptimizerError } from "./errors";
import type { Optimizer } from "./optimizer";

export interface SchedulerState {
  kind: string;
  lastStep: number;
  baseLr: number;
}

export abstract class LRScheduler {
  readonly optimizer: Optimizer;
  /** The optimizer's lr when the scheduler was created. */
  baseLr: number;
  /** Steps taken (0 right after construction). */
  lastStep = 0;
  abstract readonly kind: string;

  constructor(optimizer: Optimizer) {
    this.optimizer = optimizer;
    this.baseLr = optimizer.lr;
  }

  /** Learning rate at step t. */
  abstract lrAt(t: number): number;

  /** Sets the optimizer to step `lastStep`'s values; subclasses also set momentum. */
  protected apply(): void {
    this.optimizer.lr = this.lrAt(this.lastStep);
  }

  step(): void {
    this.lastStep++;
    this.apply();
  }

  getLastLr(): number {
    return this.optimizer.lr;
  }

  stateDict(): SchedulerState {
    return { kind: this.kind, lastStep: this.lastStep, baseLr: this.baseLr };
  }

  loadStateDict(s: SchedulerState): void {
    if (s.kind !== this.kind) {
      throw new OptimizerError(
        "STATE",
        `${this.kind}.loadStateDict: state is for ${s.kind}, not ${this.kind}`,
      );
    }
    this.lastStep = s.lastStep;
    this.baseLr = s.baseLr;
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
  lrAt(t: number): number {
    return this.baseLr * this.gamma ** Math.floor(t / this.stepSize);
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
  lrAt(t: number): number {
    const { warmupSteps: w, totalSteps: n, baseLr, minLr } = this;
    if (t < w) return (baseLr * t) / Math.max(1, w);
    const progress = Math.min(1, (t - w) / Math.max(1, n - w));
    return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}

export interface OneCycleOptions {
  maxLr: number;
  totalSteps: number;
  /** Fraction of steps spent increasing the lr. Default 0.3. */
  pctStart?: number;
  annealStrategy?: "cos" | "linear";
  /** Cycle momentum (or Adam's β1) inversely to the lr. Default true. */
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
  lr: [number, number];
  mom: [number, number];
}

/**
 * The 1cycle policy (Smith & Topin, arXiv:1708.07120) with torch.optim.lr_scheduler.OneCycleLR's phase
 * boundaries (phase ends at pctStart·total − 1, …, total − 1). Stepping past totalSteps is an error.
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
    const maxLr = checkNumber(where, "maxLr", o.maxLr, 0);
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
    const initial = maxLr / div;
    const min = initial / finalDiv;
    const n = this.totalSteps;
    this.phases = o.threePhase
      ? [
          { end: pct * n - 1, lr: [initial, maxLr], mom: [hi, lo] },
          { end: 2 * pct * n - 2, lr: [maxLr, initial], mom: [lo, hi] },
          { end: n - 1, lr: [initial, min], mom: [hi, hi] },
        ]
      : [
          { end: pct * n - 1, lr: [initial, maxLr], mom: [hi, lo] },
          { end: n - 1, lr: [maxLr, min], mom: [lo, hi] },
        ];
    this.baseLr = initial;
    this.apply();
  }

  private at(t: number, which: "lr" | "mom"): number {
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
        const [a, b] = ph[which];
        return this.linear ? (b - a) * pct + a : b + ((a - b) / 2) * (Math.cos(Math.PI * pct) + 1);
      }
      start = ph.end;
    }
    throw new OptimizerError("OPTION", "OneCycleLR: no phase"); // unreachable: the last phase always matches
  }

  lrAt(t: number): number {
    return this.at(t, "lr");
  }

  protected override apply(): void {
    super.apply();
    if (this.cycleMomentum) this.optimizer.momentum = this.at(this.lastStep, "mom");
  }
}
