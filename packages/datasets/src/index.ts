// Public, browser-safe API of @paramlens/datasets: IDX parsing, Fashion-MNIST from bytes, batching,
// synthetic sets, the text and sentiment corpora and their tokenizers. File-system loaders are in
// `@paramlens/datasets/node` (src/node.ts).
export type { Batch, BatchOptions } from "./batches";
export { batchCount, batches, checkLabelledSet, selectRows, trainTestSplit } from "./batches";
export { CharTokenizer, unigramEntropy } from "./char-tokenizer";
export { TEXT_CORPUS, TEXT_CORPUS_SOURCE } from "./corpus/text-corpus";
export { crc32 } from "./crc32";
export type { DatasetErrorCode } from "./errors";
export { DatasetError } from "./errors";
export type { FashionMnistOptions, FashionMnistSet, FashionMnistSplit } from "./fashion-mnist";
export {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_FILES,
  FASHION_MNIST_MEAN,
  FASHION_MNIST_STD,
  parseFashionMNIST,
} from "./fashion-mnist";
export type { IdxArray, IdxData, IdxDtype } from "./idx";
export {
  DEFAULT_MAX_GUNZIP_BYTES,
  encodeIdx,
  type GunzipOptions,
  isGzip,
  maybeGunzip,
  parseIdx,
} from "./idx";
export type { Rng } from "./random";
export { createRng, shuffledIndices, shuffleInPlace } from "./random";
export type { SentimentExample, SentimentLabel, SentimentLanguage } from "./sentiment/corpus";
export { SENTIMENT_CORPUS, SENTIMENT_LABELS, sentimentSplit } from "./sentiment/corpus";
export type { EncodedBatch } from "./sentiment/tokenizer";
export { PAD, tokenize, UNK, Vocabulary } from "./sentiment/tokenizer";
export type { SequenceBatch } from "./sequence-batches";
export { sampleSequenceBatch } from "./sequence-batches";
export type { BlobsOptions, BlobsSet } from "./synthetic/blobs";
export { makeBlobs } from "./synthetic/blobs";
export type { MoonsOptions } from "./synthetic/moons";
export { MOON_CENTERS, makeMoons } from "./synthetic/moons";
export type { SpiralsOptions } from "./synthetic/spirals";
export { makeSpirals } from "./synthetic/spirals";
export type { XorOptions } from "./synthetic/xor";
export { makeXor } from "./synthetic/xor";
export type { LabelledSet } from "./types";
