// The shape of one paramlens subcommand: citty's argument definitions plus help examples and a `run`
// that receives the parsed arguments and the CLI context (streams, colours). Commands never touch
// `process`; run-cli.ts turns them into citty commands for parsing and usage text.
import type { ArgsDef, ParsedArgs } from "citty";
import type { CliContext } from "./context";

export interface CliCommand<A extends ArgsDef = ArgsDef> {
  name: string;
  description: string;
  args: A;
  /** Shown under EXAMPLES in `paramlens <cmd> --help`; each is a full command line. */
  examples: readonly string[];
  run(args: ParsedArgs<A>, ctx: CliContext): void | Promise<void>;
}

/** Identity helper that keeps the argument types of `args` for `run`. */
export function defineCliCommand<const A extends ArgsDef>(command: CliCommand<A>): CliCommand<A> {
  return command;
}
