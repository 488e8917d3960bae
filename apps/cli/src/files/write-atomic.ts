// Writes a file so that it either appears complete or not at all: the bytes go to a temporary file beside
// the target (same directory, so the rename cannot cross file systems), which is then renamed over it.
// A Ctrl-C before the rename leaves the target untouched; the temporary file is removed on any error.
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputFileError } from "../errors";
import { describeFsError } from "./fs-errors";

/** Throws InputFileError unless `given`'s directory exists (checked before long work starts). */
export function checkWritable(cwd: string, given: string): string {
  const path = resolve(cwd, given);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputFileError(given, `cannot write here: the directory ${dirname(given)} does not exist`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new InputFileError(given, "is a directory, expected a file name to write");
  }
  return path;
}

/** The temporary name used for `path` by this process (hidden, pid-tagged, in the same directory). */
export function temporaryPath(path: string, pid: number): string {
  return join(dirname(path), `.${basename(path)}.${pid}.tmp`);
}

export function writeFileAtomic(cwd: string, given: string, bytes: Uint8Array): void {
  const path = checkWritable(cwd, given);
  const tmp = temporaryPath(path, process.pid);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new InputFileError(given, `cannot write: ${describeFsError(error)}`);
  }
}
