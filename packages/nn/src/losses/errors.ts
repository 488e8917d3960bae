// Named error for bad loss inputs (shapes, dtypes, options). Messages name the loss and show the values.

export type LossErrorCode = "SHAPE" | "DTYPE" | "OPTION" | "TARGET_RANGE";

export class LossError extends Error {
  readonly code: LossErrorCode;
  constructor(code: LossErrorCode, message: string) {
    super(message);
    this.name = "LossError";
    this.code = code;
  }
}
