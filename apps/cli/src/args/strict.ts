// Rejects flags a command does not define. citty parses leniently (an unknown `--layrs 12` would be
// silently ignored and the default used, giving a wrong answer), so every command line is checked here
// first and an unknown flag becomes a UsageError with the nearest known flag. A boolean given both ways
// (`--tie --no-tie`) or a value flag given twice with different values is a conflict, not "last one wins".
import type { ArgsDef } from "citty";
import { UsageError } from "../errors";
import { clip } from "../output/clip";
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
  /** Booleans seen, by name without "no-": the spelling first used. */
  const booleans = new Map<string, string>();
  /** Value flags seen, by name: the value first given. */
  const values = new Map<string, string>();
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
    if (kind === "boolean") {
      const base = kebab(flag.replace(/^no-/, ""));
      const spelled = `--${flag}`;
      const before = booleans.get(base);
      if (before !== undefined && before !== spelled) {
        throw new UsageError(`${before} and ${spelled} contradict each other; give one`, command);
      }
      booleans.set(base, spelled);
      continue;
    }
    let given = value;
    if (given === undefined) {
      const next = rawArgs[i + 1];
      if (next === undefined || (next.startsWith("-") && !/^-[0-9.]/.test(next))) {
        throw new UsageError(`flag ${arg} needs a value`, command);
      }
      given = next;
      i += 1;
    }
    const base = kebab(flag);
    const before = values.get(base);
    if (before !== undefined && before !== given) {
      throw new UsageError(
        `--${base} is given twice (${clip(before, 40)} and ${clip(given, 40)}); give it once`,
        command,
      );
    }
    values.set(base, given);
  }
}
