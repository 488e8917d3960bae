// The one check every public method and metric runs on its options object: a key it does not know is an
// error (`UNKNOWN_OPTION`), never silently ignored — a misspelt `nStep` or a Captum option we lack
// (`method` where only one rule exists) must fail loudly instead of giving a default-options answer.
// The known keys are written as an object typed by the options interface, so the compiler insists the
// list is complete and has nothing extra. Option values are checked by each method, not here.
import { AttributionError, ParameterAnalysisError } from "./errors";

/** Every key of O (optional ones included), each mapped to true: the runtime list of known options. */
export type OptionKeys<O> = { readonly [K in keyof Required<O>]: true };

/** The keys shared by every `attribute`: target and internalBatchSize. */
export const COMMON_KEYS = { target: true, internalBatchSize: true } as const;

function cut(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * Throws UNKNOWN_OPTION if `options` has a key not in `known`, BAD_OPTION if it is not a plain object;
 * an AttributionError, or a ParameterAnalysisError for the parameter-analysis functions (`kind`).
 * `undefined` (no options) passes.
 */
export function checkOptions<O>(
  op: string,
  options: O | undefined,
  known: OptionKeys<O>,
  kind: "attribution" | "parameters" = "attribution",
): void {
  if (options === undefined) return;
  const Err = kind === "attribution" ? AttributionError : ParameterAnalysisError;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    const got = options === null ? "null" : Array.isArray(options) ? "an array" : typeof options;
    throw new Err("BAD_OPTION", op, `options must be an object, got ${got}`);
  }
  const unknown = Object.keys(options).filter((k) => !Object.hasOwn(known, k));
  if (unknown.length === 0) return;
  const names = unknown.slice(0, 3).map((k) => `"${cut(k)}"`);
  const more = unknown.length > 3 ? ` and ${unknown.length - 3} more` : "";
  throw new Err(
    "UNKNOWN_OPTION",
    op,
    `unknown option${unknown.length > 1 ? "s" : ""} ${names.join(", ")}${more}; ` +
      `known: ${Object.keys(known).join(", ")}`,
  );
}
