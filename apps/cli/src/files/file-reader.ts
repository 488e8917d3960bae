// Reads byte ranges of a file without loading it: open once, read only the ranges asked for, close.
// This is what lets `paramlens inspect` answer for a multi-GB checkpoint by reading its header alone.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { resolve } from "node:path";
import { InputFileError } from "../errors";
import { describeFsError } from "./fs-errors";

export class FileReader {
  private constructor(
    /** The path as the user gave it (used in messages). */
    readonly path: string,
    private readonly fd: number,
    /** File size in bytes. */
    readonly size: number,
  ) {}

  /** Opens `given` (relative to `cwd`) for reading; a directory or missing file is an InputFileError. */
  static open(given: string, cwd: string): FileReader {
    let fd: number;
    try {
      fd = openSync(resolve(cwd, given), "r");
    } catch (error) {
      throw new InputFileError(given, describeFsError(error));
    }
    const stat = fstatSync(fd);
    if (stat.isDirectory()) {
      closeSync(fd);
      throw new InputFileError(given, "is a directory, expected a file");
    }
    return new FileReader(given, fd, stat.size);
  }

  /** Up to `length` bytes from `offset` (fewer only at the end of the file). */
  read(offset: number, length: number): Uint8Array {
    const want = Math.max(0, Math.min(length, this.size - offset));
    const out = new Uint8Array(want);
    let done = 0;
    while (done < want) {
      const n = readSync(this.fd, out, done, want - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return done === want ? out : out.subarray(0, done);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Runs `fn` with the file open and always closes it. */
export function withFile<T>(given: string, cwd: string, fn: (file: FileReader) => T): T {
  const file = FileReader.open(given, cwd);
  try {
    return fn(file);
  } finally {
    file.close();
  }
}
