// Small end-to-end experiments on the shipped data sets, each with a stated threshold. The longer runs
// (character GPT, full Fashion-MNIST CNN) are scripts under packages/nn/scripts/.
import {
  CharTokenizer,
  FASHION_MNIST_CLASSES,
  sentimentSplit,
  TEXT_CORPUS,
  unigramEntropy,
  Vocabulary,
} from "@paramlens/datasets";
import { loadShippedFashionMNIST } from "@paramlens/datasets/node";
import { Generator, manualSeed, noGrad, Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { Adam, AdamW } from "../optim/adam";
import { toTensorDataset } from "../train/data";
import { evaluate, fit } from "../train/fit";
import { languageModelLoss, windowDataset } from "../train/language-model";
import { BagOfEmbeddings, charGptConfig, mlpClassifier } from "./builders";
import { GPT } from "./gpt";

describe("experiments", () => {
  it("MLP 784-256-128-10 on the shipped Fashion-MNIST subset reaches >= 78% test accuracy", () => {
    const flat = (s: ReturnType<typeof loadShippedFashionMNIST>) => {
      const d = toTensorDataset(s);
      return { x: d.x.reshape([s.y.length, 784]), y: d.y };
    };
    const train = flat(loadShippedFashionMNIST({ split: "train", normalize: true }));
    const test = flat(loadShippedFashionMNIST({ split: "test", normalize: true }));
    expect(FASHION_MNIST_CLASSES).toHaveLength(10);
    manualSeed(0);
    const model = mlpClassifier([784, 256, 128, 10]);
    const r = fit(model, {
      train,
      loss: "crossEntropy",
      optimizer: new Adam(model.parameters(), { lr: 2e-3 }),
      epochs: 3,
      batchSize: 50,
      seed: 1,
    });
    const acc = evaluate(model, test, { loss: "crossEntropy" }).accuracy!;
    console.log(`MLP shipped subset: train acc ${r.history.at(-1)!.trainAccuracy}, test acc ${acc}`);
    expect(acc).toBeGreaterThanOrEqual(0.78);
  });

  it("a character-level GPT beats the unigram entropy of the corpus and samples text", () => {
    const text = TEXT_CORPUS.slice(0, 40_000);
    const tok = CharTokenizer.fromText(TEXT_CORPUS);
    const h = unigramEntropy(TEXT_CORPUS);
    const data = windowDataset(tok.encode(text), 16, 8);
    manualSeed(0);
    // deliberately tiny so the test takes seconds; scripts/train-char-gpt.ts is the real experiment
    const model = new GPT(charGptConfig(tok.size, { contextLength: 16, dModel: 32, nLayers: 2, nHeads: 2 }));
    const optimizer = new AdamW(model.parameters(), { lr: 5e-3, weightDecay: 0.01 });
    const losses: number[] = [];
    fit(model, {
      train: data,
      loss: languageModelLoss,
      optimizer,
      epochs: 1,
      batchSize: 16,
      seed: 2,
      maxSteps: 80,
      callbacks: (e) => {
        if (e.type === "step") losses.push(e.loss);
      },
    });
    const last = losses.slice(-10).reduce((a, b) => a + b, 0) / 10;
    console.log(
      `char GPT: unigram entropy ${h.toFixed(3)} nats, mean loss of the last 10 steps ${last.toFixed(3)}`,
    );
    expect(losses[0]!).toBeGreaterThan(h); // starts at about ln(V)
    expect(last).toBeLessThan(h - 0.3);
    const prompt = new Tensor(tok.encode("It is a truth"), [1, 13]);
    const out = model.generate(prompt, { maxNewTokens: 40, temperature: 0.8, generator: new Generator(1) });
    const sample = tok.decode(out.toTypedArray() as Int32Array);
    console.log(`sample: ${JSON.stringify(sample)}`);
    expect(sample.startsWith("It is a truth")).toBe(true);
    expect([...sample]).toHaveLength(53);
  });

  it("the sentiment classifier (embedding + mean-pool + linear) reaches >= 80% on held-out sentences", () => {
    const { train, test } = sentimentSplit();
    const vocab = Vocabulary.build(train.map((e) => e.text));
    const enc = (rows: typeof train) => {
      const b = vocab.encodeBatch(
        rows.map((e) => e.text),
        32,
      );
      return {
        x: new Tensor(b.ids, [rows.length, 32]),
        y: new Tensor(
          Int32Array.from(rows, (e) => e.label),
          [rows.length],
        ),
      };
    };
    const trainSet = enc(train);
    const testSet = enc(test);
    expect(test.some((t) => train.some((s) => s.text === t.text))).toBe(false);
    manualSeed(0);
    const model = new BagOfEmbeddings(vocab.size, 16, 2);
    fit(model, {
      train: trainSet,
      loss: "crossEntropy",
      optimizer: new Adam(model.parameters(), { lr: 0.02 }),
      epochs: 30,
      batchSize: 32,
      seed: 3,
    });
    const acc = noGrad(() => evaluate(model, testSet, { loss: "crossEntropy" }).accuracy!);
    console.log(`sentiment: held-out accuracy ${acc} on ${test.length} sentences`);
    expect(acc).toBeGreaterThanOrEqual(0.8);
  });
});
