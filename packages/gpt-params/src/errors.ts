// Named error classes for @paramlens/gpt-params. Every error carries a stable `code` and a message that
// names the function or config field and shows the offending values. No error is ever swallowed here.

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

/** A safetensors or GGUF header is malformed, truncated or uses something we do not understand. */
export class HeaderError extends GptParamsError {
  constructor(format: "safetensors" | "gguf", code: string, message: string) {
    super(code, `${format}: ${message}`);
    this.name = "HeaderError";
  }
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
