// Reads a text file named on the command line (relative to the CLI's working directory), naming the
// file and the reason when it cannot.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputFileError } from "../errors";
import { describeFsError } from "./fs-errors";

export function readTextFile(cwd: string, given: string): { path: string; text: string } {
  try {
    return { path: given, text: readFileSync(resolve(cwd, given), "utf8") };
  } catch (error) {
    throw new InputFileError(given, describeFsError(error));
  }
}
