// Named error classes for @paramlens/gpt-params. Every error carries a stable `code` and a message that
// names the function or config field and shows the offending values. No error is ever swallowed here.
import { FormatError } from "@paramlens/formats";

/** Base class: every error thrown by this package is a `GptParamsError` with a machine-readable `code`. */
export class GptParamsError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "GptParamsError";
    this.code = code;
  }
}

/**
 * A config field breaks a rule. `field` is the config path (e.g. `dModel`, `moe.expertsPerToken`) and
 * `rule` a short description of the rule it broke.
 */
export class ConfigError extends GptParamsError {
  readonly field: string;
  readonly rule: string;
  constructor(field: string, rule: string, message: string) {
    super("CONFIG_INVALID", `config.${field}: ${message}`);
    this.name = "ConfigError";
    this.field = field;
    this.rule = rule;
  }
}

/** A numeric argument of a compute, memory or scaling function is out of range. */
export class ArgumentError extends GptParamsError {
  readonly argument: string;
  constructor(fn: string, argument: string, message: string) {
    super("ARGUMENT_INVALID", `${fn}: ${argument} ${message}`);
    this.name = "ArgumentError";
    this.argument = argument;
  }
}

/**
 * A safetensors or GGUF header is malformed, truncated or uses something we do not understand. `code` is
 * `HEADER_TRUNCATED`, `HEADER_INVALID`, `HEADER_INPUT` or `HEADER_DUPLICATE`; `formatCode` is the precise
 * code of @paramlens/formats' reader (`INVALID_UTF8`, `NESTING_TOO_DEEP` …) and `cause` its error.
 */
export class HeaderError extends GptParamsError {
  readonly formatCode: string | undefined;
  /** for `HEADER_TRUNCATED`: how many leading bytes of the file the reader needs, when known */
  readonly bytesNeeded: number | undefined;
  constructor(
    format: "safetensors" | "gguf",
    code: string,
    message: string,
    details: { formatCode?: string; bytesNeeded?: number; cause?: unknown } = {},
  ) {
    super(code, `${format}: ${message}`);
    this.name = "HeaderError";
    this.formatCode = details.formatCode;
    this.bytesNeeded = details.bytesNeeded;
    if (details.cause !== undefined) (this as { cause?: unknown }).cause = details.cause;
  }
}

/** Turns a @paramlens/formats error into a HeaderError (any other error is returned unchanged). */
export function toHeaderError(format: "safetensors" | "gguf", error: unknown, given?: number): unknown {
  if (!(error instanceof FormatError)) return error;
  const text = error.message.replace(/^(safetensors|gguf): /, "");
  const truncated = error.code === "TRUNCATED" || error.code === "HEADER_TOO_SMALL";
  const code = truncated
    ? "HEADER_TRUNCATED"
    : error.code === "INVALID_ARGUMENT"
      ? "HEADER_INPUT"
      : "HEADER_INVALID";
  const hint =
    truncated && error.bytesNeeded !== undefined && !/pass a longer prefix|pass at least/.test(text)
      ? `; pass at least ${error.bytesNeeded} bytes${given === undefined ? "" : `; got ${given}`}`
      : "";
  return new HeaderError(format, code, `${text}${hint}`, {
    formatCode: error.code,
    ...(error.bytesNeeded !== undefined ? { bytesNeeded: error.bytesNeeded } : {}),
    cause: error,
  });
}

/** A Hugging Face `config.json` cannot be mapped onto a `GPTConfig` without guessing. */
export class ImportError extends GptParamsError {
  constructor(code: string, message: string) {
    super(code, `fromHuggingFaceConfig: ${message}`);
    this.name = "ImportError";
  }
}

/** A preset id is unknown; `suggestions` holds the nearest ids by edit distance. */
export class PresetError extends GptParamsError {
  readonly suggestions: readonly string[];
  constructor(name: string, suggestions: readonly string[]) {
    const hint =
      suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : "";
    super("PRESET_UNKNOWN", `getPreset: no preset "${name}"${hint}`);
    this.name = "PresetError";
    this.suggestions = suggestions;
  }
}

/** A scaling-law fit could not be set up or did not converge to finite constants. */
export class FitError extends GptParamsError {
  constructor(code: string, message: string) {
    super(code, `fitScalingLaw: ${message}`);
    this.name = "FitError";
  }
}
