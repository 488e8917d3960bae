// Trains a small CNN (two conv blocks) on the FULL Fashion-MNIST (Debian's dataset-fashion-mnist in
// /usr/share/datasets/fashion-mnist) and prints per-epoch time and test accuracy.
// Run: node packages/nn/scripts/run-script.mjs packages/nn/scripts/train-cnn-fashion.ts [--epochs 6]
//      [--c1 16] [--c2 32] [--limit N] [--batch 64] [--lr 0.002]
// Architecture: conv3x3(1→c1, pad 1) ReLU maxpool2 → conv3x3(c1→c2, pad 1) ReLU maxpool2 → flatten
// → Linear(c2·7·7 → 128) ReLU → Linear(128 → 10). Adam, cosine schedule, seeded.
import { loadFashionMNIST } from "@paramlens/datasets/node";
import {
  Adam,
  Conv2d,
  CosineWarmupLR,
  countParameters,
  evaluate,
  Flatten,
  fit,
  Linear,
  MaxPool2d,
  ReLU,
  Sequential,
  toTensorDataset,
} from "@paramlens/nn";
import { initBackend, manualSeed } from "@paramlens/tensor";

// wasm SIMD kernels where the runtime has them, else the JS reference; stderr records which one ran
const backend = await initBackend();
console.error(`backend: ${backend}`);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const epochs = arg("epochs", 6);
const c1 = arg("c1", 16);
const c2 = arg("c2", 32);
const batchSize = arg("batch", 64);
const lr = arg("lr", 0.002);
const limit = arg("limit", 0) || undefined;

const t0 = Date.now();
const trainSet = loadFashionMNIST({ split: "train", normalize: true, limit });
const testSet = loadFashionMNIST({ split: "test", normalize: true });
console.log(
  `data: train ${trainSet.y.length} (${trainSet.source}), test ${testSet.y.length} (${testSet.source})`,
);
const train = toTensorDataset(trainSet);
const test = toTensorDataset(testSet);

manualSeed(0);
const model = new Sequential(
  new Conv2d(1, c1, 3, { padding: 1 }),
  new ReLU(),
  new MaxPool2d(2),
  new Conv2d(c1, c2, 3, { padding: 1 }),
  new ReLU(),
  new MaxPool2d(2),
  new Flatten(),
  new Linear(c2 * 7 * 7, 128),
  new ReLU(),
  new Linear(128, 10),
);
console.log(
  `model: ${countParameters(model)} parameters; epochs ${epochs}, batch ${batchSize}, Adam lr ${lr}`,
);
const optimizer = new Adam(model.parameters(), { lr });
const stepsPerEpoch = Math.ceil(train.y.shape[0]! / batchSize);
const scheduler = new CosineWarmupLR(optimizer, {
  warmupSteps: Math.min(100, Math.floor((epochs * stepsPerEpoch) / 10)),
  totalSteps: epochs * stepsPerEpoch,
});
let epochStart = Date.now();
const result = fit(model, {
  train,
  val: test,
  loss: "crossEntropy",
  optimizer,
  scheduler,
  epochs,
  batchSize,
  seed: 1,
  evalBatchSize: 500,
  callbacks: (e) => {
    if (e.type === "step" && e.step % 100 === 0) {
      console.log(
        `  step ${e.step}/${e.totalSteps} loss ${e.loss.toFixed(4)} ${e.samplesPerSecond.toFixed(0)} samples/s ETA ${(e.etaMs / 60000).toFixed(1)} min`,
      );
    }
    if (e.type === "epoch") {
      const now = Date.now();
      console.log(
        `epoch ${e.epoch + 1}: train loss ${e.trainLoss.toFixed(4)} acc ${(100 * (e.trainAccuracy ?? 0)).toFixed(2)}% | ` +
          `test loss ${e.valLoss?.toFixed(4)} acc ${(100 * (e.valAccuracy ?? 0)).toFixed(2)}% | ${((now - epochStart) / 1000).toFixed(1)} s`,
      );
      epochStart = now;
    }
  },
});
const final = evaluate(model, test, { loss: "crossEntropy", batchSize: 500 });
console.log(
  `final test accuracy ${(100 * (final.accuracy ?? 0)).toFixed(2)}% after ${result.step} steps; wall time ${((Date.now() - t0) / 60000).toFixed(1)} min`,
);
