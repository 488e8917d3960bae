// Public API of @paramlens/cli: `runCli` (the whole command line, in-process) and the data functions
// behind each subcommand, so programs and tests get the same numbers the CLI prints without a process.
export type { CliIo, CliStream } from "./context";
export { BadFileError, CliError, InputFileError, InvalidValueError, UsageError } from "./errors";
export { runCli } from "./run-cli";
