// fit(): the training loop. Seeded shuffling per epoch, mini-batches, loss + backward + optional gradient
// clipping + optimizer step (+ scheduler step), NaN/Inf detection (the loss before each update, every
// parameter after it, the validation loss), validation and metrics per epoch,
// early stopping, progress events for progress bars, and checkpoints that resume bit-identically.
// Determinism: the batch order depends on (seed, epoch); dropout and other random ops draw from a training
// stream seeded from `seed` that is swapped into the global tensor generator only while a step runs
// (rng-stream.ts), and checkpoints store its state. Checkpoints without one (older
// files) resume the old way: the global generator re-seeded from (seed, step) before every step.
// It does not move data between devices, accumulate gradients over batches, or run mixed precision.
import { type GeneratorState, noGrad, type Tensor } from "@paramlens/tensor";
import { crossEntropy } from "../losses/cross-entropy";
import { mseLoss } from "../losses/regression";
import type { AnyModule } from "../module";
import { clipGradNorm } from "../optim/clip-grad-norm";
import type { LRScheduler } from "../optim/lr-scheduler";
import type { Optimizer } from "../optim/optimizer";
import { restoreCheckpoint, saveCheckpoint } from "./checkpoint";
import { checkDataset, epochOrder, type TensorDataset, takeRows } from "./data";
import { TrainingError } from "./errors";
import { describeNonFinite, firstNonFinite } from "./finite";
import { correctCount } from "./metrics";
import { initialRngState, legacyStepRngState, withRngState } from "./rng-stream";

export type LossFn = (output: Tensor, target: Tensor) => Tensor;

export interface EarlyStoppingOptions {
  /** Default "valLoss" (lower is better); "valAccuracy" is higher-is-better. Needs `val`. */
  monitor?: "valLoss" | "valAccuracy";
  /** Epochs without improvement before stopping. */
  patience: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Load the best epoch's weights back when stopping (or finishing). Default false. */
  restoreBest?: boolean;
}

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  /** Learning rate at the end of the epoch. */
  lr: number;
}

export type StopReason = "completed" | "early-stopping" | "callback" | "max-steps";

export type FitEvent =
  | { type: "start"; epochs: number; stepsPerEpoch: number; totalSteps: number; startStep: number }
  | {
      type: "step";
      /** Global step, 1-based (steps completed). */
      step: number;
      /** 0-based epoch and batch within it. */
      epoch: number;
      batch: number;
      stepsPerEpoch: number;
      totalSteps: number;
      loss: number;
      /** Learning rate used by this step. */
      lr: number;
      samplesPerSecond: number;
      elapsedMs: number;
      /** Estimated time left for the whole run, from this run's average step time. */
      etaMs: number;
      /** step / totalSteps. */
      progress: number;
    }
  | ({ type: "epoch"; step: number; elapsedMs: number } & EpochRecord)
  | { type: "checkpoint"; step: number; bytes: Uint8Array }
  | { type: "end"; step: number; reason: StopReason; elapsedMs: number };

/** Receives every event; returning "stop" ends training after the current step. */
// biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing are the common case
export type FitCallback = (event: FitEvent) => void | "stop";

export interface FitOptions {
  train: TensorDataset;
  val?: TensorDataset;
  /** A loss function, or "crossEntropy" / "mse". */
  loss: LossFn | "crossEntropy" | "mse";
  optimizer: Optimizer;
  epochs: number;
  batchSize: number;
  /**
   * Seed for shuffling and for the training steps' tensor RNG stream (dropout). Default 0. The stream is
   * fit()'s own: the caller's global generator (manualSeed) is left as it was, and callbacks draw from it.
   */
  seed?: number;
  /** Shuffle the training set each epoch. Default true. */
  shuffle?: boolean;
  callbacks?: FitCallback | readonly FitCallback[];
  earlyStopping?: EarlyStoppingOptions;
  scheduler?: LRScheduler;
  /** When the scheduler steps: after every optimizer step (default) or after every epoch. */
  schedulerInterval?: "step" | "epoch";
  /** Clip the global gradient norm (L2) to this value before each step. */
  clipGradNorm?: number;
  /** Emit a "checkpoint" event with saveCheckpoint bytes every this many steps. */
  checkpointEvery?: number;
  /** More `__metadata__` entries for the checkpoints fit() emits (saveCheckpoint's `metadata`). */
  checkpointMetadata?: Readonly<Record<string, string>>;
  /** Continue from checkpoint bytes emitted by an earlier fit() with the same data and options. */
  resumeFrom?: Uint8Array;
  /** Stop once this many global steps are done (the run can be resumed later). */
  maxSteps?: number;
  /** Batch size for validation. Default batchSize. */
  evalBatchSize?: number;
}

export interface FitResult {
  history: EpochRecord[];
  /** Global steps completed. */
  step: number;
  reason: StopReason;
  /** Epoch with the best monitored value (early stopping only). */
  bestEpoch: number | null;
  elapsedMs: number;
}

interface LoopState {
  lossSum: number;
  correct: number;
  counted: number;
  accuracyApplies: boolean;
  history: EpochRecord[];
  best: number | null;
  bestEpoch: number | null;
  badEpochs: number;
}

function posInt(field: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new TrainingError("OPTION", `fit: ${field} must be a positive integer, got ${String(v)}`);
  }
  return v;
}

/** The loop state from a checkpoint, once its fields have the types fit() reads. */
function checkLoopState(v: unknown): LoopState {
  const o = v as Partial<Record<keyof LoopState, unknown>> | null;
  const num = (x: unknown) => typeof x === "number" && Number.isFinite(x);
  const numOrNull = (x: unknown) => x === null || num(x);
  const ok =
    typeof o === "object" &&
    o !== null &&
    num(o.lossSum) &&
    num(o.correct) &&
    num(o.counted) &&
    typeof o.accuracyApplies === "boolean" &&
    Array.isArray(o.history) &&
    numOrNull(o.best) &&
    numOrNull(o.bestEpoch) &&
    num(o.badEpochs);
  if (!ok) throw new TrainingError("CHECKPOINT", "fit: the checkpoint's loop state is not one fit() wrote");
  return o as LoopState;
}

function resolveLoss(loss: FitOptions["loss"]): LossFn {
  if (loss === "crossEntropy") return (o, t) => crossEntropy(o, t);
  if (loss === "mse") return (o, t) => mseLoss(o, t);
  if (typeof loss !== "function") {
    throw new TrainingError(
      "OPTION",
      `fit: loss must be a function, "crossEntropy" or "mse", got ${String(loss)}`,
    );
  }
  return loss;
}

/** Mean loss (weighted by batch size) and accuracy of `model` on `data`, in eval mode without gradients. */
export function evaluate(
  model: AnyModule,
  data: TensorDataset,
  options: { loss: FitOptions["loss"]; batchSize?: number },
): { loss: number; accuracy: number | null } {
  const n = checkDataset("data", data);
  const lossFn = resolveLoss(options.loss);
  const bs = options.batchSize ?? 256;
  const order = epochOrder(n, 0, 0, false);
  const wasTraining = model.training;
  model.eval();
  let lossSum = 0;
  let correct = 0;
  let applies = true;
  try {
    noGrad(() => {
      for (let s = 0; s < n; s += bs) {
        const e = Math.min(n, s + bs);
        const yb = takeRows(data.y, order, s, e);
        const out = model.call(takeRows(data.x, order, s, e)) as Tensor;
        lossSum += lossFn(out, yb).item() * (e - s);
        const c = correctCount(out, yb);
        if (c === null) applies = false;
        else correct += c;
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return { loss: lossSum / n, accuracy: applies ? correct / n : null };
}

/** Trains `model` in place; see FitOptions. Throws TrainingError NON_FINITE_LOSS naming the step on NaN/Inf. */
export function fit(model: AnyModule, options: FitOptions): FitResult {
  const n = checkDataset("train", options.train);
  if (options.val) checkDataset("val", options.val);
  const epochs = posInt("epochs", options.epochs);
  const batchSize = posInt("batchSize", options.batchSize);
  const seed = options.seed ?? 0;
  const shuffle = options.shuffle ?? true;
  const lossFn = resolveLoss(options.loss);
  const { optimizer, scheduler } = options;
  const interval = options.schedulerInterval ?? "step";
  const callbacks =
    options.callbacks === undefined
      ? []
      : Array.isArray(options.callbacks)
        ? options.callbacks
        : [options.callbacks];
  const es = options.earlyStopping;
  if (es) {
    if (!options.val) throw new TrainingError("OPTION", "fit: earlyStopping needs a val set to monitor");
    posInt("earlyStopping.patience", es.patience);
  }
  if (options.checkpointEvery !== undefined) posInt("checkpointEvery", options.checkpointEvery);
  if (options.maxSteps !== undefined) posInt("maxSteps", options.maxSteps);
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const totalSteps = stepsPerEpoch * epochs;

  let step = 0;
  let st: LoopState = {
    lossSum: 0,
    correct: 0,
    counted: 0,
    accuracyApplies: true,
    history: [],
    best: null,
    bestEpoch: null,
    badEpochs: 0,
  };
  let bestState: Record<string, Tensor> | null = null;
  // null: a checkpoint from before RNG state was saved; every step then re-seeds as those runs did.
  let rng: GeneratorState | null = initialRngState(seed);
  if (options.resumeFrom) {
    const meta = restoreCheckpoint(options.resumeFrom, model, optimizer, scheduler);
    if (meta.seed !== seed) {
      throw new TrainingError(
        "CHECKPOINT",
        `fit: the checkpoint was made with seed ${meta.seed}, not ${seed}`,
      );
    }
    step = meta.step;
    rng = meta.rngState;
    st = checkLoopState(meta.loop);
    if (Object.keys(meta.extra).length > 0) bestState = meta.extra;
  }

  const snapshot = (): Record<string, Tensor> => {
    const out: Record<string, Tensor> = {};
    for (const [k, t] of Object.entries(model.stateDict())) out[k] = t.clone();
    return out;
  };
  const started = Date.now();
  const startStep = step;
  let samples = 0;
  let reason: StopReason = "completed";
  const emit = (e: FitEvent): boolean => {
    let stop = false;
    for (const cb of callbacks) if (cb(e) === "stop") stop = true;
    return stop;
  };
  if (emit({ type: "start", epochs, stepsPerEpoch, totalSteps, startStep })) reason = "callback";

  model.train();
  let epoch = Math.floor(step / stepsPerEpoch);
  outer: while (reason === "completed" && epoch < epochs) {
    const order = epochOrder(n, seed, epoch, shuffle);
    for (let batch = step % stepsPerEpoch; batch < stepsPerEpoch; batch++) {
      if (options.maxSteps !== undefined && step >= options.maxSteps) {
        reason = "max-steps";
        break outer;
      }
      const s = batch * batchSize;
      const e = Math.min(n, s + batchSize);
      const xb = takeRows(options.train.x, order, s, e);
      const yb = takeRows(options.train.y, order, s, e);
      // The whole step (forward, backward, clipping, optimizer and scheduler) draws from the training stream.
      const stepped = withRngState(rng ?? legacyStepRngState(seed, step), () => {
        optimizer.zeroGrad();
        const out = model.call(xb) as Tensor;
        const loss = lossFn(out, yb);
        const lv = loss.item();
        if (!Number.isFinite(lv)) {
          throw new TrainingError(
            "NON_FINITE_LOSS",
            `fit: the loss is ${lv} at step ${step + 1} (epoch ${epoch + 1}, batch ${batch + 1}); ` +
              "lower the learning rate, clip gradients, or check the inputs for NaN/Inf",
            step + 1,
          );
        }
        loss.backward();
        if (options.clipGradNorm !== undefined) clipGradNorm(optimizer.params, options.clipGradNorm);
        const lr = optimizer.lr;
        optimizer.step();
        // The next step's loss would catch most bad updates, but not the last one: check every one.
        const bad = firstNonFinite(model.namedParameters());
        if (bad !== undefined) {
          throw new TrainingError(
            "NON_FINITE_PARAMETERS",
            `fit: the update of step ${step + 1} (epoch ${epoch + 1}, batch ${batch + 1}) left ${describeNonFinite(bad)}; ` +
              "lower the learning rate or clip gradients",
            step + 1,
          );
        }
        if (scheduler && interval === "step") scheduler.step();
        return { out, lv, lr };
      });
      if (rng) rng = stepped.state;
      const { out, lv, lr } = stepped.result;
      step++;
      samples += e - s;
      st.lossSum += lv * (e - s);
      st.counted += e - s;
      const c = correctCount(out, yb);
      if (c === null) st.accuracyApplies = false;
      else st.correct += c;
      const elapsedMs = Date.now() - started;
      const perStep = elapsedMs / Math.max(1, step - startStep);
      if (
        emit({
          type: "step",
          step,
          epoch,
          batch,
          stepsPerEpoch,
          totalSteps,
          loss: lv,
          lr,
          samplesPerSecond: elapsedMs > 0 ? (samples * 1000) / elapsedMs : 0,
          elapsedMs,
          etaMs: perStep * (totalSteps - step),
          progress: step / totalSteps,
        })
      ) {
        reason = "callback";
      }

      if (batch === stepsPerEpoch - 1) {
        if (scheduler && interval === "epoch") scheduler.step();
        const val = options.val
          ? evaluate(model, options.val, { loss: lossFn, batchSize: options.evalBatchSize ?? batchSize })
          : null;
        if (val && !Number.isFinite(val.loss)) {
          throw new TrainingError(
            "NON_FINITE_LOSS",
            `fit: the validation loss is ${val.loss} after step ${step} (end of epoch ${epoch + 1}); ` +
              "lower the learning rate, clip gradients, or check the validation data for NaN/Inf",
            step,
          );
        }
        const record: EpochRecord = {
          epoch,
          trainLoss: st.lossSum / st.counted,
          trainAccuracy: st.accuracyApplies ? st.correct / st.counted : null,
          valLoss: val ? val.loss : null,
          valAccuracy: val ? val.accuracy : null,
          lr: optimizer.lr,
        };
        st.history.push(record);
        st.lossSum = 0;
        st.correct = 0;
        st.counted = 0;
        st.accuracyApplies = true;
        if (emit({ type: "epoch", step, elapsedMs: Date.now() - started, ...record })) reason = "callback";
        if (es && val) {
          const higher = es.monitor === "valAccuracy";
          const value = higher ? (val.accuracy ?? Number.NaN) : val.loss;
          const delta = es.minDelta ?? 0;
          const improved = st.best === null || (higher ? value > st.best + delta : value < st.best - delta);
          if (improved) {
            st.best = value;
            st.bestEpoch = epoch;
            st.badEpochs = 0;
            if (es.restoreBest) bestState = snapshot();
          } else if (++st.badEpochs >= es.patience && reason === "completed") reason = "early-stopping";
        }
      }
      if (options.checkpointEvery !== undefined && step % options.checkpointEvery === 0) {
        const bytes = saveCheckpoint(model, optimizer, {
          step,
          seed,
          rngState: rng,
          scheduler,
          loop: st,
          extra: bestState ?? undefined,
          ...(options.checkpointMetadata ? { metadata: options.checkpointMetadata } : {}),
        });
        if (emit({ type: "checkpoint", step, bytes })) reason = "callback";
      }
      if (reason !== "completed") break outer;
    }
    epoch++;
  }
  if (es?.restoreBest && bestState && reason !== "max-steps") model.loadStateDict(bestState);
  const elapsedMs = Date.now() - started;
  emit({ type: "end", step, reason, elapsedMs });
  return { history: st.history, step, reason, bestEpoch: st.bestEpoch, elapsedMs };
}
