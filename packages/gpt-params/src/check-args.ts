// Argument checks shared by the compute, memory and scaling functions: each throws an ArgumentError naming
// the function and argument and showing the value. No defaults are decided here.
import { ArgumentError } from "./errors";

/** A finite number > 0 (or ≥ 0 with `allowZero`). */
export function positive(fn: string, name: string, value: unknown, allowZero = false): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ArgumentError(
      fn,
      name,
      `${String(value)} must be a finite number ${allowZero ? ">= 0" : "> 0"}`,
    );
  }
  return value;
}

/** An integer ≥ min. */
export function integer(fn: string, name: string, value: unknown, min = 1): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new ArgumentError(fn, name, `${String(value)} must be an integer >= ${min}`);
  }
  return value;
}

/** A number in (0, 1]. */
export function fraction(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > 1) {
    throw new ArgumentError(fn, name, `${String(value)} must be in (0, 1]`);
  }
  return value;
}

/** One of the allowed strings. */
export function choice<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new ArgumentError(fn, name, `${JSON.stringify(value)} must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}
