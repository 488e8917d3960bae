// Public API of @paramlens/cli: `runCli` (the whole command line, in-process, returning the exit code)
// and the data functions behind each subcommand, so programs and tests get the same numbers the CLI
// prints without spawning a process. The `paramlens` bin itself is dist/cli.js.
export type { CliIo, CliStream } from "./context";
export { BadFileError, CliError, InputFileError, InvalidValueError, UsageError } from "./errors";
export {
  type InspectedTensor,
  type InspectGroup,
  type InspectOptions,
  type InspectReport,
  inspectPath,
} from "./inspect/inspect-report";
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
