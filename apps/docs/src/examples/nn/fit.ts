// Train a small MLP on scikit-learn-style two moons with fit(), then measure held-out accuracy.
import { makeMoons, trainTestSplit } from "@paramlens/datasets";
import { Adam, evaluate, fit, mlpClassifier, toTensorDataset } from "@paramlens/nn";
import { manualSeed } from "@paramlens/tensor";

const { train, test } = trainTestSplit(makeMoons({ n: 200, noise: 0.1, seed: 0 }), { testFraction: 0.25 });
console.log(train.xShape, test.xShape); // → 150,2 50,2

manualSeed(0); // the initial weights
const model = mlpClassifier([2, 16, 16, 2]); // Linear 2→16, ReLU, Linear 16→16, ReLU, Linear 16→2
const result = fit(model, {
  train: toTensorDataset(train),
  loss: "crossEntropy",
  optimizer: new Adam(model.parameters(), { lr: 0.02 }),
  epochs: 30,
  batchSize: 16,
  seed: 0, // batch order
});
console.log(result.reason, result.history.length); // → completed 30

const first = result.history[0]?.trainLoss ?? Number.NaN;
const last = result.history.at(-1)?.trainLoss ?? Number.NaN;
console.log(last < first / 5); // → true
// The moons are not linearly separable; a trained MLP still classifies nearly all held-out points.
const { accuracy } = evaluate(model, toTensorDataset(test), { loss: "crossEntropy" });
console.log((accuracy ?? 0) >= 0.95); // → true
