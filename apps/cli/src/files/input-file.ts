// Opens and reads the files a command takes as input, refusing anything that is not a regular file (a FIFO
// would block forever, /dev/zero never ends, a directory is not data) and anything larger than its kind
// can be, before a byte is read. The FIFO check cannot hang: the file is opened non-blocking and checked
// with fstat on the open descriptor. It does not parse: callers decode what they read.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { resolve } from "node:path";
import { formatBytes } from "@paramlens/gpt-params";
import { InputFileError } from "../errors";
import { describeFsError } from "./fs-errors";

/** What a file is for, and the most bytes a file of that kind can sensibly hold. */
export interface InputKind {
  /** "config JSON", "PNG image", … (for messages). */
  name: string;
  maxBytes: number;
}

const MiB = 1024 * 1024;

/** Size caps per kind of input file; each far above any real file of its kind. */
export const INPUT_KINDS = {
  // Hugging Face config.json files are a few KiB.
  config: { name: "config JSON", maxBytes: 4 * MiB },
  // A sharded checkpoint's index lists one line per tensor: Llama-3-405B's is about 100 KiB.
  index: { name: "safetensors index JSON", maxBytes: 64 * MiB },
  runs: { name: "runs file", maxBytes: 16 * MiB },
  // explain takes 28×28 images; a PNG of that size is at most a few KiB plus ancillary chunks.
  png: { name: "PNG image", maxBytes: 16 * MiB },
  // train writes at most MAX_TRAIN_PARAMETERS (20M) float32 weights = 80 MB; a resumable checkpoint adds
  // Adam's two buffers per weight (240 MB in all).
  checkpoint: { name: "paramlens checkpoint", maxBytes: 512 * MiB },
  // Fashion-MNIST's largest file (train images) is 47,040,016 bytes uncompressed.
  idx: { name: "IDX data file", maxBytes: 128 * MiB },
} as const satisfies Record<string, InputKind>;

/** "a FIFO", "a character device", … for a Stats that is not a regular file. */
export function describeNotRegular(stat: Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

export interface OpenedFile {
  fd: number;
  size: number;
}

/**
 * Opens `given` (relative to `cwd`) for reading after checking it is a regular file; with `kind`, also that
 * it is at most kind.maxBytes. Errors are InputFileErrors naming the file as given.
 */
export function openRegularFile(cwd: string, given: string, kind?: InputKind): OpenedFile {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of blocking (no effect on files).
    fd = openSync(resolve(cwd, given), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputFileError(given, describeFsError(error));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputFileError(given, "is a directory, expected a file");
    if (!stat.isFile()) {
      throw new InputFileError(
        given,
        `is ${describeNotRegular(stat)}, not a regular file; paramlens reads only regular files`,
      );
    }
    if (kind !== undefined && stat.size > kind.maxBytes) {
      throw new InputFileError(
        given,
        `is ${formatBytes(stat.size, { binary: true })}; a ${kind.name} is at most ${formatBytes(kind.maxBytes, { binary: true })}, so this is not one`,
      );
    }
    return { fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Reads up to `length` bytes at `offset` from an open file (fewer only at its end). */
export function readRange(fd: number, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, length));
  let done = 0;
  while (done < out.length) {
    const n = readSync(fd, out, done, out.length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === out.length ? out : out.subarray(0, done);
}

/** The whole of `given`, a regular file of at most kind.maxBytes bytes. */
export function readInputFile(cwd: string, given: string, kind: InputKind): Uint8Array {
  const { fd, size } = openRegularFile(cwd, given, kind);
  try {
    // Only the size fstat reported: a file that grows meanwhile cannot push the read past the cap.
    return readRange(fd, 0, size);
  } catch (error) {
    throw new InputFileError(given, describeFsError(error));
  } finally {
    closeSync(fd);
  }
}
