import { manualSeed, randn, Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { countParameters } from "../parameter-count";
import { languageModelLoss, windowDataset } from "../train/language-model";
import { BagOfEmbeddings, charGptConfig, mlpClassifier, smallCnn } from "./builders";
import { GPT } from "./gpt";

describe("model builders", () => {
  it("mlpClassifier 784-256-128-10 has the textbook 235,146 parameters", () => {
    // (784·256 + 256) + (256·128 + 128) + (128·10 + 10)
    const m = mlpClassifier([784, 256, 128, 10]);
    expect(countParameters(m)).toBe(235146);
    expect(m.call(randn([3, 784])).shape).toEqual([3, 10]);
    expect(() => mlpClassifier([4])).toThrow(/at least \[in, out\]/);
  });
  it("smallCnn maps [N, 1, 28, 28] to [N, 10] with conv + linear parameters as counted by hand", () => {
    manualSeed(1);
    const m = smallCnn({ channels: [4, 8], hidden: 16 });
    // conv1 4·1·9+4, conv2 8·4·9+8, fc1 (8·7·7)·16+16, fc2 16·10+10
    expect(countParameters(m)).toBe(40 + 296 + 6288 + 170);
    expect(m.call(randn([2, 1, 28, 28])).shape).toEqual([2, 10]);
    expect(() => smallCnn({ imageSize: 30 })).toThrow(/divisible by 4, got 30/);
  });
  it("BagOfEmbeddings averages only the non-padding tokens", () => {
    manualSeed(2);
    const m = new BagOfEmbeddings(10, 3, 2);
    const a = m.call(new Tensor(Int32Array.of(4, 7, 0, 0), [1, 4])).toArray();
    const b = m.call(new Tensor(Int32Array.of(7, 4), [1, 2])).toArray();
    a.forEach((v, i) => {
      expect(v).toBeCloseTo(b[i]!, 6);
    });
  });
  it("charGptConfig builds a GPT", () => {
    const g = new GPT(charGptConfig(20, { dModel: 16, nHeads: 2, contextLength: 8 }));
    expect(g.config.tiedEmbeddings).toBe(false);
    expect(g.call(new Tensor(Int32Array.of(1, 2, 3), [1, 3])).shape).toEqual([1, 3, 20]);
  });
});

describe("language-model data", () => {
  it("windowDataset shifts targets by one token", () => {
    const d = windowDataset(Int32Array.of(0, 1, 2, 3, 4, 5, 6), 3, 2);
    expect(d.x.shape).toEqual([2, 3]);
    expect(d.x.toArray()).toEqual([0, 1, 2, 2, 3, 4]);
    expect(d.y.toArray()).toEqual([1, 2, 3, 3, 4, 5]);
    expect(() => windowDataset(Int32Array.of(1, 2), 3)).toThrow(/2 tokens cannot fill one window of 3 \+ 1/);
  });
  it("languageModelLoss is ln V for uniform logits", () => {
    const logits = new Tensor(new Float32Array(2 * 3 * 5), [2, 3, 5]);
    const y = new Tensor(Int32Array.of(0, 1, 2, 3, 4, 0), [2, 3]);
    expect(languageModelLoss(logits, y).item()).toBeCloseTo(Math.log(5), 6);
  });
});
