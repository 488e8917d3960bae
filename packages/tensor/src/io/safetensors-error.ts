// SafetensorsError: the one error type the safetensors reader and writer throw. It carries a stable
// `code`, the tensor it concerns (when there is one) and the byte range involved, so a caller can tell a
// truncated download from a corrupt header without parsing the message. It does not wrap unrelated errors.

/** Why a safetensors buffer (or a record to write) was rejected. */
export type SafetensorsErrorCode =
  /** fewer than the 8 bytes of the header-length prefix */
  | "HEADER_TOO_SMALL"
  /** the header-length prefix exceeds the 100 MB cap */
  | "HEADER_TOO_LARGE"
  /** the header-length prefix points past the end of the buffer */
  | "INVALID_HEADER_LENGTH"
  /** the header bytes are not valid UTF-8 */
  | "INVALID_UTF8"
  /** the header is not valid JSON, or not a JSON object */
  | "INVALID_JSON"
  /** a header entry is malformed (missing field, wrong type, bad `__metadata__`) */
  | "INVALID_HEADER"
  /** a dtype string the format does not define */
  | "UNKNOWN_DTYPE"
  /** a shape entry that is not a non-negative integer */
  | "INVALID_SHAPE"
  /** data offsets that overlap, leave a gap, run backwards or are not integers */
  | "INVALID_OFFSETS"
  /** shape × dtype size differs from the tensor's byte range */
  | "SIZE_MISMATCH"
  /** shape × dtype bits is not a whole number of bytes (sub-byte dtypes) */
  | "MISALIGNED_SLICE"
  /** shape × dtype size does not fit in a safe integer */
  | "OVERFLOW"
  /** the tensors do not cover the data section exactly up to the end of the buffer */
  | "INCOMPLETE_BUFFER"
  /** a known dtype this library does not convert (F8, F6, F4, C64) */
  | "UNSUPPORTED_DTYPE"
  /** an integer value that does not fit in int32 */
  | "INT_OUT_OF_RANGE"
  /** a record handed to the writer is inconsistent */
  | "INVALID_RECORD";

export class SafetensorsError extends Error {
  override readonly name = "SafetensorsError";
  readonly code: SafetensorsErrorCode;
  /** the tensor concerned, when the error is about one tensor */
  readonly tensor: string | undefined;
  /** absolute [start, end) byte range in the buffer, when one is involved */
  readonly byteRange: readonly [number, number] | undefined;

  constructor(
    code: SafetensorsErrorCode,
    message: string,
    details: { tensor?: string; byteRange?: readonly [number, number] } = {},
  ) {
    super(message);
    this.code = code;
    this.tensor = details.tensor;
    this.byteRange = details.byteRange;
  }
}
