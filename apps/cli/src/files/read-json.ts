// Reads a JSON file named on the command line (relative to the CLI's working directory). A folder is
// accepted when it holds `defaultName` (e.g. a model folder with config.json). The file must be a regular
// file within its kind's size cap and nested at most MAX_JSON_DEPTH deep. Every failure names the file and
// says what is wrong with it, quoting at most CLIP_LENGTH characters of it.
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { BadFileError, InputFileError } from "../errors";
import { clip } from "../output/clip";
import { describeFsError } from "./fs-errors";
import { INPUT_KINDS, type InputKind, readInputFile } from "./input-file";
import { jsonDepth, MAX_JSON_DEPTH } from "./json-depth";

/** Parses JSON text from `shown` after the depth check; errors are BadFileErrors naming `shown`. */
export function parseJsonText(shown: string, text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new BadFileError(shown, `JSON nested deeper than ${MAX_JSON_DEPTH} levels; not a config file`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadFileError(shown, `not valid JSON (${clip((error as Error).message, 200)})`);
  }
}

export function readJsonFile(
  cwd: string,
  given: string,
  defaultName: string,
  kind: InputKind = INPUT_KINDS.config,
): { path: string; value: unknown } {
  let path = resolve(cwd, given);
  try {
    if (statSync(path).isDirectory()) path = join(path, defaultName);
  } catch (error) {
    throw new InputFileError(given, describeFsError(error));
  }
  const shown = path === resolve(cwd, given) ? given : join(given, defaultName);
  const bytes = readInputFile(cwd, shown, kind);
  const text = new TextDecoder("utf-8").decode(bytes);
  return { path: shown, value: parseJsonText(shown, text) };
}
