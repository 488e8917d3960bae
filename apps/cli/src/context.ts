// The streams and environment a command runs against, and the helpers that write to them. Data goes to
// stdout (a table, or JSON with --json); logs and progress go to stderr. Nothing here touches `process`:
// cli.ts passes the real streams, tests pass strings.
import pc from "picocolors";

/** A writable text stream; `isTTY` decides colour. */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Where a run of the CLI reads and writes. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Environment variables (NO_COLOR, FORCE_COLOR, TERM). Defaults to none. */
  env?: Record<string, string | undefined>;
  /** Directory that relative paths are resolved against. Defaults to the process's. */
  cwd?: string;
  /**
   * Subscribes to Ctrl-C (SIGINT) for long work; returns the unsubscribe function. The bin passes one
   * backed by `process.on("SIGINT")`; without it, Ctrl-C keeps the default (the process ends at once).
   */
  onInterrupt?: (handler: () => void) => () => void;
}

export type Colors = ReturnType<typeof pc.createColors>;

export interface CliContext {
  io: CliIo;
  /** Colours for stdout: real ones on a TTY, identity functions otherwise. */
  color: Colors;
  useColor: boolean;
  cwd: string;
  /** Writes one block of text to stdout, adding the final newline. */
  out(text: string): void;
  /** Writes one line to stderr (logs, progress, warnings). */
  log(text: string): void;
}

/**
 * Colour only when stdout is a terminal, never when NO_COLOR is set to anything non-empty
 * (https://no-color.org), and FORCE_COLOR=1 turns it on for pipes (NO_COLOR still wins).
 */
export function shouldUseColor(io: CliIo): boolean {
  const env = io.env ?? {};
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true && env.TERM !== "dumb";
}

export function createContext(io: CliIo, defaultCwd: string): CliContext {
  const useColor = shouldUseColor(io);
  return {
    io,
    color: pc.createColors(useColor),
    useColor,
    cwd: io.cwd ?? defaultCwd,
    out: (text) => {
      io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    },
    log: (text) => {
      io.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
    },
  };
}
