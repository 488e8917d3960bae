// The typed error thrown by loadTokenizer and the Tokenizer it returns. Messages name the file or the
// argument and show the offending value cut to ~100 characters; they never echo a whole untrusted file.

export type TokenizerErrorCode =
  | "BAD_TOKENIZER_JSON" // tokenizer.json is not an object the library can build a tokenizer from
  | "BAD_TOKENIZER_CONFIG" // tokenizer_config.json is not an object or names a special token wrongly
  | "BAD_TOKEN_ID" // decode() got an id that is not an integer in [0, vocabSize)
  | "BAD_TEXT"; // encode() got something that is not a string

export class TokenizerError extends Error {
  readonly code: TokenizerErrorCode;
  constructor(code: TokenizerErrorCode, message: string) {
    super(message);
    this.name = "TokenizerError";
    this.code = code;
  }
}

/** `value` as a short printable string for an error message (at most ~100 characters). Objects and
 * arrays are described, not serialised, so a huge untrusted value is never stringified whole. */
export function cutForMessage(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value !== null && typeof value === "object") return "an object";
  const s = typeof value === "string" ? JSON.stringify(value.slice(0, 120)) : String(value);
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}
