// The errors every reader in this package throws: one base class, `FormatError`, with a stable `code`,
// the format concerned, the byte range involved (when there is one) and a message written for the user,
// in which any value taken from the file is cut to ~100 characters. It does not wrap unrelated errors.

/** Why a buffer was rejected; the same vocabulary for every format. */
export type FormatErrorCode =
  /** fewer bytes than the fixed-size prefix (safetensors length, GGUF magic/version/counts) */
  | "HEADER_TOO_SMALL"
  /** a declared header length above the format's cap */
  | "HEADER_TOO_LARGE"
  /** the declared header length points past the end of the buffer */
  | "INVALID_HEADER_LENGTH"
  /** the header ends beyond the bytes given (pass a longer prefix: `bytesNeeded` says how long) */
  | "TRUNCATED"
  /** header bytes that are not valid UTF-8 */
  | "INVALID_UTF8"
  /** the header is not valid JSON, not a JSON object, or does not start with `{` */
  | "INVALID_JSON"
  /** JSON or GGUF arrays nested deeper than the cap */
  | "NESTING_TOO_DEEP"
  /** a header entry is malformed (missing field, wrong type, bad `__metadata__`) */
  | "INVALID_HEADER"
  /** GGUF magic is not "GGUF" */
  | "INVALID_MAGIC"
  /** a GGUF version this reader does not accept (1, 0, > 3) */
  | "UNSUPPORTED_VERSION"
  /** a count or length larger than the bytes that remain could hold */
  | "IMPLAUSIBLE_SIZE"
  /** a metadata key or tensor name that appears twice */
  | "DUPLICATE_KEY"
  /** a GGUF metadata value type outside the spec's 13 */
  | "UNKNOWN_VALUE_TYPE"
  /** a dtype (safetensors) or ggml type (GGUF) the format does not define */
  | "UNKNOWN_DTYPE"
  /** a shape entry that is not a non-negative integer, or too many dimensions */
  | "INVALID_SHAPE"
  /** data offsets that overlap, leave a gap, run backwards, are misaligned or not integers */
  | "INVALID_OFFSETS"
  /** `general.alignment` that is not a u32 power of two */
  | "INVALID_ALIGNMENT"
  /** shape × dtype size differs from the tensor's byte range */
  | "SIZE_MISMATCH"
  /** shape × dtype bits is not a whole number of bytes, or a row is not a whole number of blocks */
  | "MISALIGNED_SLICE"
  /** shape × dtype size does not fit in a safe integer */
  | "OVERFLOW"
  /** the tensors do not cover the data section exactly up to the end of the file */
  | "INCOMPLETE_BUFFER"
  /** a known dtype the caller does not convert (F8, F6, F4, C64) */
  | "UNSUPPORTED_DTYPE"
  /** an integer value that does not fit in the caller's integer type */
  | "INT_OUT_OF_RANGE"
  /** a record handed to a writer is inconsistent */
  | "INVALID_RECORD"
  /** an argument of a reader function is wrong (not a Uint8Array, negative file length …) */
  | "INVALID_ARGUMENT";

export type FormatName = "safetensors" | "gguf" | "json";

export interface FormatErrorDetails {
  /** the tensor concerned, when the error is about one tensor */
  tensor?: string;
  /** absolute [start, end) byte range in the file, when one is involved */
  byteRange?: readonly [number, number];
  /** for `TRUNCATED`: how many leading bytes of the file the reader needs */
  bytesNeeded?: number;
}

/** Base class of every error this package throws. */
export class FormatError extends Error {
  override name = "FormatError";
  readonly code: FormatErrorCode;
  readonly format: FormatName;
  readonly tensor: string | undefined;
  readonly byteRange: readonly [number, number] | undefined;
  readonly bytesNeeded: number | undefined;

  constructor(format: FormatName, code: FormatErrorCode, message: string, details: FormatErrorDetails = {}) {
    super(message);
    this.format = format;
    this.code = code;
    this.tensor = details.tensor;
    this.byteRange = details.byteRange;
    this.bytesNeeded = details.bytesNeeded;
  }
}

/** A safetensors file (or a record to write) was rejected. */
export class SafetensorsError extends FormatError {
  override name = "SafetensorsError";
  constructor(code: FormatErrorCode, message: string, details: FormatErrorDetails = {}) {
    super("safetensors", code, message, details);
  }
}

/** A GGUF header was rejected. */
export class GGUFError extends FormatError {
  override name = "GGUFError";
  constructor(code: FormatErrorCode, message: string, details: FormatErrorDetails = {}) {
    super("gguf", code, message, details);
  }
}

/** JSON text was rejected (invalid, or nested past the cap). */
export class JsonFormatError extends FormatError {
  override name = "JsonFormatError";
  constructor(code: FormatErrorCode, message: string, details: FormatErrorDetails = {}) {
    super("json", code, message, details);
  }
}

/** Backwards-compatible name of the safetensors code union (tensor exported it). */
export type SafetensorsErrorCode = FormatErrorCode;
