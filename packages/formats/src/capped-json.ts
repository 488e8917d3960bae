// JSON.parse with a nesting cap: one linear, non-recursive scan counts `[`/`{` depth outside strings and
// refuses text nested deeper than the cap before JSON.parse runs, so a 10 KB file of 5,000 brackets gives
// a typed error instead of a RangeError (stack overflow) in the parser or in any code that walks the value.
// It does not validate the JSON itself: JSON.parse does that, and its SyntaxError becomes a typed error.

import { JsonFormatError } from "./errors";
import { cutText } from "./untrusted-text";

/**
 * Nesting cap of the safetensors reference: serde_json's default recursion limit.
 * Source: serde-rs/json, src/de.rs, `remaining_depth: 128` (used by huggingface/safetensors' header parse).
 */
export const MAX_JSON_DEPTH = 128;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Deepest `[`/`{` nesting in `text` outside string literals (0 for a scalar). Stops counting at `stopAt`. */
export function jsonNestingDepth(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return max;
}

export interface ParseJsonOptions {
  /** nesting cap (default {@link MAX_JSON_DEPTH}) */
  maxDepth?: number;
  /** what the text is, for messages (default "JSON") */
  what?: string;
}

/**
 * Parses JSON text nested at most `maxDepth` deep.
 * @throws {JsonFormatError} `NESTING_TOO_DEEP` past the cap, `INVALID_JSON` for a syntax error (the
 *   parser's message is cut to 100 characters).
 */
export function parseJsonCapped(text: string, options: ParseJsonOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const what = options.what ?? "JSON";
  const depth = jsonNestingDepth(text, maxDepth);
  if (depth > maxDepth) {
    throw new JsonFormatError(
      "NESTING_TOO_DEEP",
      `${what} is nested more than ${maxDepth} levels deep (the cap, as in serde_json and Hugging Face safetensors)`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new JsonFormatError(
      "INVALID_JSON",
      `${what} is not valid JSON (${cutText(String((e as Error).message))})`,
    );
  }
}

/**
 * Deepest array/object nesting of an already-parsed value (0 for a scalar), walked with an explicit stack
 * (no recursion); stops as soon as the depth passes `stopAt`. For values parsed elsewhere (JSON.parse itself
 * does not overflow, but JSON.stringify and recursive walks of a 100k-deep value do).
 */
export function jsonValueDepth(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  if (typeof value !== "object" || value === null) return 0;
  let max = 0;
  const stack: [object, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > max) {
      max = depth;
      if (max > stopAt) return max;
    }
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) if (typeof c === "object" && c !== null) stack.push([c, depth + 1]);
  }
  return max;
}
