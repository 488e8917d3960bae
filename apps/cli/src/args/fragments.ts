// Argument definitions shared by several commands, kept in one place so a flag means the same thing
// everywhere: output flags (--json, --debug) are on every command.
import type { ArgsDef } from "citty";

export const outputArgs = {
  json: { type: "boolean", description: "Print stable JSON to stdout instead of a table" },
  debug: { type: "boolean", description: "Print the stack trace when something fails" },
} as const satisfies ArgsDef;
