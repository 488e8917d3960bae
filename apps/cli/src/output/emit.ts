// Writes a command's result: stable, pretty-printed JSON with --json, otherwise the command's own text
// rendering. Commands build their data first and call this once, so --json never mixes with tables.
import type { CliContext } from "../context";

export function emit<T>(ctx: CliContext, json: boolean, data: T, render: (data: T) => string): void {
  ctx.out(json ? JSON.stringify(data, null, 2) : render(data));
}
