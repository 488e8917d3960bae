// loadTokenizer: a Hugging Face tokenizer.json (+ tokenizer_config.json) as a small encode/decode API,
// built on Tokenizers.js (`@huggingface/tokenizers`, the pure-JS port of HF tokenizers; no Node
// built-ins, so it runs in browsers). Byte-level BPE (GPT-2, Llama 3, Qwen2), SentencePiece-style BPE
// with byte fallback (Llama 2, Mistral, Gemma), Unigram and WordPiece are whatever that library
// supports. This file does not implement any tokenization itself, and it does not read files: the
// caller passes the parsed JSON (the loader in ./load-pretrained or a user's fetch).

import { Tokenizer as HfTokenizer } from "@huggingface/tokenizers";
import { cutForMessage, TokenizerError } from "./tokenizer-errors";
import { createStreamDecoder, type StreamDecoder } from "./tokenizer-stream";

export interface LoadTokenizerOptions {
  /** The parsed contents of `tokenizer.json`. */
  tokenizerJson: unknown;
  /** The parsed contents of `tokenizer_config.json`, when the checkpoint has one. */
  tokenizerConfig?: unknown;
  /** The parsed contents of `special_tokens_map.json`, when present; `tokenizerConfig` wins on conflicts. */
  specialTokensMap?: unknown;
}

export interface EncodeOptions {
  /** Add the tokens of the tokenizer's post-processor (e.g. Llama's `<s>`). Default true, as in HF. */
  addSpecialTokens?: boolean;
}

export interface DecodeOptions {
  /** Drop special tokens (`<s>`, `<|endoftext|>`, …) from the text. Default false, as in HF. */
  skipSpecialTokens?: boolean;
}

export interface Tokenizer {
  /** Token ids of `text`. */
  encode(text: string, options?: EncodeOptions): number[];
  /** Text of `ids` (an empty list gives ""). Throws TokenizerError BAD_TOKEN_ID for an id not in the vocabulary. */
  decode(ids: readonly number[], options?: DecodeOptions): string;
  /** Token strings of `text` as the model sees them (`["Hello", "Ġworld"]`), without special tokens. */
  tokenize(text: string): string[];
  /** Id of a token string (vocabulary or added token), or null. */
  tokenToId(token: string): number | null;
  /** Token string of an id, or null. */
  idToToken(id: number): string | null;
  /** Number of ids: the largest id + 1, added tokens included (`len(tokenizer)` in transformers). */
  readonly vocabSize: number;
  /** From tokenizer_config.json / special_tokens_map.json (`bos_token`, …); null when they name none. */
  readonly bosTokenId: number | null;
  readonly eosTokenId: number | null;
  readonly padTokenId: number | null;
  readonly unkTokenId: number | null;
  /** Ids of the special added tokens. */
  readonly specialTokenIds: ReadonlySet<number>;
  /** True for an id of a special added token. */
  isSpecial(id: number): boolean;
  /**
   * A decoder fed one id at a time that returns the text to print so far, holding back bytes of an
   * unfinished multi-byte character (for streaming generation).
   */
  decodeStream(options?: DecodeOptions): StreamDecoder;
}

type SpecialName = "bos_token" | "eos_token" | "pad_token" | "unk_token";
const SPECIAL_NAMES: readonly SpecialName[] = ["bos_token", "eos_token", "pad_token", "unk_token"];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * A special-token entry of tokenizer_config.json: a string, an AddedToken object
 * (`{"__type": "AddedToken", "content": "<s>", …}`), or null.
 */
function specialContent(file: string, name: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (isPlainObject(value) && typeof value.content === "string") return value.content;
  throw new TokenizerError(
    "BAD_TOKENIZER_CONFIG",
    `loadTokenizer: ${file} "${name}" must be a string or {"content": string}, got ${cutForMessage(value)}`,
  );
}

/** Build a Tokenizer from parsed tokenizer.json (+ tokenizer_config.json / special_tokens_map.json). */
export function loadTokenizer(options: LoadTokenizerOptions): Tokenizer {
  const { tokenizerJson, tokenizerConfig, specialTokensMap } = options;
  if (!isPlainObject(tokenizerJson)) {
    throw new TokenizerError(
      "BAD_TOKENIZER_JSON",
      `loadTokenizer: tokenizer.json must be a JSON object, got ${cutForMessage(tokenizerJson)}`,
    );
  }
  if (!isPlainObject(tokenizerJson.model)) {
    throw new TokenizerError("BAD_TOKENIZER_JSON", 'loadTokenizer: tokenizer.json has no "model" object');
  }
  if (!Array.isArray(tokenizerJson.added_tokens)) {
    throw new TokenizerError(
      "BAD_TOKENIZER_JSON",
      'loadTokenizer: tokenizer.json has no "added_tokens" array',
    );
  }
  for (const [file, value] of [
    ["tokenizer_config.json", tokenizerConfig],
    ["special_tokens_map.json", specialTokensMap],
  ] as const) {
    if (value !== undefined && !isPlainObject(value)) {
      throw new TokenizerError(
        "BAD_TOKENIZER_CONFIG",
        `loadTokenizer: ${file} must be a JSON object, got ${cutForMessage(value)}`,
      );
    }
  }
  const config: Record<string, unknown> = {
    // Tokenizers.js cleans up spaces before punctuation on decode unless told not to ("a ." -> "a."),
    // which breaks decode(encode(s)) = s; transformers >= 4.45 defaults it to False as well
    // (PreTrainedTokenizerBase, clean_up_tokenization_spaces). A config that sets it keeps its value.
    clean_up_tokenization_spaces: false,
    ...(specialTokensMap as Record<string, unknown> | undefined),
    ...(tokenizerConfig as Record<string, unknown> | undefined),
  };
  const specialTokens: Partial<Record<SpecialName, string | null>> = {};
  for (const name of SPECIAL_NAMES) {
    const content = specialContent("tokenizer_config.json", name, config[name]);
    specialTokens[name] = content;
    // Tokenizers.js reads these as plain strings (Unigram's eos, Legacy models).
    if (content === null) delete config[name];
    else config[name] = content;
  }

  let hf: HfTokenizer;
  try {
    hf = new HfTokenizer(tokenizerJson, config);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new TokenizerError(
      "BAD_TOKENIZER_JSON",
      `loadTokenizer: tokenizer.json could not be built: ${why.length > 160 ? `${why.slice(0, 157)}...` : why}`,
    );
  }

  const vocab = hf.model?.vocab ?? [];
  const vocabSize = vocab.length;
  const specialTokenIds = new Set<number>();
  for (const [id, token] of hf.get_added_tokens_decoder()) if (token.special) specialTokenIds.add(id);

  const tokenToId = (token: string): number | null => hf.token_to_id(token) ?? null;
  const idToToken = (id: number): string | null =>
    Number.isInteger(id) && id >= 0 && id < vocabSize ? (vocab[id] ?? null) : null;
  const specialId = (name: SpecialName): number | null => {
    const content = specialTokens[name];
    if (content === null || content === undefined) return null;
    const id = tokenToId(content);
    if (id === null) {
      throw new TokenizerError(
        "BAD_TOKENIZER_CONFIG",
        `loadTokenizer: tokenizer_config.json "${name}" is ${cutForMessage(content)}, which is not in tokenizer.json's vocabulary`,
      );
    }
    return id;
  };

  const decode = (ids: readonly number[], opts: DecodeOptions = {}): string => {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (idToToken(id) === null) {
        throw new TokenizerError(
          "BAD_TOKEN_ID",
          `Tokenizer.decode: ids[${i}] = ${cutForMessage(id)} is not a token id (vocabulary size ${vocabSize})`,
        );
      }
    }
    if (ids.length === 0) return "";
    return hf.decode([...ids], { skip_special_tokens: opts.skipSpecialTokens ?? false });
  };

  const tokenizer: Tokenizer = {
    encode(text, opts = {}) {
      if (typeof text !== "string") {
        throw new TokenizerError(
          "BAD_TEXT",
          `Tokenizer.encode: text must be a string, got ${cutForMessage(text)}`,
        );
      }
      return hf.encode(text, { add_special_tokens: opts.addSpecialTokens ?? true }).ids;
    },
    decode,
    tokenize: (text) => hf.tokenize(text),
    tokenToId,
    idToToken,
    vocabSize,
    bosTokenId: specialId("bos_token"),
    eosTokenId: specialId("eos_token"),
    padTokenId: specialId("pad_token"),
    unkTokenId: specialId("unk_token"),
    specialTokenIds,
    isSpecial: (id) => specialTokenIds.has(id),
    decodeStream: (opts = {}) => createStreamDecoder(decode, opts),
  };
  return tokenizer;
}
