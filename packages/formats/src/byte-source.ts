// The one input shape the GGUF reader pulls bytes through: a known size and a synchronous `read(offset,
// length)`. A Uint8Array (a whole file or a prefix) and an open file (the CLI's reader) both fit it, so the
// reader parses a large header once, front to back, asking only for the next window it needs. It does no
// I/O itself.

/** Random-access bytes of known size, read synchronously. */
export interface ByteSource {
  /** total bytes the source holds */
  readonly size: number;
  /** up to `length` bytes from `offset` (fewer only at the end of the source) */
  read(offset: number, length: number): Uint8Array;
}

/** A ByteSource over bytes already in memory (no copy: `read` returns subarrays). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

export function isByteSource(value: unknown): value is ByteSource {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ByteSource).read === "function" &&
    typeof (value as ByteSource).size === "number"
  );
}
