// Named errors for @paramlens/datasets. Every error carries a machine-readable `code` and a message that
// names the file or argument and shows the offending values. Nothing here recovers from errors.

export type DatasetErrorCode =
  | "FILE_NOT_FOUND"
  | "GZIP_CORRUPT"
  | "IDX_BAD_MAGIC"
  | "IDX_BAD_DTYPE"
  | "IDX_TRUNCATED"
  | "IDX_TRAILING_BYTES"
  | "COUNT_MISMATCH"
  | "SHAPE_MISMATCH"
  | "BAD_LABEL"
  | "INVALID_ARGUMENT"
  | "UNKNOWN_CHAR"
  | "UNKNOWN_ID";

export class DatasetError extends Error {
  readonly code: DatasetErrorCode;

  constructor(code: DatasetErrorCode, message: string) {
    super(message);
    this.name = "DatasetError";
    this.code = code;
  }
}

/** Throws INVALID_ARGUMENT unless `value` is an integer in [min, max]. */
export function checkInt(
  op: string,
  name: string,
  value: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
) {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new DatasetError("INVALID_ARGUMENT", `${op}: ${name} must be an integer ${range}, got ${value}`);
  }
}

/** Throws INVALID_ARGUMENT unless `value` is a finite number >= min. */
export function checkFinite(op: string, name: string, value: number, min = Number.NEGATIVE_INFINITY) {
  if (!Number.isFinite(value) || value < min) {
    const bound = min === Number.NEGATIVE_INFINITY ? "" : ` >= ${min}`;
    throw new DatasetError(
      "INVALID_ARGUMENT",
      `${op}: ${name} must be a finite number${bound}, got ${value}`,
    );
  }
}
