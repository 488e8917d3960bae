// Runs one paramlens command line against the given streams and returns the exit code: 0 success,
// 1 user error (one line on stderr; the stack only with --debug), 2 usage error. It never calls
// process.exit, so tests and other programs can call it in-process; cli.ts is the thin bin wrapper.
import { stripVTControlCharacters } from "node:util";
import { type ArgsDef, type CommandDef, renderUsage, runCommand } from "citty";
import pkg from "../package.json";
import { closest } from "./args/closest";
import { checkFlags } from "./args/strict";
import type { CliCommand } from "./command";
import { commands } from "./commands/index";
import { type CliContext, type CliIo, createContext } from "./context";
import { CliError, UsageError } from "./errors";
import { clip } from "./output/clip";

const NAME = "paramlens";
const DESCRIPTION = "Size, inspect, scale, train and explain neural networks from the terminal";

function toCitty(command: CliCommand, ctx: CliContext): CommandDef<ArgsDef> {
  return {
    meta: { name: command.name, description: command.description },
    args: command.args,
    run: ({ args }) => command.run(args, ctx),
  };
}

function mainCommand(ctx: CliContext): CommandDef<ArgsDef> {
  const subCommands = Object.fromEntries(
    Object.entries(commands).map(([name, load]) => [name, async () => toCitty(await load(), ctx)]),
  );
  return { meta: { name: NAME, version: pkg.version, description: DESCRIPTION }, subCommands };
}

async function usage(ctx: CliContext, command?: CliCommand): Promise<string> {
  const main = mainCommand(ctx);
  let text = command ? await renderUsage(toCitty(command, ctx), main) : await renderUsage(main);
  if (command && command.examples.length > 0) {
    const title = ctx.color.underline(ctx.color.bold("EXAMPLES"));
    text += `\n\n${title}\n\n${command.examples.map((e) => `  $ ${e}`).join("\n")}`;
  }
  if (!command) text += `\n\nCommon flags: --json (machine-readable output), --debug (stack traces), --help.`;
  // citty pads every help line to the widest; drop the trailing blanks.
  text = text.replace(/[ \t]+$/gm, "");
  // citty colours its usage text unconditionally; we honour NO_COLOR and non-TTY output instead.
  return ctx.useColor ? text : stripVTControlCharacters(text);
}

/** Longest error line printed. */
const MAX_MESSAGE = 1000;

const isHelp = (arg: string) => arg === "--help" || arg === "-h";

/** Maps any thrown value to the exit code and the one line the user sees. */
function report(ctx: CliContext, error: unknown, debug: boolean): number {
  const red = ctx.useColor ? ctx.color.red : (t: string) => t;
  let exitCode: number;
  let message: string;
  if (error instanceof CliError) {
    exitCode = error.exitCode;
    message = error.message;
    if (error instanceof UsageError) {
      message += ` (see: ${NAME}${error.command ? ` ${error.command}` : ""} --help)`;
    }
  } else if (error instanceof Error && error.name === "CLIError") {
    // citty's own parse errors: missing positional, invalid enum value.
    exitCode = 2;
    message = stripVTControlCharacters(error.message);
  } else if (error instanceof Error && typeof (error as { code?: unknown }).code === "string") {
    // Errors from our libraries (e.g. @paramlens/gpt-params' ConfigError) carry a code and a message
    // that already names the field and the values: they are the user's to fix.
    exitCode = 1;
    message = error.message;
  } else {
    exitCode = 1;
    const text = error instanceof Error ? error.message : String(error);
    message = `internal error: ${text}${debug ? "" : " (run again with --debug for the stack trace)"}`;
  }
  // One line, and never megabytes: a message quoting untrusted input should already cut it (clip.ts).
  ctx.log(`${red("error")} ${clip(message.replace(/\s*\n\s*/g, " "), MAX_MESSAGE)}`);
  if (debug && error instanceof Error && error.stack) ctx.log(error.stack);
  return exitCode;
}

/**
 * Runs `paramlens` with `argv` (the arguments after the program name) and resolves to the exit code.
 *
 * @example
 * const out: string[] = [];
 * const code = await runCli(["params", "gpt2", "--json"], {
 *   stdout: { write: (t) => out.push(t) },
 *   stderr: { write: (t) => process.stderr.write(t) },
 * });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = createContext(io, process.cwd());
  const debug = argv.includes("--debug");
  try {
    const first = argv[0];
    if (first === undefined || isHelp(first)) {
      const text = await usage(ctx);
      if (first === undefined) {
        ctx.log(text);
        return 2;
      }
      ctx.out(text);
      return 0;
    }
    if (first === "--version" || first === "-v") {
      ctx.out(pkg.version);
      return 0;
    }
    if (first.startsWith("-")) throw new UsageError(`expected a command before ${first}`);
    const load = commands[first];
    if (!load) {
      const near = closest(first, Object.keys(commands));
      throw new UsageError(`unknown command "${first}"${near ? ` (did you mean "${near}"?)` : ""}`);
    }
    const command = await load();
    const rest = argv.slice(1);
    if (rest.some(isHelp)) {
      ctx.out(await usage(ctx, command));
      return 0;
    }
    checkFlags(command.name, rest, command.args);
    await runCommand(toCitty(command, ctx), { rawArgs: [...rest] });
    return 0;
  } catch (error) {
    return report(ctx, error, debug);
  }
}
