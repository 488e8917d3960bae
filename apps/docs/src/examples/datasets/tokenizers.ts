// Two tokenizers: words / Chinese characters for the sentiment corpus, and characters for language models.
import { CharTokenizer, tokenize, unigramEntropy, Vocabulary } from "@paramlens/datasets";

// English: lower-cased words, inner apostrophes kept, punctuation dropped.
console.log(tokenize("I'm SO happy today!").join(" ")); // → i'm so happy today
// Chinese: one token per character (no dictionary segmentation).
console.log(tokenize("今天很快乐！").join(" ")); // → 今 天 很 快 乐

// A vocabulary: <pad> = 0, <unk> = 1, then tokens by count, ties in code-unit order.
const vocab = Vocabulary.build(["good food", "good film", "bad food"]);
console.log(vocab.tokens.join(" ")); // → <pad> <unk> food good bad film
// encodeBatch pads on the right to maxLen; "great" is unknown.
const batch = vocab.encodeBatch(["good film", "great food"], 3);
console.log(batch.shape, "|", batch.ids.join(" ")); // → 2,3 | 3 5 0 1 2 0

// Characters for a character-level language model.
const chars = CharTokenizer.fromText("hello");
console.log(chars.size, chars.decode(chars.encode("hole"))); // → 4 hole
// Two equally frequent characters: ln 2 nats per character.
console.log(unigramEntropy("abab").toFixed(4)); // → 0.6931
