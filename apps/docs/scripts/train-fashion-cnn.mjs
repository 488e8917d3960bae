// Trains the saliency demo's small Fashion-MNIST CNN and writes public/models/fashion-cnn.safetensors,
// its JSON sidecar (architecture, classes, accuracy, how it was produced) and fashion-samples.json (two test
// images per class for the page to choose from). Deterministic for a given seed and data.
//
// The model is nn's smallCnn with [8, 16] channels and hidden 32, trained with cross-entropy, Adam and
// nn's fit(). `paramlens train --model cnn --channels 8,16 --hidden 32 --epochs 3 --limit 30000` trains the
// same model the same way, but on tensor's wasm kernels: this script runs on the JS kernels (no
// initBackend()), which is how the committed weights were made, and it also writes the sidecar and samples.
//
// Run from apps/docs after building the packages: node scripts/train-fashion-cnn.mjs [--epochs 3] [--out DIR]
// (--out writes the three files to DIR instead of public/models, e.g. to compare two runs with cmp;
// --wasm trains on the wasm kernels, as the CLI does, to compare with its weights; not for the committed files).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FASHION_MNIST_CLASSES } from "@paramlens/datasets";
import { loadFashionMNIST, loadShippedFashionMNIST } from "@paramlens/datasets/node";
import {
  Adam,
  countParameters,
  crossEntropy,
  evaluate,
  fit,
  saveStateDict,
  smallCnn,
  toTensorDataset,
} from "@paramlens/nn";
import { initBackend, manualSeed } from "@paramlens/tensor";
import { writeJson } from "./write-json.mjs";

const argText = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const arg = (name, fallback) => {
  const v = argText(name);
  return v === undefined ? fallback : Number(v);
};
const EPOCHS = arg("epochs", 3);
const TRAIN_LIMIT = arg("limit", 30000);
const SEED = arg("seed", 0);
const LR = 2e-3;
const BATCH = 64;
const OPTIONS = { inChannels: 1, imageSize: 28, channels: [8, 16], hidden: 32, classes: 10 };
const CLI_COMMAND = `\`paramlens train --model cnn --channels 8,16 --hidden 32 --epochs ${EPOCHS} --limit ${TRAIN_LIMIT} --lr 2e-3 --batch ${BATCH} --seed ${SEED}\``;

const WASM = process.argv.includes("--wasm");
if (WASM) console.error(`backend: ${await initBackend()}`);
const out = argText("out") ?? join(dirname(fileURLToPath(import.meta.url)), "..", "public", "models");
mkdirSync(out, { recursive: true });

// The full set from Debian's dataset-fashion-mnist; no silent fallback to the package's shipped subset, which
// would overwrite the committed model with one trained on other data (the error names the apt package).
const trainSet = loadFashionMNIST({ split: "train", limit: TRAIN_LIMIT, fallback: false });
const testSet = loadFashionMNIST({ split: "test", fallback: false });
console.error(
  `train: ${trainSet.y.length} images (${trainSet.source}), test: ${testSet.y.length} (${testSet.source})`,
);

manualSeed(SEED);
const model = smallCnn(OPTIONS);
const train = toTensorDataset(trainSet);
const test = toTensorDataset(testSet);
const t0 = Date.now();
const result = fit(model, {
  train,
  loss: (out, y) => crossEntropy(out, y),
  optimizer: new Adam(model.parameters(), { lr: LR }),
  epochs: EPOCHS,
  batchSize: BATCH,
  seed: SEED,
  callbacks: (e) => {
    if (e.type === "epoch") console.error(`epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(4)}`);
  },
});
model.eval();
const testEval = evaluate(model, test, { loss: "crossEntropy", batchSize: 500 });
console.error(
  `test accuracy ${(testEval.accuracy * 100).toFixed(2)} % after ${result.step} steps, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
);

const weights = saveStateDict(model, { format: "pt" });
writeFileSync(join(out, "fashion-cnn.safetensors"), weights);

// Two images per class from the shipped test subset (first in file order), as base64 bytes 0–255.
const shipped = loadShippedFashionMNIST({ split: "test" });
const samples = [];
for (let c = 0; c < 10; c++) {
  let taken = 0;
  for (let i = 0; i < shipped.y.length && taken < 2; i++) {
    if (shipped.y[i] !== c) continue;
    const bytes = Uint8Array.from(shipped.x.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255));
    samples.push({ index: i, label: c, pixels: Buffer.from(bytes).toString("base64") });
    taken++;
  }
}
writeJson(join(out, "fashion-samples.json"), {
  source: "@paramlens/datasets shipped Fashion-MNIST test subset (t10k), first two images of each class",
  width: 28,
  height: 28,
  encoding: "base64 uint8, row-major, 0 = black",
  samples,
});

const sidecar = {
  name: "fashion-cnn",
  architecture: {
    builder: "smallCnn (@paramlens/nn)",
    options: OPTIONS,
    layers:
      "conv 1→8 3×3 pad 1, ReLU, maxpool 2, conv 8→16 3×3 pad 1, ReLU, maxpool 2, flatten, linear 784→32, ReLU, linear 32→10",
    convLayers: ["0", "3"],
    input: "[N, 1, 28, 28] float32 pixels in [0, 1] (not normalised)",
  },
  classes: FASHION_MNIST_CLASSES,
  parameters: countParameters(model),
  bytes: weights.length,
  training: {
    script: "apps/docs/scripts/train-fashion-cnn.mjs",
    producedBy: WASM
      ? `this script with --wasm: nn smallCnn + fit() on tensor's wasm kernels, as ${CLI_COMMAND}`
      : `this script: nn smallCnn + fit() on tensor's JS kernels (no initBackend()); the same architecture and training as ${CLI_COMMAND}, which runs on the wasm kernels and so ends at different weights`,
    data: `${trainSet.source}: first ${trainSet.y.length} training images`,
    epochs: EPOCHS,
    batchSize: BATCH,
    optimizer: `Adam lr ${LR}`,
    seed: SEED,
    steps: result.step,
    trainLoss: result.history.at(-1)?.trainLoss ?? null,
  },
  test: {
    source: testSet.source,
    images: testSet.y.length,
    accuracy: testEval.accuracy,
    loss: testEval.loss,
  },
};
writeJson(join(out, "fashion-cnn.json"), sidecar);
console.log(
  JSON.stringify({ parameters: sidecar.parameters, bytes: sidecar.bytes, accuracy: testEval.accuracy }),
);
