// Reads and writes paramlens checkpoints: a safetensors file whose `__metadata__` holds the ModelSpec and
// the training record next to the state dict. Reading rebuilds the model and loads the weights with nn's
// strict name and shape checks; every failure becomes one readable line naming the file. Any safetensors
// file without paramlens metadata is refused with a pointer to `inspect`, which reads any checkpoint.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadStateDictFromSafetensors, type Module, StateDictError, saveStateDict } from "@paramlens/nn";
import { readSafetensorsHeader, SafetensorsError } from "@paramlens/tensor";
import { BadFileError, InputFileError } from "../errors";
import { describeFsError } from "../files/fs-errors";
import { writeFileAtomic } from "../files/write-atomic";
import { buildModel } from "./build-model";
import {
  CHECKPOINT_FORMAT,
  METADATA_KEYS,
  MODEL_KINDS,
  type ModelSpec,
  type TrainingRecord,
} from "./model-spec";

export interface LoadedCheckpoint {
  /** The path as the user gave it. */
  path: string;
  bytes: number;
  spec: ModelSpec;
  training: TrainingRecord | null;
  /** The rebuilt model with the checkpoint's weights, in eval mode. */
  model: Module;
}

/** Serialises the model's state dict with the spec and training record in `__metadata__`. */
export function checkpointBytes(model: Module, spec: ModelSpec, training: TrainingRecord): Uint8Array {
  return saveStateDict(model, {
    [METADATA_KEYS.format]: CHECKPOINT_FORMAT,
    [METADATA_KEYS.model]: JSON.stringify(spec),
    [METADATA_KEYS.training]: JSON.stringify(training),
  });
}

export function writeCheckpoint(cwd: string, given: string, bytes: Uint8Array): void {
  writeFileAtomic(cwd, given, bytes);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isPositiveIntArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.length > 0 && v.every((n) => Number.isInteger(n) && n > 0);
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === "string");

/** Checks the parsed `paramlens.model` value field by field; returns the reason it is unusable, if any. */
function specProblem(v: unknown): string | undefined {
  if (!isObject(v)) return "is not a JSON object";
  if (!MODEL_KINDS.includes(v.kind as never)) {
    return `has kind ${JSON.stringify(v.kind)}; this paramlens knows ${MODEL_KINDS.join(", ")}`;
  }
  if (v.kind === "mlp") {
    if (!isPositiveIntArray(v.sizes) || v.sizes.length < 2) return "has no valid mlp sizes";
    if (!isPositiveIntArray(v.inputShape)) return "has no valid inputShape";
    if (!isStringArray(v.classes) || v.classes.length !== v.sizes[v.sizes.length - 1]) {
      return "has class names that do not match the output size";
    }
  } else if (v.kind === "cnn") {
    const o = v.options;
    if (!isObject(o) || !isPositiveIntArray(o.channels) || o.channels.length !== 2) {
      return "has no valid cnn options";
    }
    for (const k of ["inChannels", "imageSize", "hidden", "classes"]) {
      if (!Number.isInteger(o[k]) || (o[k] as number) < 1) return `has an invalid cnn option ${k}`;
    }
    if (!isPositiveIntArray(v.inputShape)) return "has no valid inputShape";
    if (!isStringArray(v.classes) || v.classes.length !== o.classes) {
      return "has class names that do not match the output size";
    }
  } else {
    if (!isObject(v.config)) return "has no GPT config";
    if (!isStringArray(v.vocab) || v.vocab.length !== v.config.vocabSize) {
      return "has a vocabulary that does not match config.vocabSize";
    }
  }
  return undefined;
}

function parseJson(path: string, key: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadFileError(path, `metadata "${key}" is not valid JSON`);
  }
}

/** Reads `given` (relative to `cwd`), rebuilds its model and loads the weights. */
export function readCheckpoint(cwd: string, given: string): LoadedCheckpoint {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(resolve(cwd, given));
  } catch (error) {
    throw new InputFileError(given, describeFsError(error));
  }
  let metadata: Record<string, string> | null;
  let tensorCount: number;
  try {
    const header = readSafetensorsHeader(bytes);
    metadata = header.metadata;
    tensorCount = header.tensors.length;
  } catch (error) {
    if (error instanceof SafetensorsError) {
      throw new BadFileError(given, `not a readable safetensors checkpoint (${error.message})`);
    }
    throw error;
  }
  const format = metadata?.[METADATA_KEYS.format];
  const modelText = metadata?.[METADATA_KEYS.model];
  if ((format === undefined || modelText === undefined) && metadata?.["paramlens.checkpoint"] !== undefined) {
    throw new BadFileError(
      given,
      "a training checkpoint from nn's fit() (model and optimizer state) without the model description " +
        `\`paramlens train\` writes, so the model cannot be rebuilt; \`paramlens inspect ${given}\` lists its tensors`,
    );
  }
  if (format === undefined || modelText === undefined) {
    throw new BadFileError(
      given,
      `a safetensors file with ${tensorCount} tensor${tensorCount === 1 ? "" : "s"} but no paramlens metadata, so the model cannot be ` +
        `rebuilt (only checkpoints written by \`paramlens train\` can); \`paramlens inspect ${given}\` works on any safetensors file`,
    );
  }
  if (format !== CHECKPOINT_FORMAT) {
    throw new BadFileError(given, `checkpoint format "${format}" is not ${CHECKPOINT_FORMAT}`);
  }
  const spec = parseJson(given, METADATA_KEYS.model, modelText);
  const problem = specProblem(spec);
  if (problem !== undefined) throw new BadFileError(given, `metadata "${METADATA_KEYS.model}" ${problem}`);
  const trainingText = metadata?.[METADATA_KEYS.training];
  const training =
    trainingText === undefined
      ? null
      : (parseJson(given, METADATA_KEYS.training, trainingText) as TrainingRecord);
  let model: Module;
  try {
    model = buildModel(spec as ModelSpec);
  } catch (error) {
    throw new BadFileError(given, `cannot rebuild the model: ${(error as Error).message}`);
  }
  try {
    loadStateDictFromSafetensors(model, bytes, { strict: true });
  } catch (error) {
    if (error instanceof SafetensorsError || error instanceof StateDictError) {
      throw new BadFileError(given, `the weights do not load: ${(error as Error).message}`);
    }
    throw error;
  }
  model.eval();
  return { path: given, bytes: bytes.length, spec: spec as ModelSpec, training, model };
}
