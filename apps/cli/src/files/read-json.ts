// Reads a JSON file named on the command line (relative to the CLI's working directory). A folder is
// accepted when it holds `defaultName` (e.g. a model folder with config.json). Every failure names the
// file and says what is wrong with it.
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { BadFileError, InputFileError } from "../errors";
import { describeFsError } from "./fs-errors";

export function readJsonFile(
  cwd: string,
  given: string,
  defaultName: string,
): { path: string; value: unknown } {
  let path = resolve(cwd, given);
  try {
    if (statSync(path).isDirectory()) path = join(path, defaultName);
  } catch (error) {
    throw new InputFileError(given, describeFsError(error));
  }
  const shown = path === resolve(cwd, given) ? given : join(given, defaultName);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new InputFileError(shown, describeFsError(error));
  }
  try {
    return { path: shown, value: JSON.parse(text) as unknown };
  } catch (error) {
    throw new BadFileError(shown, `not valid JSON (${(error as Error).message})`);
  }
}
