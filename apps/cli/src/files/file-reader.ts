// Reads byte ranges of a file without loading it: open once, read only the ranges asked for, close.
// This is what lets `paramlens inspect` answer for a multi-GB checkpoint by reading its header alone.
// Only regular files open (a FIFO or a device is refused without blocking: input-file.ts).
import { closeSync } from "node:fs";
import { openRegularFile, readRange } from "./input-file";

export class FileReader {
  private constructor(
    /** The path as the user gave it (used in messages). */
    readonly path: string,
    private readonly fd: number,
    /** File size in bytes. */
    readonly size: number,
  ) {}

  /** Opens `given` (relative to `cwd`) for reading; anything but a regular file is an InputFileError. */
  static open(given: string, cwd: string): FileReader {
    const { fd, size } = openRegularFile(cwd, given);
    return new FileReader(given, fd, size);
  }

  /** Up to `length` bytes from `offset` (fewer only at the end of the file). */
  read(offset: number, length: number): Uint8Array {
    return readRange(this.fd, offset, Math.max(0, Math.min(length, this.size - offset)));
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
