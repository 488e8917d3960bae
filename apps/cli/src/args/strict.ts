// Rejects flags a command does not define. citty parses leniently (an unknown `--layrs 12` would be
// silently ignored and the default used, giving a wrong answer), so every command line is checked here
// first and an unknown flag becomes a UsageError with the nearest known flag.
import type { ArgsDef } from "citty";
import { UsageError } from "../errors";
import { closest } from "./closest";

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Throws UsageError on the first flag in `rawArgs` that `argsDef` does not define. */
export function checkFlags(command: string, rawArgs: readonly string[], argsDef: ArgsDef): void {
  const known = new Map<string, "boolean" | "value">();
  for (const [name, def] of Object.entries(argsDef)) {
    if (def.type === "positional") continue;
    const kind = def.type === "boolean" ? "boolean" : "value";
    const alias = "alias" in def ? def.alias : undefined;
    const aliases = alias === undefined ? [] : Array.isArray(alias) ? alias : [alias];
    for (const n of [name, kebab(name), ...aliases]) {
      known.set(n, kind);
      if (kind === "boolean") known.set(`no-${n}`, kind);
    }
  }
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] ?? "";
    if (arg === "--") return;
    if (!arg.startsWith("-") || arg === "-" || /^-[0-9.]/.test(arg)) continue;
    const [flag = "", value] = arg.replace(/^--?/, "").split("=", 2);
    const kind = known.get(flag);
    if (kind === undefined) {
      const names = [...known.keys()].filter((n) => n.length > 1 && !n.startsWith("no-"));
      const near = closest(flag, names);
      throw new UsageError(
        `unknown flag ${arg.split("=")[0]}${near ? ` (did you mean --${near}?)` : ""}`,
        command,
      );
    }
    if (kind === "value" && value === undefined) {
      const next = rawArgs[i + 1];
      if (next === undefined || (next.startsWith("-") && !/^-[0-9.]/.test(next))) {
        throw new UsageError(`flag ${arg} needs a value`, command);
      }
      i += 1;
    }
  }
}
