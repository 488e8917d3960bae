// Named error classes for @paramlens/attribution. Every error carries a stable `code` and a message that
// names the method and the option or value at fault, so a bad call fails loudly instead of returning a
// wrong map. Shape errors raised by @paramlens/tensor ops inside the user's model pass through unchanged.

/** Codes carried by {@link AttributionError}. */
export type AttributionErrorCode =
  | "BAD_INPUT"
  | "BAD_TARGET"
  | "BAD_BASELINE"
  | "BAD_OPTION"
  | "BAD_OUTPUT"
  | "BAD_MASK"
  | "BAD_ATTRIBUTION"
  | "TOO_MANY_FEATURES"
  /** the model's output is NaN/Infinity (e.g. NaN parameters) */
  | "NON_FINITE"
  /** a step or sample count above the documented limit */
  | "TOO_MANY_STEPS"
  | "UNKNOWN_OPTION";

/** A call to an attribution method, metric or renderer with arguments that cannot give a correct answer. */
export class AttributionError extends Error {
  readonly code: AttributionErrorCode;
  /** The method or function that raised it, e.g. `IntegratedGradients.attribute`. */
  readonly op: string;
  constructor(code: AttributionErrorCode, op: string, detail: string) {
    super(`${op}: ${detail}`);
    this.name = "AttributionError";
    this.code = code;
    this.op = op;
  }
}

/** Codes carried by {@link ParameterAnalysisError}. */
export type ParameterAnalysisErrorCode = "BAD_TENSOR" | "BAD_OPTION" | "UNKNOWN_OPTION";

/** Parameter statistics or spectra asked of a tensor that does not fit (wrong rank, int32, empty). */
export class ParameterAnalysisError extends Error {
  readonly code: ParameterAnalysisErrorCode;
  readonly op: string;
  constructor(code: ParameterAnalysisErrorCode, op: string, detail: string) {
    super(`${op}: ${detail}`);
    this.name = "ParameterAnalysisError";
    this.code = code;
    this.op = op;
  }
}
