// Shows a value taken from an untrusted file inside an error message without letting it flood the
// message: JSON-style quoting, cut to a fixed number of characters with the original length noted.
// It never throws and never walks deep structures (it stringifies only strings, numbers and short arrays).

/** Default cap for untrusted text in messages, in characters. */
export const MAX_SHOWN_CHARS = 100;

/** `s` cut to `max` characters, with "… (N chars)" when it was longer. */
export function cutText(s: string, max = MAX_SHOWN_CHARS): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max)}… (${s.length} chars)`;
}

/** A quoted, cut name: `"abc"`, with control characters escaped. */
export function showName(name: string, max = MAX_SHOWN_CHARS): string {
  return JSON.stringify(cutText(name, max));
}

/**
 * A short description of any value read from a file: strings quoted and cut, numbers as written, arrays
 * by their first elements, objects as `{…}`. Never recurses more than one level.
 */
export function showValue(value: unknown, max = MAX_SHOWN_CHARS): string {
  if (value === null) return "null";
  if (typeof value === "string") return showName(value, max);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  if (Array.isArray(value)) {
    const parts: string[] = [];
    let length = 2;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const part =
        typeof v === "number" || typeof v === "boolean" || typeof v === "bigint"
          ? String(v)
          : typeof v === "string"
            ? showName(v, 20)
            : Array.isArray(v)
              ? "[…]"
              : v === null
                ? "null"
                : typeof v === "object"
                  ? "{…}"
                  : typeof v;
      length += part.length + 2;
      if (length > max) {
        parts.push(`… ${value.length - i} more`);
        break;
      }
      parts.push(part);
    }
    return `[${parts.join(", ")}]`;
  }
  if (typeof value === "object") return "{…}";
  return typeof value;
}

/** A shape as `[2,3]`, cut like any untrusted text. */
export function showShape(shape: readonly number[], max = MAX_SHOWN_CHARS): string {
  return `[${cutText(shape.join(","), max)}]`;
}
