// Refuses a command whose output file would be one of its own inputs (`explain ck.safetensors --out
// ck.safetensors`, `train --out <data dir>/train-images-idx3-ubyte`): the output is compared with every
// input by resolved real path (symlinks followed; for an output that does not exist yet, its parent
// directory's real path plus its name) and, where both exist, by device and inode (hard links). It does not
// decide what a command's inputs are: each command lists them.
import { readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { OutputIsInputError } from "../errors";

/** One file a command reads: the flag or argument that names it (for the message) and the path. */
export interface CommandInput {
  /** "checkpoint", "--image", "--data", "--resume" … */
  role: string;
  /** The path as given or derived (relative to cwd, or absolute). */
  path: string;
}

/** The real path of `path`, or of its parent directory joined with its name when it does not exist. */
export function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const dir = dirname(path);
    if (dir === path) return path;
    return join(realPathOf(dir), basename(path));
  }
}

function identity(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Throws OutputIsInputError (exit 2) when `output` (named by `outputRole`, e.g. "--out") is the same file
 * as any of `inputs`.
 */
export function refuseOutputOverInput(
  cwd: string,
  outputRole: string,
  output: string,
  inputs: readonly CommandInput[],
): void {
  const outPath = resolve(cwd, output);
  const outReal = realPathOf(outPath);
  const outId = identity(outPath);
  for (const input of inputs) {
    const inPath = resolve(cwd, input.path);
    const same = realPathOf(inPath) === outReal || (outId !== undefined && identity(inPath) === outId);
    if (same) throw new OutputIsInputError(outputRole, output, input.role, input.path);
  }
}

/**
 * Every file in a model folder a command reads (loadPretrained picks config, tokenizer and weight files by
 * name; all of them count), as inputs for refuseOutputOverInput. An unreadable folder gives none: loading
 * it reports the problem.
 */
export function folderInputs(cwd: string, dir: string, role = "model folder file"): CommandInput[] {
  try {
    return readdirSync(resolve(cwd, dir)).map((name) => ({ role, path: join(dir, name) }));
  } catch {
    return [];
  }
}
