// Character-level tokenizer (vocabulary = the distinct characters of a text, sorted by code point) and the
// unigram character entropy of a text — the loss a model that ignores context cannot beat. Characters
// are Unicode code points, so astral characters (e.g. emoji) are one token, not two UTF-16 halves.
import { DatasetError } from "./errors";

export class CharTokenizer {
  /** id → character, sorted by code point. */
  readonly vocab: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(vocab: readonly string[]) {
    const ids = new Map<string, number>();
    vocab.forEach((ch, i) => {
      if ([...ch].length !== 1) {
        throw new DatasetError(
          "INVALID_ARGUMENT",
          `CharTokenizer: vocab[${i}] must be one character, got ${JSON.stringify(ch)}`,
        );
      }
      if (ids.has(ch)) {
        throw new DatasetError(
          "INVALID_ARGUMENT",
          `CharTokenizer: vocab[${i}] ${JSON.stringify(ch)} is a duplicate`,
        );
      }
      ids.set(ch, i);
    });
    this.vocab = [...vocab];
    this.ids = ids;
  }

  /** Builds the vocabulary from every distinct character of `text`. */
  static fromText(text: string): CharTokenizer {
    const chars = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    return new CharTokenizer(chars);
  }

  get size(): number {
    return this.vocab.length;
  }

  /** Text → ids. A character outside the vocabulary is an error (there is no <unk> at character level). */
  encode(text: string): Int32Array {
    const chars = [...text];
    const out = new Int32Array(chars.length);
    chars.forEach((ch, i) => {
      const id = this.ids.get(ch);
      if (id === undefined) {
        const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
        throw new DatasetError(
          "UNKNOWN_CHAR",
          `CharTokenizer.encode: character ${JSON.stringify(ch)} (U+${code}) at position ${i} is not in the ` +
            `${this.size}-character vocabulary`,
        );
      }
      out[i] = id;
    });
    return out;
  }

  /** Ids → text. An id outside [0, size) is an error. */
  decode(ids: ArrayLike<number>): string {
    let s = "";
    for (let i = 0; i < ids.length; i++) {
      const ch = this.vocab[ids[i]!];
      if (ch === undefined) {
        throw new DatasetError(
          "UNKNOWN_ID",
          `CharTokenizer.decode: id ${ids[i]} at position ${i} is outside 0..${this.size - 1}`,
        );
      }
      s += ch;
    }
    return s;
  }
}

/**
 * Entropy in nats of the character distribution of `text`: H = −Σ p(c) ln p(c). A character-level model's
 * mean cross-entropy must fall below this to show it has learned anything beyond character frequencies.
 */
export function unigramEntropy(text: string): number {
  const counts = new Map<string, number>();
  let n = 0;
  for (const ch of text) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
    n++;
  }
  if (n === 0) throw new DatasetError("INVALID_ARGUMENT", "unigramEntropy: text is empty");
  let h = 0;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log(p);
  }
  return h;
}
