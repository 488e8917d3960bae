// Public API of @paramlens/cli: `runCli` (the whole command line, in-process, returning the exit code)
// and the data functions behind each subcommand, so programs and tests get the same numbers the CLI
// prints without spawning a process. The `paramlens` bin itself is dist/cli.js.

export {
  type AnalyzeData,
  type AnalyzeResult,
  analyzeModel,
  type DeadUnitsRow,
  type ImportantUnit,
} from "./analyze/analyze-report";
export type { CliIo, CliStream } from "./context";
export {
  BadFileError,
  CliError,
  InputFileError,
  InterruptedError,
  InvalidValueError,
  OutputIsInputError,
  UsageError,
} from "./errors";
export {
  EXPLAIN_METHODS,
  type ExplainMethod,
  type ExplainResult,
  explainImage,
} from "./explain/explain-report";
export {
  type InspectedTensor,
  type InspectGroup,
  type InspectOptions,
  type InspectReport,
  inspectPath,
} from "./inspect/inspect-report";
export { checkpointBytes, type LoadedCheckpoint, readCheckpoint } from "./model/checkpoint-file";
export type { ModelKind, ModelSpec, TrainingRecord } from "./model/model-spec";
export {
  DEFAULT_PRECISIONS,
  type LayerGroup,
  type MemoryRow,
  type ParamsOptions,
  type ParamsReport,
  paramsReport,
} from "./params/params-report";
export {
  type ConfigOverrides,
  type ModelSource,
  type ResolvedModel,
  resolveModel,
} from "./params/resolve-model";
export { runCli } from "./run-cli";
export { parseRunsCsv } from "./scale/parse-runs";
export {
  type Allocation,
  type LawId,
  type ScaleOptions,
  type ScaleReport,
  scaleReport,
} from "./scale/scale-report";
export {
  TRAIN_DEFAULTS,
  type TrainHooks,
  TrainingInterrupted,
  type TrainOptions,
  type TrainRun,
  trainModel,
} from "./train/train-run";
