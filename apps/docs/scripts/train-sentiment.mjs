// Trains the "Why did it say that?" demo's tiny sentiment classifier — nn's BagOfEmbeddings (token
// embeddings averaged over the non-padding tokens, then one Linear layer) — on the English + Chinese
// sentiment corpus of @paramlens/datasets, and writes public/models/sentiment-bag.safetensors with a JSON
// sidecar (architecture, vocabulary, held-out accuracy, how it was produced). Deterministic for a seed.
//
// Run from apps/docs after building the packages: node scripts/train-sentiment.mjs [--out DIR]
// (--out writes the two files to DIR instead of public/models, e.g. to compare two runs with cmp).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SENTIMENT_LABELS, sentimentSplit, Vocabulary } from "@paramlens/datasets";
import {
  Adam,
  BagOfEmbeddings,
  countParameters,
  crossEntropy,
  evaluate,
  fit,
  saveStateDict,
} from "@paramlens/nn";
import { manualSeed, Tensor } from "@paramlens/tensor";
import { writeJson } from "./write-json.mjs";

const SEED = 0;
const DIM = 16;
const MAX_LEN = 32;
const EPOCHS = 30;
const BATCH = 32;
const LR = 1e-2;

const outArg = process.argv.indexOf("--out");
const out =
  outArg === -1
    ? join(dirname(fileURLToPath(import.meta.url)), "..", "public", "models")
    : process.argv[outArg + 1];
mkdirSync(out, { recursive: true });

const { train, test } = sentimentSplit();
// Vocabulary from the training split only, so held-out sentences can contain unseen (<unk>) tokens.
const vocab = Vocabulary.build(
  train.map((e) => e.text),
  { minCount: 1 },
);
const encode = (examples) => {
  const batch = vocab.encodeBatch(
    examples.map((e) => e.text),
    MAX_LEN,
  );
  return {
    x: new Tensor(batch.ids, [examples.length, MAX_LEN]),
    y: new Tensor(
      Int32Array.from(examples, (e) => e.label),
      [examples.length],
    ),
  };
};

manualSeed(SEED);
const model = new BagOfEmbeddings(vocab.size, DIM, 2);
const result = fit(model, {
  train: encode(train),
  loss: (o, y) => crossEntropy(o, y),
  optimizer: new Adam(model.parameters(), { lr: LR }),
  epochs: EPOCHS,
  batchSize: BATCH,
  seed: SEED,
});
model.eval();
const accuracy = (examples) => evaluate(model, encode(examples), { loss: "crossEntropy" }).accuracy;
const testAll = accuracy(test);
const testEn = accuracy(test.filter((e) => e.lang === "en"));
const testZh = accuracy(test.filter((e) => e.lang === "zh"));
const trainAcc = accuracy(train);
console.error(
  `held-out accuracy ${(testAll * 100).toFixed(1)} % (en ${(testEn * 100).toFixed(1)}, zh ${(testZh * 100).toFixed(1)}), train ${(trainAcc * 100).toFixed(1)} %`,
);

const weights = saveStateDict(model, { format: "pt" });
writeFileSync(join(out, "sentiment-bag.safetensors"), weights);
const sidecar = {
  name: "sentiment-bag",
  architecture: {
    model: "BagOfEmbeddings (@paramlens/nn)",
    vocabSize: vocab.size,
    dim: DIM,
    classes: 2,
    layers: `embedding ${vocab.size}×${DIM} (id 0 = <pad>, zero), mean over non-pad tokens, linear ${DIM}→2`,
    embeddingLayer: "embedding",
    maxLen: MAX_LEN,
    tokenizer: "@paramlens/datasets tokenize: lower-cased Latin words, one token per Han character",
  },
  labels: SENTIMENT_LABELS,
  vocab: vocab.tokens,
  parameters: countParameters(model),
  bytes: weights.length,
  training: {
    script: "apps/docs/scripts/train-sentiment.mjs",
    producedBy: "nn BagOfEmbeddings + fit()",
    data: `@paramlens/datasets sentimentSplit(): ${train.length} train sentences (English + Chinese)`,
    epochs: EPOCHS,
    batchSize: BATCH,
    optimizer: `Adam lr ${LR}`,
    seed: SEED,
    steps: result.step,
    trainAccuracy: trainAcc,
  },
  test: { sentences: test.length, accuracy: testAll, accuracyEnglish: testEn, accuracyChinese: testZh },
};
writeJson(join(out, "sentiment-bag.json"), sidecar);
console.log(JSON.stringify({ parameters: sidecar.parameters, bytes: sidecar.bytes, accuracy: testAll }));
