// Named error for optimizer and scheduler misuse: bad hyper-parameters, non-contiguous parameters,
// state dicts that do not fit. Messages name the optimizer and the field and show the value.

export type OptimizerErrorCode = "OPTION" | "PARAM" | "STATE" | "NON_FINITE";

export class OptimizerError extends Error {
  readonly code: OptimizerErrorCode;
  constructor(code: OptimizerErrorCode, message: string) {
    super(message);
    this.name = "OptimizerError";
    this.code = code;
  }
}

/** Throws unless `value` is a finite number in [min, max] (max inclusive unless `openMax`). */
export function checkNumber(
  where: string,
  field: string,
  value: unknown,
  min: number,
  max = Number.POSITIVE_INFINITY,
  openMax = false,
): number {
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < min ||
    (openMax ? value >= max : value > max)
  ) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `in [${min}, ${max}${openMax ? ")" : "]"}`;
    throw new OptimizerError(
      "OPTION",
      `${where}: ${field} must be a finite number ${range}, got ${String(value)}`,
    );
  }
  return value;
}
