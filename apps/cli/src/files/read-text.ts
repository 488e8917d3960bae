// Reads a text file named on the command line (relative to the CLI's working directory): a regular file
// within its kind's size cap, decoded as UTF-8, naming the file and the reason when it cannot.
import { type InputKind, readInputFile } from "./input-file";

export function readTextFile(cwd: string, given: string, kind: InputKind): { path: string; text: string } {
  return { path: given, text: new TextDecoder("utf-8").decode(readInputFile(cwd, given, kind)) };
}
