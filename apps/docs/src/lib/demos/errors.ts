// Errors of the docs demos' wiring (bad model assets, unknown methods or samples). The packages raise their
// own errors for bad tensors; these name what the page asked for.

export type DemoErrorCode = "BAD_ASSET" | "UNKNOWN_METHOD" | "UNKNOWN_SAMPLE" | "FETCH_FAILED";

export class DemoError extends Error {
  readonly code: DemoErrorCode;
  constructor(code: DemoErrorCode, message: string) {
    super(message);
    this.name = "DemoError";
    this.code = code;
  }
}
