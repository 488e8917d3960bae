// The resumable state `paramlens train` saves on Ctrl-C: nn's fit() checkpoint (model, Adam state, loop
// progress, RNG stream — fit resumes from it bit-identically) plus, under `paramlens.resume`, the run's
// settings (model kind and sizes, epochs, lr, batch, seed, limit, data) and the spec they build, so
// `train --resume FILE` needs nothing else. Reading checks the file like any checkpoint (regular file,
// size cap), the settings field by field and the spec against the stored "model.*" tensors before
// anything is allocated. It does not train: train-run.ts does, from the returned settings.
import { readSafetensorsHeader, SafetensorsError } from "@paramlens/tensor";
import type { ModelSizes } from "../args/model-sizes";
import { BadFileError } from "../errors";
import { INPUT_KINDS, readInputFile } from "../files/input-file";
import { jsonDepth, MAX_JSON_DEPTH } from "../files/json-depth";
import { clip } from "../output/clip";
import { MODEL_KINDS, type ModelKind, type ModelSpec } from "./model-spec";
import { specProblem } from "./validate-spec";

export const RESUME_KEY = "paramlens.resume";
export const RESUME_FORMAT = "paramlens-resume/1";
/** nn's fit() checkpoint metadata key (its step, seed, optimizer and loop state). */
const FIT_KEY = "paramlens.checkpoint";

/** What `train` was asked to do: enough to rebuild the same model and data and continue. */
export interface ResumeSettings {
  model: ModelKind;
  epochs: number;
  lr: number;
  batch: number;
  seed: number;
  limit?: number;
  /** --data as an absolute path, when given. */
  data?: string;
  sizes?: ModelSizes;
  /** The data the run trained on: its description and size must be the same when resuming. */
  source: string;
  trainSamples: number;
}

export interface ResumeRecord {
  format: string;
  spec: ModelSpec;
  settings: ResumeSettings;
}

export interface ResumeFile {
  bytes: Uint8Array;
  record: ResumeRecord;
  /** Optimizer steps already taken. */
  step: number;
}

/** Where Ctrl-C saves the run that would have written `out`: mlp.safetensors → mlp.resume.safetensors. */
export function resumePathFor(out: string): string {
  return out.endsWith(".safetensors")
    ? `${out.slice(0, -".safetensors".length)}.resume.safetensors`
    : `${out}.resume.safetensors`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isPositiveInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

function settingsProblem(v: unknown): string | undefined {
  if (!isObject(v)) return "has no settings object";
  if (!MODEL_KINDS.includes(v.model as never)) return "has no valid model kind";
  for (const k of ["epochs", "batch", "trainSamples"]) if (!isPositiveInt(v[k])) return `has an invalid ${k}`;
  if (typeof v.lr !== "number" || !(v.lr > 0) || !Number.isFinite(v.lr)) return "has an invalid lr";
  if (!Number.isSafeInteger(v.seed) || (v.seed as number) < 0) return "has an invalid seed";
  if (v.limit !== undefined && !isPositiveInt(v.limit)) return "has an invalid limit";
  if (v.data !== undefined && typeof v.data !== "string") return "has an invalid data directory";
  if (typeof v.source !== "string") return "has no data source";
  if (v.sizes !== undefined) {
    const s = v.sizes;
    if (!isObject(s)) return "has invalid sizes";
    const list = (x: unknown, max: number) => Array.isArray(x) && x.length <= max && x.every(isPositiveInt);
    if (s.hidden !== undefined && !list(s.hidden, 64)) return "has invalid hidden sizes";
    if (s.channels !== undefined && (!list(s.channels, 2) || (s.channels as number[]).length !== 2)) {
      return "has invalid channels";
    }
  }
  return undefined;
}

function parse(given: string, key: string, text: string): unknown {
  // Too deep to parse safely counts as invalid JSON: refused before JSON.parse, with the same typed error.
  const invalid = () => new BadFileError(given, `metadata "${key}" is not valid JSON`);
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw invalid();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid();
  }
}

/** Reads and checks a file written by an interrupted `paramlens train`. */
export function readResumeFile(cwd: string, given: string): ResumeFile {
  const bytes = readInputFile(cwd, given, INPUT_KINDS.checkpoint);
  let metadata: Record<string, string> | null;
  let tensors: { name: string; shape: number[] }[];
  try {
    const header = readSafetensorsHeader(bytes);
    metadata = header.metadata;
    tensors = header.tensors;
  } catch (error) {
    if (error instanceof SafetensorsError) {
      throw new BadFileError(given, `not a readable safetensors file (${clip(error.message, 300)})`);
    }
    throw error;
  }
  const resumeText = metadata?.[RESUME_KEY];
  const fitText = metadata?.[FIT_KEY];
  if (resumeText === undefined || fitText === undefined) {
    throw new BadFileError(
      given,
      "not a run saved by an interrupted `paramlens train` (no paramlens.resume state); `--resume` continues those",
    );
  }
  const record = parse(given, RESUME_KEY, resumeText);
  if (!isObject(record) || record.format !== RESUME_FORMAT) {
    throw new BadFileError(given, `metadata "${RESUME_KEY}" is not ${RESUME_FORMAT}`);
  }
  const settings = settingsProblem(record.settings);
  if (settings !== undefined) throw new BadFileError(given, `metadata "${RESUME_KEY}" ${settings}`);
  const modelTensors = tensors
    .filter((t) => t.name.startsWith("model."))
    .map((t) => ({ name: t.name.slice("model.".length), shape: t.shape }));
  const spec = specProblem(record.spec, modelTensors);
  if (spec !== undefined) throw new BadFileError(given, `metadata "${RESUME_KEY}" spec ${spec}`);
  const fit = parse(given, FIT_KEY, fitText);
  const step = isObject(fit) ? fit.step : undefined;
  if (!Number.isSafeInteger(step) || (step as number) < 0) {
    throw new BadFileError(given, `metadata "${FIT_KEY}" has no valid step`);
  }
  return { bytes, record: record as unknown as ResumeRecord, step: step as number };
}
