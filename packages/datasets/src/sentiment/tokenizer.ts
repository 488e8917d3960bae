// Word/character tokenizer for the mixed English–Chinese sentiment corpus, and a vocabulary with <pad>,
// <unk>, padding and truncation. English: lower-cased runs of letters/digits (with an inner apostrophe,
// "grandmother's"). Chinese: one token per Han character — no word segmentation, so "快乐" is the two
// tokens 快 and 乐; a dictionary segmenter would merge them but needs a dictionary and adds ambiguity, while
// characters already carry most of the sentiment signal at this corpus size. Punctuation is dropped.
import { checkInt, DatasetError } from "../errors";

const TOKEN = /[\p{Script=Latin}\p{Nd}]+(?:'[\p{Script=Latin}]+)*|\p{Script=Han}/gu;

/** Splits text into tokens: lower-cased Latin words and digits, single Han characters; drops everything else. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

export const PAD = "<pad>";
export const UNK = "<unk>";

export interface EncodedBatch {
  /** [N, maxLen] token ids, padded with the <pad> id (0). */
  readonly ids: Int32Array;
  readonly shape: readonly [number, number];
  /** [N] number of real (non-pad) tokens in each row after truncation. */
  readonly lengths: Int32Array;
}

export class Vocabulary {
  /** id → token; id 0 is <pad>, id 1 is <unk>. */
  readonly tokens: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(tokens: readonly string[]) {
    if (tokens[0] !== PAD || tokens[1] !== UNK) {
      throw new DatasetError(
        "INVALID_ARGUMENT",
        `Vocabulary: tokens must start with "${PAD}", "${UNK}", got ${JSON.stringify(tokens.slice(0, 2))}`,
      );
    }
    const ids = new Map<string, number>();
    tokens.forEach((t, i) => {
      if (ids.has(t))
        throw new DatasetError("INVALID_ARGUMENT", `Vocabulary: token ${JSON.stringify(t)} repeats at ${i}`);
      ids.set(t, i);
    });
    this.tokens = [...tokens];
    this.ids = ids;
  }

  /**
   * Builds a vocabulary from texts: tokens seen at least `minCount` times, most frequent first (ties in
   * code-unit order, so the result is deterministic), at most `maxSize` entries including <pad> and <unk>.
   */
  static build(texts: readonly string[], options: { minCount?: number; maxSize?: number } = {}): Vocabulary {
    const { minCount = 1, maxSize = Number.MAX_SAFE_INTEGER } = options;
    checkInt("Vocabulary.build", "minCount", minCount, 1);
    checkInt("Vocabulary.build", "maxSize", maxSize, 2);
    const counts = new Map<string, number>();
    for (const text of texts) for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
    const kept = [...counts]
      .filter(([, c]) => c >= minCount)
      .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, maxSize - 2)
      .map(([t]) => t);
    return new Vocabulary([PAD, UNK, ...kept]);
  }

  get size(): number {
    return this.tokens.length;
  }

  get padId(): number {
    return 0;
  }

  get unkId(): number {
    return 1;
  }

  /** The id of a token, or the <unk> id. */
  id(token: string): number {
    return this.ids.get(token) ?? 1;
  }

  /** Tokenizes and maps to ids (unknown tokens → <unk>), without padding. */
  encode(text: string): Int32Array {
    return Int32Array.from(tokenize(text), (t) => this.id(t));
  }

  /** Encodes texts into a [N, maxLen] matrix: truncated at maxLen, padded with <pad> on the right. */
  encodeBatch(texts: readonly string[], maxLen: number): EncodedBatch {
    checkInt("Vocabulary.encodeBatch", "maxLen", maxLen, 1);
    const ids = new Int32Array(texts.length * maxLen); // zero-filled = <pad>
    const lengths = new Int32Array(texts.length);
    texts.forEach((text, i) => {
      const row = this.encode(text).subarray(0, maxLen);
      ids.set(row, i * maxLen);
      lengths[i] = row.length;
    });
    return { ids, shape: [texts.length, maxLen], lengths };
  }

  /** Ids → tokens, skipping <pad>. An id outside the vocabulary is an error. */
  decode(ids: ArrayLike<number>): string[] {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const token = this.tokens[id];
      if (token === undefined) {
        throw new DatasetError(
          "UNKNOWN_ID",
          `Vocabulary.decode: id ${id} at position ${i} is outside 0..${this.size - 1}`,
        );
      }
      if (id !== 0) out.push(token);
    }
    return out;
  }
}
