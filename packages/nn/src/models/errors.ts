// Named errors for the transformer modules and GPT: config features the module cannot build, bad inputs
// (token ids out of range, sequences longer than the context) and checkpoints that do not fit.

export type ModelErrorCode = "UNSUPPORTED" | "OPTION" | "INPUT" | "CHECKPOINT";

export class ModelError extends Error {
  readonly code: ModelErrorCode;
  constructor(code: ModelErrorCode, message: string) {
    super(message);
    this.name = "ModelError";
    this.code = code;
  }
}
