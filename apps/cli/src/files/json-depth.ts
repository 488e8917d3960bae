// The nesting depth of JSON text, measured by a flat scan (no recursion, no allocation), so a file nested
// 100,000 deep is refused before JSON.parse or any recursive walk over its value can overflow the stack.
// It does not validate the JSON: JSON.parse does that afterwards.

/** Deepest nesting accepted in a JSON file: serde_json's recursion limit, which Hugging Face's parsers use. */
export const MAX_JSON_DEPTH = 128;

/** The deepest `[`/`{` nesting in `text`, counting only brackets outside strings; stops past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}
