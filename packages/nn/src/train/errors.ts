// Named errors for the training loop and checkpoints. Messages name the option or the step.

export type TrainingErrorCode =
  | "OPTION"
  | "DATA"
  | "NON_FINITE_LOSS"
  | "NON_FINITE_PARAMETERS"
  | "CHECKPOINT";

export class TrainingError extends Error {
  readonly code: TrainingErrorCode;
  /** The global step (1-based) at which training stopped, for NON_FINITE_LOSS and NON_FINITE_PARAMETERS. */
  readonly step: number | undefined;
  constructor(code: TrainingErrorCode, message: string, step?: number) {
    super(message);
    this.name = "TrainingError";
    this.code = code;
    this.step = step;
  }
}
