// Writes a file so that it either appears complete or not at all: the bytes go to a temporary file beside
// the target (same directory, so the rename cannot cross file systems), which is then renamed over it.
// A Ctrl-C before the rename leaves the target untouched; the temporary file is removed on any error.
// A process killed outright (SIGKILL) cannot remove its temporary file, so each write first removes the
// temporary files other, no longer running, processes left for the same target. It does not lock: two
// live processes writing one target both succeed, the last rename wins.
import { existsSync, lstatSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
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

/** Whether a process with this id is running (EPERM: it is, but another user's). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === "EPERM";
  }
}

/**
 * Removes `.<name>.<pid>.tmp` files beside `path` whose pid is not a running process (left by a killed
 * write); returns the names removed. Only regular files are touched; a pid that was reused by a running
 * process keeps its file (removed by a later write once that process ends).
 */
export function removeStaleTemporaries(path: string): string[] {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pidText = name.slice(prefix.length, -".tmp".length);
    if (!/^[1-9][0-9]{0,9}$/.test(pidText)) continue;
    const pid = Number(pidText);
    if (pid === process.pid || isRunning(pid)) continue;
    const full = join(dir, name);
    try {
      if (!lstatSync(full).isFile()) continue;
      rmSync(full, { force: true });
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: the write itself does not depend on it.
    }
  }
  return removed;
}

export function writeFileAtomic(cwd: string, given: string, bytes: Uint8Array): void {
  const path = checkWritable(cwd, given);
  removeStaleTemporaries(path);
  const tmp = temporaryPath(path, process.pid);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new InputFileError(given, `cannot write: ${describeFsError(error)}`);
  }
}
