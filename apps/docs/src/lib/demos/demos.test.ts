// Tests of the demos' wiring against the committed model assets in public/models/: the CNN loads and
// predicts a probability distribution that gets most samples right, every method gives a finite,
// non-uniform map, feature maps have the conv layers' shapes, the sentiment model's IG scores have the
// signs of the words' meaning and add up to the change in the positive logit, and bad assets are refused.
// The models' numbers (sidecars and the README's models table) are checked against independent measurements:
// the CNN's against PyTorch's evaluation of the committed weights on the 10,000 test images
// (fixtures/fashion-cnn-pytorch.json, written by scripts/check-fashion-cnn.py), the sentiment model's against
// its predictions through the demo's wiring on the corpus's held-out sentences.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sentimentSplit, tokenize } from "@paramlens/datasets";
import { noGrad, Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { DemoError } from "./errors";
import {
  attributionImage,
  attributionMap,
  featureMaps,
  robustVmax,
  SALIENCY_METHODS,
} from "./fashion-attribution";
import {
  type FashionSamples,
  type FashionSidecar,
  loadFashionModel,
  predict,
  sampleTensor,
} from "./fashion-model";
import { explainSentence, loadSentimentModel, type SentimentSidecar } from "./sentiment-model";

const models = join(__dirname, "..", "..", "..", "public", "models");
const json = <T>(name: string): T => JSON.parse(readFileSync(join(models, name), "utf8")) as T;
const bytes = (name: string) => new Uint8Array(readFileSync(join(models, name)));

const cnnSidecar = json<FashionSidecar>("fashion-cnn.json");
const samples = json<FashionSamples>("fashion-samples.json");
const cnn = loadFashionModel(cnnSidecar, bytes("fashion-cnn.safetensors"));
const sentimentSidecar = json<SentimentSidecar>("sentiment-bag.json");
const sentiment = loadSentimentModel(sentimentSidecar, bytes("sentiment-bag.safetensors"));

const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));

describe("fashion CNN assets", () => {
  it("are small and ship two test images per class", () => {
    expect(bytes("fashion-cnn.safetensors").length).toBeLessThan(300 * 1024);
    expect(samples.samples).toHaveLength(20);
    for (let c = 0; c < 10; c++) expect(samples.samples.filter((s) => s.label === c)).toHaveLength(2);
  });

  it("predicts a probability distribution and gets most samples right", () => {
    let correct = 0;
    for (const s of samples.samples) {
      const p = predict(cnn, sampleTensor(s));
      expect(p).toHaveLength(10);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      for (const v of p) expect(v).toBeGreaterThanOrEqual(0);
      if (argmax(p) === s.label) correct++;
    }
    // The sidecar's test accuracy is measured on 10,000 images; 20 samples must not be far below it.
    expect(correct).toBeGreaterThanOrEqual(14);
    expect(cnnSidecar.test.accuracy).toBeGreaterThan(0.8);
  });

  it.each(SALIENCY_METHODS)("%s gives a finite, non-uniform map drawn as 28×28 RGBA", (method) => {
    const x = sampleTensor(samples.samples[0]!);
    const map = attributionMap(cnn, x, method, samples.samples[0]!.label);
    expect(map.shape).toEqual([1, 1, 28, 28]);
    const v = Array.from(map.toTypedArray());
    for (const a of v) expect(Number.isFinite(a)).toBe(true);
    expect(Math.max(...v)).toBeGreaterThan(Math.min(...v));
    const img = attributionImage(map, x);
    expect([img.width, img.height, img.data.length]).toEqual([28, 28, 28 * 28 * 4]);
  });

  it("feature maps: one tile per channel of each conv layer, at its resolution", () => {
    const layers = featureMaps(cnn, sampleTensor(samples.samples[3]!));
    const [c1, c2] = cnnSidecar.architecture.options.channels ?? [16, 32];
    expect(layers.map((l) => l.shape)).toEqual([
      [c1, 28, 28],
      [c2, 14, 14],
    ]);
    expect(layers[0]!.tiles).toHaveLength(c1);
    expect(layers[1]!.tiles[0]!.data.length).toBe(14 * 14 * 4);
  });

  it("refuses a sample of the wrong size and an unknown method", () => {
    expect(() => sampleTensor({ index: 0, label: 0, pixels: btoa("abc") })).toThrow(/3 bytes, expected 784/);
    const x = sampleTensor(samples.samples[0]!);
    // @ts-expect-error: not a method
    expect(() => attributionMap(cnn, x, "lrp", 0)).toThrow(DemoError);
  });

  it("refuses weights that do not match the architecture", () => {
    const wrong = {
      ...cnnSidecar,
      architecture: {
        ...cnnSidecar.architecture,
        options: { ...cnnSidecar.architecture.options, hidden: 64 },
      },
    };
    expect(() => loadFashionModel(wrong, bytes("fashion-cnn.safetensors"))).toThrow(/shape|7\.weight/);
  });
});

describe("sentiment classifier", () => {
  it("is the sidecar's architecture, with a held-out accuracy well above chance", () => {
    expect(sentiment.vocab.size).toBe(sentimentSidecar.architecture.vocabSize);
    expect(sentimentSidecar.test.accuracy).toBeGreaterThan(0.75);
  });

  it('colours "happy" positive and "sad" negative', () => {
    const happy = explainSentence(sentiment, "I am happy");
    expect(happy.label).toBe("positive");
    expect(happy.tokens.find((t) => t.token === "happy")!.score).toBeGreaterThan(0);
    const sad = explainSentence(sentiment, "I am sad");
    expect(sad.label).toBe("negative");
    expect(sad.tokens.find((t) => t.token === "sad")!.score).toBeLessThan(0);
  });

  it("Chinese: 快乐 pushes positive, 愤怒 negative (one token per character)", () => {
    const pos = explainSentence(sentiment, "我很快乐");
    expect(pos.tokens.map((t) => t.token)).toEqual(["我", "很", "快", "乐"]);
    expect(pos.tokens[2]!.score + pos.tokens[3]!.score).toBeGreaterThan(0);
    const neg = explainSentence(sentiment, "我很愤怒");
    expect(neg.tokens[2]!.score + neg.tokens[3]!.score).toBeLessThan(0);
  });

  it("scores add up to the change of the positive logit (IG completeness), probabilities to 1", () => {
    const e = explainSentence(sentiment, "the food was cold and the service was slow");
    expect(Math.abs(e.delta)).toBeLessThan(1e-3);
    expect(e.probabilities[0] + e.probabilities[1]).toBeCloseTo(1, 6);
  });

  it("marks unknown words and handles text with no tokens", () => {
    const e = explainSentence(sentiment, "zzqx happy");
    expect(e.tokens[0]).toMatchObject({ token: "zzqx", known: false });
    expect(explainSentence(sentiment, "!!! ...").tokens).toEqual([]);
  });

  it("says when there is nothing to predict: no words, or no word the model knows", () => {
    expect(explainSentence(sentiment, "").status).toBe("empty");
    expect(explainSentence(sentiment, "   ").status).toBe("empty");
    expect(explainSentence(sentiment, "zzqx qqvv xxkj").status).toBe("unknown");
    expect(explainSentence(sentiment, "zzqx happy").status).toBe("ok");
    expect(explainSentence(sentiment, "I am happy").status).toBe("ok");
  });

  it("refuses a sidecar whose vocabulary does not match the architecture", () => {
    const bad = { ...sentimentSidecar, vocab: sentimentSidecar.vocab.slice(0, 10) };
    expect(() => loadSentimentModel(bad, bytes("sentiment-bag.safetensors"))).toThrow(/vocab has 10 tokens/);
  });
});

/** Parameter count from a safetensors header: the sum of the products of the tensor shapes. */
function headerParameters(file: Uint8Array): number {
  const n = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))) as Record<
    string,
    { shape?: number[] }
  >;
  let total = 0;
  for (const [name, t] of Object.entries(header)) {
    if (name !== "__metadata__") total += (t.shape ?? []).reduce((a, b) => a * b, 1);
  }
  return total;
}

describe("model numbers against independent checks", () => {
  const pytorch = JSON.parse(
    readFileSync(join(__dirname, "fixtures", "fashion-cnn-pytorch.json"), "utf8"),
  ) as {
    weightsSha256: string;
    parameters: number;
    images: number;
    correct: number;
    accuracy: number;
    loss: number;
  };
  const cnnWeights = bytes("fashion-cnn.safetensors");
  const sentimentWeights = bytes("sentiment-bag.safetensors");
  const cnnSidecarFull = json<FashionSidecar & { bytes: number; test: { loss: number } }>("fashion-cnn.json");
  const sentimentSidecarFull = json<
    SentimentSidecar & {
      parameters: number;
      bytes: number;
      test: { accuracyEnglish: number; accuracyChinese: number };
    }
  >("sentiment-bag.json");

  // Held-out accuracy through the demo's own path (tokenize, vocabulary ids, unpadded forward), not the
  // training script's padded evaluate().
  const heldOut = (lang?: "en" | "zh") => {
    const test = sentimentSplit().test.filter((e) => lang === undefined || e.lang === lang);
    let correct = 0;
    for (const e of test) {
      const words = tokenize(e.text).slice(0, sentimentSidecar.architecture.maxLen);
      const ids = new Tensor(
        Int32Array.from(words, (w) => sentiment.vocab.id(w)),
        [1, words.length],
      );
      const [neg = 0, pos = 0] = noGrad(() => sentiment.model.call(ids).toTypedArray()); // [1, 2] logits
      if ((pos > neg ? 1 : 0) === e.label) correct++;
    }
    return { correct, n: test.length };
  };

  it("the PyTorch fixture was measured on the committed CNN weights", () => {
    expect(createHash("sha256").update(cnnWeights).digest("hex")).toBe(pytorch.weightsSha256);
  });

  it("CNN sidecar: parameters = closed form = header = PyTorch; test accuracy and loss = PyTorch's", () => {
    const {
      inChannels = 1,
      imageSize = 28,
      channels = [],
      hidden = 0,
      classes = 10,
    } = cnnSidecarFull.architecture.options;
    const [c1 = 0, c2 = 0] = channels;
    // conv 3×3: out·in·9 + out; two 2×2 pools shrink the side to imageSize / 4; then two linear layers.
    const side = imageSize / 4;
    const conv1 = c1 * inChannels * 9 + c1;
    const conv2 = c2 * c1 * 9 + c2;
    const fc1 = c2 * side * side * hidden + hidden;
    const fc2 = hidden * classes + classes;
    const closedForm = conv1 + conv2 + fc1 + fc2;
    expect(headerParameters(cnnWeights)).toBe(closedForm);
    expect(cnnSidecarFull.parameters).toBe(closedForm);
    expect(pytorch.parameters).toBe(closedForm);
    expect(cnnSidecarFull.bytes).toBe(cnnWeights.length);
    expect(cnnSidecarFull.test.images).toBe(pytorch.images);
    expect(cnnSidecarFull.test.accuracy).toBe(pytorch.accuracy);
    // float32 here, float64 cross-entropy over float32 logits in PyTorch: equal to ~1e-6.
    expect(cnnSidecarFull.test.loss).toBeCloseTo(pytorch.loss, 5);
  });

  it("sentiment sidecar: parameters = header, held-out accuracies = the demo's predictions", () => {
    expect(sentimentSidecarFull.parameters).toBe(headerParameters(sentimentWeights));
    expect(sentimentSidecarFull.bytes).toBe(sentimentWeights.length);
    const all = heldOut();
    expect(all.n).toBe(sentimentSidecarFull.test.sentences);
    expect(sentimentSidecarFull.test.accuracy).toBe(all.correct / all.n);
    const en = heldOut("en");
    const zh = heldOut("zh");
    expect(sentimentSidecarFull.test.accuracyEnglish).toBe(en.correct / en.n);
    expect(sentimentSidecarFull.test.accuracyChinese).toBe(zh.correct / zh.n);
  });

  it("the README's models table shows those numbers", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "..", "README.md"), "utf8");
    const row = (asset: string) => readme.split("\n").find((l) => l.startsWith(`| \`${asset}\``)) ?? "";
    const pct = (a: number) => `${(a * 100).toFixed(1)} %`;
    const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
    const cnnRow = row("fashion-cnn.safetensors");
    expect(cnnRow).toContain(
      `${pytorch.parameters.toLocaleString("en-US")} parameters, ${kib(cnnWeights.length)}`,
    );
    expect(cnnRow).toContain(
      `**${pct(pytorch.accuracy)} test accuracy** on the 10,000 Fashion-MNIST test images`,
    );
    expect(cnnRow).toContain(`(${pytorch.correct.toLocaleString("en-US")} correct, also by PyTorch`);
    const sRow = row("sentiment-bag.safetensors");
    const all = heldOut();
    const en = heldOut("en");
    const zh = heldOut("zh");
    expect(sRow).toContain(
      `${headerParameters(sentimentWeights).toLocaleString("en-US")} parameters, ${kib(sentimentWeights.length)}`,
    );
    expect(sRow).toContain(
      `**${pct(all.correct / all.n)} held-out accuracy** on the corpus's ${all.n} test sentences ` +
        `(en ${pct(en.correct / en.n)}, zh ${pct(zh.correct / zh.n)})`,
    );
  });
});

describe("robustVmax", () => {
  it("is the 98th percentile of |values|, and the max when that percentile is 0", () => {
    // 100 values |−1|…|−100|: floor(0.98 · 100) = index 98 of the sorted magnitudes → 99.
    const v = Float32Array.from({ length: 100 }, (_, i) => -(i + 1));
    expect(robustVmax(new Tensor(v, [1, 1, 10, 10]))).toBe(99);
    const sparse = new Float32Array(100);
    sparse[7] = 0.5;
    expect(robustVmax(new Tensor(sparse, [1, 1, 10, 10]))).toBe(0.5);
  });
});
