// Training checkpoints in one safetensors file: the model's state dict under "model.<name>", the optimizer's
// buffers under "optimizer.<param>.<buffer>", and everything else (step, seed, the tensor-RNG stream's
// state, optimizer hyper-parameters, scheduler and fit-loop progress) as JSON in the `paramlens.checkpoint`
// metadata entry. Format /2 added `rngState`; /1 files (no RNG state: fit() then re-seeded from
// (seed, step) every step) still load, with rngState null. saveCheckpoint refuses a model whose weights hold
// NaN or ±Infinity (a checkpoint of a diverged run is never written); restoreCheckpoint checks the metadata's
// JSON and field types before touching the model, so a hostile file gives a TrainingError, never a TypeError.
import {
  Generator,
  type GeneratorState,
  GeneratorStateError,
  loadSafetensors,
  readSafetensorsHeader,
  saveSafetensors,
  type Tensor,
} from "@paramlens/tensor";
import type { AnyModule } from "../module";
import type { LRScheduler, SchedulerState } from "../optim/lr-scheduler";
import type { Optimizer, OptimizerState } from "../optim/optimizer";
import { TrainingError } from "./errors";
import { describeNonFinite, firstNonFinite } from "./finite";

const META_KEY = "paramlens.checkpoint";
const FORMAT = "paramlens-checkpoint/2";
/** Formats restoreCheckpoint reads: /1 is /2 without rngState. */
const READABLE = [FORMAT, "paramlens-checkpoint/1"];

export interface RestoredCheckpoint extends CheckpointMeta {
  /** The tensors saved with `extra`, by name. */
  extra: Record<string, Tensor>;
}

export interface CheckpointMeta {
  format: string;
  /** Optimizer steps taken. */
  step: number;
  /** The seed of the run (it fixes the batch order of every epoch). */
  seed: number;
  /**
   * The global tensor generator's state for the next step (getRngState() of fit()'s stream), or null:
   * saved without one (format /1, or saveCheckpoint without `rngState`).
   */
  rngState: GeneratorState | null;
  optimizer: Omit<OptimizerState, "buffers">;
  scheduler: SchedulerState | null;
  /** Free-form progress the training loop needs to resume (running sums, history, early-stopping state). */
  loop: unknown;
}

export interface SaveCheckpointOptions {
  step: number;
  seed: number;
  /** The tensor-RNG state to continue from (a getRngState()/Generator.getState() snapshot). */
  rngState?: GeneratorState | null;
  scheduler?: LRScheduler | null;
  loop?: unknown;
  /** More tensors to keep (e.g. early stopping's best weights), stored under "extra.<name>". */
  extra?: Record<string, Tensor>;
  /**
   * More `__metadata__` entries (string values), e.g. what an application needs to rebuild the model.
   * The key "paramlens.checkpoint" is the checkpoint's own and cannot be given.
   */
  metadata?: Readonly<Record<string, string>>;
}

/** Serialises model + optimizer (+ scheduler and loop state) to safetensors bytes. */
export function saveCheckpoint(
  model: AnyModule,
  optimizer: Optimizer,
  options: SaveCheckpointOptions,
): Uint8Array {
  const state = model.stateDict();
  const bad = firstNonFinite(Object.entries(state));
  if (bad !== undefined) {
    throw new TrainingError(
      "NON_FINITE_PARAMETERS",
      `saveCheckpoint: ${describeNonFinite(bad)} at step ${options.step}; a checkpoint with non-finite weights is not written`,
      options.step,
    );
  }
  const tensors: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(state)) tensors[`model.${k}`] = t;
  const { buffers, ...opt } = optimizer.stateDict();
  for (const [k, t] of Object.entries(buffers)) tensors[`optimizer.${k}`] = t;
  for (const [k, t] of Object.entries(options.extra ?? {})) tensors[`extra.${k}`] = t;
  const meta: CheckpointMeta = {
    format: FORMAT,
    step: options.step,
    seed: options.seed,
    rngState: options.rngState ? checkRngState("saveCheckpoint", options.rngState) : null,
    optimizer: opt,
    scheduler: options.scheduler ? options.scheduler.stateDict() : null,
    loop: options.loop ?? null,
  };
  const metadata = options.metadata ?? {};
  if (Object.hasOwn(metadata, META_KEY)) {
    throw new TrainingError("OPTION", `saveCheckpoint: metadata key "${META_KEY}" is the checkpoint's own`);
  }
  return saveSafetensors(tensors, { ...metadata, [META_KEY]: JSON.stringify(meta) });
}

/**
 * Loads a checkpoint written by saveCheckpoint into the given model, optimizer and scheduler (strict names
 * and shapes) and returns its metadata.
 */
export function restoreCheckpoint(
  bytes: Uint8Array,
  model: AnyModule,
  optimizer: Optimizer,
  scheduler?: LRScheduler | null,
): RestoredCheckpoint {
  const header = readSafetensorsHeader(bytes);
  const rawMeta = header.metadata?.[META_KEY];
  if (rawMeta === undefined) {
    throw new TrainingError(
      "CHECKPOINT",
      `restoreCheckpoint: no "${META_KEY}" metadata; not a paramlens checkpoint`,
    );
  }
  const meta = parseMeta(rawMeta);
  // Checked before any weights are loaded, so a bad file leaves the model untouched.
  meta.rngState = meta.rngState == null ? null : checkRngState("restoreCheckpoint", meta.rngState);
  const all = loadSafetensors(bytes);
  const modelSd: Record<string, Tensor> = {};
  const buffers: Record<string, Tensor> = {};
  const extra: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(all)) {
    if (k.startsWith("model.")) modelSd[k.slice(6)] = t;
    else if (k.startsWith("optimizer.")) buffers[k.slice(10)] = t;
    else if (k.startsWith("extra.")) extra[k.slice(6)] = t;
    else throw new TrainingError("CHECKPOINT", `restoreCheckpoint: unexpected tensor "${k}"`);
  }
  model.loadStateDict(modelSd);
  optimizer.loadStateDict({ ...meta.optimizer, buffers });
  if (meta.scheduler) {
    if (!scheduler) {
      throw new TrainingError(
        "CHECKPOINT",
        `restoreCheckpoint: the checkpoint has ${meta.scheduler.kind} state; pass that scheduler`,
      );
    }
    scheduler.loadStateDict(meta.scheduler);
  }
  return { ...meta, extra };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The checkpoint metadata after JSON and type checks (values a fit() loop reads must have their types). */
function parseMeta(raw: string): CheckpointMeta {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new TrainingError("CHECKPOINT", `restoreCheckpoint: "${META_KEY}" metadata is not valid JSON`);
  }
  const bad = (what: string) =>
    new TrainingError("CHECKPOINT", `restoreCheckpoint: "${META_KEY}" metadata ${what}`);
  if (!isObject(value)) throw bad("is not a JSON object");
  if (typeof value.format !== "string" || !READABLE.includes(value.format)) {
    const shown =
      typeof value.format === "string" ? JSON.stringify(value.format.slice(0, 100)) : typeof value.format;
    throw new TrainingError(
      "CHECKPOINT",
      `restoreCheckpoint: format ${shown} is not one of ${READABLE.join(", ")}`,
    );
  }
  if (!Number.isSafeInteger(value.step) || (value.step as number) < 0) throw bad("has no valid step");
  if (typeof value.seed !== "number" || !Number.isFinite(value.seed)) throw bad("has no valid seed");
  if (!isObject(value.optimizer)) throw bad("has no optimizer state object");
  if (value.scheduler != null && !isObject(value.scheduler))
    throw bad("has a scheduler state that is not an object");
  return { ...value, scheduler: value.scheduler ?? null, rngState: value.rngState ?? null } as CheckpointMeta;
}

/** A copy of `state` once a Generator accepts it; a TrainingError CHECKPOINT naming the problem if not. */
function checkRngState(op: string, state: unknown): GeneratorState {
  const g = new Generator(0);
  try {
    g.setState(state as GeneratorState);
  } catch (e) {
    if (!(e instanceof GeneratorStateError)) throw e;
    throw new TrainingError("CHECKPOINT", `${op}: rngState is not a generator state: ${e.message}`);
  }
  return g.getState();
}
