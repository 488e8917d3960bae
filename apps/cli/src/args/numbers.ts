// Parses numeric flag values: plain ("7000000000"), scientific ("7e9", "1.5e23"), with thousands
// separators ("124,439,808") or an SI-style suffix ("7B", "175b", "2T", "512k"). It does not guess: any
// other text is an InvalidValueError that names the flag and shows the value.
import { InvalidValueError } from "../errors";
import { clip, quote } from "../output/clip";

// K/M/B/T as in model names ("7B" parameters, "2T" tokens); G is accepted as a synonym of B.
const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };
const NUMBER = /^([+-]?)([0-9][0-9,_]*(?:\.[0-9]+)?|\.[0-9]+)(?:e([+-]?[0-9]+))?([kmbgt])?$/i;

/** A positive finite number, e.g. `--compute 1e23` or `--params 7B`. */
export function parsePositive(flag: string, raw: unknown): number {
  const value = parseNumber(flag, raw);
  if (!(value > 0))
    throw new InvalidValueError(`--${flag}: ${clip(String(raw))} must be positive (greater than 0)`);
  return value;
}

/** A positive integer, e.g. `--layers 12` or `--vocab 50257`. */
export function parsePositiveInteger(flag: string, raw: unknown): number {
  const value = parsePositive(flag, raw);
  if (!Number.isSafeInteger(value)) {
    throw new InvalidValueError(`--${flag}: ${clip(String(raw))} must be a whole number`);
  }
  return value;
}

/**
 * Any finite number written as above, with an optional sign: a negative value parses, so the caller's range
 * check can say "must be positive" rather than "expected a number".
 */
export function parseNumber(flag: string, raw: unknown): number {
  const text = typeof raw === "string" ? raw.trim() : "";
  const match = NUMBER.exec(text);
  if (typeof raw !== "string" || match === null) {
    const shown = typeof raw === "string" ? (raw === "" ? "an empty value" : quote(raw)) : "no value";
    throw new InvalidValueError(`--${flag}: expected a number such as 7e9, 7B or 7000000000, got ${shown}`);
  }
  const [, sign = "", mantissa = "", exponent, suffix] = match;
  const base = Number(
    `${sign}${mantissa.replace(/[,_]/g, "")}${exponent === undefined ? "" : `e${exponent}`}`,
  );
  const value = suffix === undefined ? base : base * (SUFFIX[suffix.toLowerCase()] ?? Number.NaN);
  if (!Number.isFinite(value)) throw new InvalidValueError(`--${flag}: ${clip(raw)} is too large`);
  return value;
}

/** A whole number ≥ 0, e.g. `--seed 0` or `--image 12`. */
export function parseNonNegativeInteger(flag: string, raw: unknown): number {
  const value = parseNumber(flag, raw);
  if (value < 0) throw new InvalidValueError(`--${flag}: ${clip(String(raw))} must be 0 or more`);
  if (!Number.isSafeInteger(value)) {
    throw new InvalidValueError(`--${flag}: ${clip(String(raw))} must be a whole number`);
  }
  return value;
}
