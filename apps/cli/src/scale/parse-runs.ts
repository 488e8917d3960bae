// Parses a CSV of training runs for `paramlens scale --fit`: a header row naming the columns
// (parameters|params|n, tokens|d, loss|l, in any order, any case; other columns are ignored), then one run
// per line. Blank lines and lines starting with # are skipped. Each bad cell is reported with its line.
import type { ScalingRun } from "@paramlens/gpt-params";
import { parseNumber } from "../args/numbers";
import { BadFileError } from "../errors";
import { quote } from "../output/clip";

/** More runs than anyone trains; bounds the fit's work (each Levenberg–Marquardt step visits every run). */
export const MAX_RUNS = 100_000;

const COLUMNS: Record<keyof ScalingRun, readonly string[]> = {
  parameters: ["parameters", "params", "n"],
  tokens: ["tokens", "d"],
  loss: ["loss", "l"],
};

const split = (line: string) => line.split(",").map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));

/** Runs from CSV text; `file` is used in error messages. */
export function parseRunsCsv(text: string, file: string): ScalingRun[] {
  const lines = text
    .split(/\r?\n/)
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => line.trim() !== "" && !line.trim().startsWith("#"));
  const head = lines.shift();
  if (!head) throw new BadFileError(file, "is empty; expected a header row such as parameters,tokens,loss");
  const names = split(head.line).map((h) => h.toLowerCase());
  const index = {} as Record<keyof ScalingRun, number>;
  for (const key of Object.keys(COLUMNS) as (keyof ScalingRun)[]) {
    const at = names.findIndex((name) => COLUMNS[key].includes(name));
    if (at < 0) {
      throw new BadFileError(
        file,
        `line ${head.number}: header ${quote(head.line.trim())} has no ${key} column (name it ${COLUMNS[key].join(" or ")})`,
      );
    }
    index[key] = at;
  }
  if (lines.length > MAX_RUNS) {
    throw new BadFileError(
      file,
      `has ${lines.length.toLocaleString("en-US")} runs; --fit takes at most ${MAX_RUNS.toLocaleString("en-US")}`,
    );
  }
  return lines.map(({ line, number }) => {
    const cells = split(line);
    const run = {} as ScalingRun;
    for (const key of Object.keys(COLUMNS) as (keyof ScalingRun)[]) {
      const cell = cells[index[key]];
      if (cell === undefined || cell === "") {
        throw new BadFileError(file, `line ${number}: missing ${key} (the row has ${cells.length} cells)`);
      }
      try {
        run[key] = parseNumber(key, cell);
      } catch {
        throw new BadFileError(file, `line ${number}: ${key} ${quote(cell)} is not a number`);
      }
    }
    return run;
  });
}
