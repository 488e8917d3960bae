// Incremental detokenization for streaming generation: feed ids one at a time, get back the text that
// is safe to print. One token can carry part of a multi-byte UTF-8 character (byte-level BPE, byte
// fallback), and SentencePiece decoders treat the first token of a text differently (they strip its
// leading space), so decoding each token alone would print U+FFFD halves and lose spaces. Like
// text-generation-inference's `decode_token` (server/text_generation_server/models/model.py), it
// decodes a short window of already printed tokens plus the new ones and prints the difference, and
// holds text back while it ends in an unfinished character (U+FFFD). It does not buffer whole words.

import type { DecodeOptions } from "./tokenizer";

export interface StreamDecoder {
  /** Add one id; returns the newly printable text ("" while a character is unfinished). */
  push(id: number): string;
  /** The text still held back (an unfinished character at the very end decodes to U+FFFD). */
  flush(): string;
}

const REPLACEMENT = "\uFFFD";

export function createStreamDecoder(
  decode: (ids: readonly number[], options?: DecodeOptions) => string,
  options: DecodeOptions = {},
): StreamDecoder {
  const ids: number[] = [];
  let prefixOffset = 0; // start of the context window: tokens already printed, decoded for context
  let readOffset = 0; // first token not printed yet

  const step = (final: boolean): string => {
    if (readOffset === ids.length) return "";
    const prefixText = decode(ids.slice(prefixOffset, readOffset), options);
    const newText = decode(ids.slice(prefixOffset), options);
    if (newText.length <= prefixText.length && !final) return "";
    if (!final && newText.endsWith(REPLACEMENT)) return "";
    // A decoder that rewrites earlier text (none of HF's do within a window) would break this; fall back
    // to printing the whole new text rather than a wrong slice.
    const text = newText.startsWith(prefixText) ? newText.slice(prefixText.length) : newText;
    prefixOffset = readOffset;
    readOffset = ids.length;
    return text;
  };

  return {
    push(id) {
      ids.push(id);
      try {
        return step(false);
      } catch (e) {
        ids.pop(); // a bad id (TokenizerError BAD_TOKEN_ID) leaves the stream as it was
        throw e;
      }
    },
    flush() {
      return step(true);
    },
  };
}
