// Errors the CLI reports to its user: each carries a `code` and the exit code it maps to, and prints as one
// line on stderr. Bugs are not modelled here; run-cli.ts reports any other error as an internal error.

/** Base class: an error that is the user's to fix (exit 1 unless a subclass says otherwise). */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: 1 | 2 | 130;
  constructor(code: string, message: string, exitCode: 1 | 2 | 130 = 1) {
    super(message);
    this.name = "CliError";
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Bad command line: unknown command or flag, missing or conflicting arguments. Exit code 2. */
export class UsageError extends CliError {
  /** The command whose usage line should follow the message ("" for the top level). */
  readonly command: string;
  constructor(message: string, command = "") {
    super("E_USAGE", message, 2);
    this.name = "UsageError";
    this.command = command;
  }
}

/** A flag value that does not parse or is out of range, e.g. `--compute abc`. Exit code 1. */
export class InvalidValueError extends CliError {
  constructor(message: string) {
    super("E_VALUE", message);
    this.name = "InvalidValueError";
  }
}

/** A file or directory that is missing or cannot be read. Exit code 1. */
export class InputFileError extends CliError {
  readonly path: string;
  constructor(path: string, message: string) {
    super("E_FILE", `${path}: ${message}`);
    this.name = "InputFileError";
    this.path = path;
  }
}

/** A checkpoint or data file that exists but is truncated, corrupt or of an unknown format. Exit code 1. */
export class BadFileError extends CliError {
  readonly path: string;
  constructor(path: string, message: string) {
    super("E_BAD_FILE", `${path}: ${message}`);
    this.name = "BadFileError";
    this.path = path;
  }
}

/** The user pressed Ctrl-C (SIGINT) during long work; exit code 130 (128 + SIGINT), as shells report it. */
export class InterruptedError extends CliError {
  constructor(message: string) {
    super("E_INTERRUPTED", message, 130);
    this.name = "InterruptedError";
  }
}

/**
 * An output file that is one of the command's inputs (same real path or the same file through a link):
 * writing it would destroy what the command reads. A malformed command line, so exit code 2.
 */
export class OutputIsInputError extends CliError {
  constructor(outputRole: string, output: string, inputRole: string, input: string) {
    const what = input === output ? `${output}` : `${output} (the same file as ${input})`;
    super(
      "E_OUTPUT_IS_INPUT",
      `${outputRole} ${what} is also the ${inputRole} this command reads; refusing to overwrite an input — write to another file`,
      2,
    );
    this.name = "OutputIsInputError";
  }
}
