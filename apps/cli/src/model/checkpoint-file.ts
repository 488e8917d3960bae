// Reads and writes paramlens checkpoints: a safetensors file whose `__metadata__` holds the ModelSpec and
// the training record next to the state dict. Reading checks the file (regular, size cap), then the
// metadata against the stored tensors (validate-spec.ts), and only then rebuilds the model and loads the
// weights with nn's strict name and shape checks; every failure becomes one readable line naming the file. Any safetensors
// file without paramlens metadata is refused with a pointer to `inspect`, which reads any checkpoint.
import {
  firstNonFinite,
  loadStateDictFromSafetensors,
  type Module,
  StateDictError,
  saveStateDict,
  TrainingError,
} from "@paramlens/nn";
import { readSafetensorsHeader, SafetensorsError } from "@paramlens/tensor";
import { BadFileError } from "../errors";
import { INPUT_KINDS, readInputFile } from "../files/input-file";
import { jsonDepth, MAX_JSON_DEPTH } from "../files/json-depth";
import { writeFileAtomic } from "../files/write-atomic";
import { clip, quote } from "../output/clip";
import { buildModel } from "./build-model";
import { CHECKPOINT_FORMAT, METADATA_KEYS, type ModelSpec, type TrainingRecord } from "./model-spec";
import { RESUME_KEY } from "./resume-file";
import { type StoredTensor, specProblem, trainingProblem } from "./validate-spec";

export interface LoadedCheckpoint {
  /** The path as the user gave it. */
  path: string;
  bytes: number;
  spec: ModelSpec;
  training: TrainingRecord | null;
  /** The rebuilt model with the checkpoint's weights, in eval mode. */
  model: Module;
}

/**
 * Serialises the model's state dict with the spec and training record in `__metadata__`. Weights holding
 * NaN or ±Infinity are refused (TrainingError NON_FINITE_PARAMETERS): a diverged model is never saved.
 */
export function checkpointBytes(model: Module, spec: ModelSpec, training: TrainingRecord): Uint8Array {
  const bad = firstNonFinite(Object.entries(model.stateDict()));
  if (bad !== undefined) {
    throw new TrainingError(
      "NON_FINITE_PARAMETERS",
      `parameter "${bad.name}" holds ${bad.value} after step ${training.steps}; a checkpoint with non-finite weights is not written`,
      training.steps,
    );
  }
  return saveStateDict(model, {
    [METADATA_KEYS.format]: CHECKPOINT_FORMAT,
    [METADATA_KEYS.model]: JSON.stringify(spec),
    [METADATA_KEYS.training]: JSON.stringify(training),
  });
}

export function writeCheckpoint(cwd: string, given: string, bytes: Uint8Array): void {
  writeFileAtomic(cwd, given, bytes);
}

function parseJson(path: string, key: string, text: string): unknown {
  // Too deep to parse safely counts as invalid JSON: refused before JSON.parse, with the same typed error.
  const invalid = () => new BadFileError(path, `metadata "${key}" is not valid JSON`);
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw invalid();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid();
  }
}

/** The checkpoint file's bytes: a regular file within the checkpoint size cap. */
export function readCheckpointBytes(cwd: string, given: string): Uint8Array {
  return readInputFile(cwd, given, INPUT_KINDS.checkpoint);
}

/** Reads `given` (relative to `cwd`), rebuilds its model and loads the weights. */
export function readCheckpoint(cwd: string, given: string): LoadedCheckpoint {
  const bytes = readCheckpointBytes(cwd, given);
  let metadata: Record<string, string> | null;
  let tensors: StoredTensor[];
  try {
    const header = readSafetensorsHeader(bytes);
    metadata = header.metadata;
    tensors = header.tensors;
  } catch (error) {
    if (error instanceof SafetensorsError) {
      throw new BadFileError(given, `not a readable safetensors checkpoint (${clip(error.message, 300)})`);
    }
    throw error;
  }
  const format = metadata?.[METADATA_KEYS.format];
  const modelText = metadata?.[METADATA_KEYS.model];
  if ((format === undefined || modelText === undefined) && metadata?.[RESUME_KEY] !== undefined) {
    throw new BadFileError(
      given,
      `a training run saved by Ctrl-C, not a finished model; continue it with \`paramlens train --resume ${given}\``,
    );
  }
  if ((format === undefined || modelText === undefined) && metadata?.["paramlens.checkpoint"] !== undefined) {
    throw new BadFileError(
      given,
      "a training checkpoint from nn's fit() (model and optimizer state) without the model description " +
        `\`paramlens train\` writes, so the model cannot be rebuilt; \`paramlens inspect ${given}\` lists its tensors`,
    );
  }
  const tensorCount = tensors.length;
  if (format === undefined || modelText === undefined) {
    throw new BadFileError(
      given,
      `a safetensors file with ${tensorCount} tensor${tensorCount === 1 ? "" : "s"} but no paramlens metadata, so the model cannot be ` +
        `rebuilt (only checkpoints written by \`paramlens train\` can); \`paramlens inspect ${given}\` works on any safetensors file`,
    );
  }
  if (format !== CHECKPOINT_FORMAT) {
    throw new BadFileError(given, `checkpoint format ${quote(format)} is not ${CHECKPOINT_FORMAT}`);
  }
  const spec = parseJson(given, METADATA_KEYS.model, modelText);
  // Checked against the stored tensors before the model is built: building allocates what the spec says.
  const problem = specProblem(spec, tensors);
  if (problem !== undefined) throw new BadFileError(given, `metadata "${METADATA_KEYS.model}" ${problem}`);
  const trainingText = metadata?.[METADATA_KEYS.training];
  const training = trainingText === undefined ? null : parseJson(given, METADATA_KEYS.training, trainingText);
  const trainingIssue = trainingText === undefined ? undefined : trainingProblem(training);
  if (trainingIssue !== undefined) {
    throw new BadFileError(given, `metadata "${METADATA_KEYS.training}" ${trainingIssue}`);
  }
  let model: Module;
  try {
    model = buildModel(spec as ModelSpec);
  } catch (error) {
    throw new BadFileError(given, `cannot rebuild the model: ${clip((error as Error).message, 300)}`);
  }
  try {
    loadStateDictFromSafetensors(model, bytes, { strict: true });
  } catch (error) {
    if (error instanceof SafetensorsError || error instanceof StateDictError) {
      throw new BadFileError(given, `the weights do not load: ${clip((error as Error).message, 300)}`);
    }
    throw error;
  }
  model.eval();
  return {
    path: given,
    bytes: bytes.length,
    spec: spec as ModelSpec,
    training: training as TrainingRecord | null,
    model,
  };
}
