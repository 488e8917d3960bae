import { describe, expect, it } from "vitest";
import { SENTIMENT_CORPUS, SENTIMENT_LABELS, sentimentSplit } from "./corpus";
import { tokenize, Vocabulary } from "./tokenizer";

describe("SENTIMENT_CORPUS", () => {
  it("has 150 sentences per (language, label), no duplicates", () => {
    expect(SENTIMENT_CORPUS).toHaveLength(600);
    for (const lang of ["en", "zh"] as const) {
      for (const label of [0, 1] as const) {
        expect(SENTIMENT_CORPUS.filter((e) => e.lang === lang && e.label === label)).toHaveLength(150);
      }
    }
    expect(new Set(SENTIMENT_CORPUS.map((e) => e.text)).size).toBe(600);
    expect(SENTIMENT_LABELS[1]).toBe("positive");
  });

  it("is written in the language it claims", () => {
    for (const e of SENTIMENT_CORPUS) {
      if (e.lang === "en") expect(e.text).toMatch(/^[A-Za-z][A-Za-z ,.'!]+$/);
      else expect(e.text).toMatch(/^[\p{Script=Han}，、。！]+$/u);
    }
  });

  it("has a fixed, disjoint, balanced 480/120 split", () => {
    const { train, test } = sentimentSplit();
    expect(train).toHaveLength(480);
    expect(test).toHaveLength(120);
    const trainTexts = new Set(train.map((e) => e.text));
    for (const e of test) expect(trainTexts.has(e.text)).toBe(false);
    for (const lang of ["en", "zh"] as const) {
      for (const label of [0, 1] as const) {
        expect(test.filter((e) => e.lang === lang && e.label === label)).toHaveLength(30);
      }
    }
    expect(sentimentSplit("zh").test.every((e) => e.lang === "zh")).toBe(true);
    expect(sentimentSplit("en").train).toHaveLength(240);
  });

  it('keeps "happy"/"快乐" in positive and "sad"/"愤怒" in negative sentences only', () => {
    const withWord = (w: string) => SENTIMENT_CORPUS.filter((e) => tokenize(e.text).includes(w));
    const withText = (w: string) => SENTIMENT_CORPUS.filter((e) => e.text.includes(w));
    for (const [group, label] of [
      [withWord("happy"), 1],
      [withText("快乐"), 1],
      [withWord("sad"), 0],
      [withText("愤怒"), 0],
    ] as const) {
      expect(group.length).toBeGreaterThanOrEqual(10);
      expect(group.every((e) => e.label === label)).toBe(true);
      // Present in both parts of the split, so a model can learn them and be tested on them.
      expect(group.some((e) => e.split === "train")).toBe(true);
      expect(group.some((e) => e.split === "test")).toBe(true);
    }
  });

  it("is learnable: a bag-of-words logistic regression reaches >= 80% on the held-out sentences", () => {
    // A sanity check on the data, not a model of ours: plain full-batch gradient descent.
    const { train, test } = sentimentSplit();
    const vocab = Vocabulary.build(train.map((e) => e.text));
    const features = (text: string) => new Set(vocab.encode(text));
    const w = new Float64Array(vocab.size);
    let bias = 0;
    const trainX = train.map((e) => features(e.text));
    for (let epoch = 0; epoch < 300; epoch++) {
      const gw = new Float64Array(vocab.size);
      let gb = 0;
      trainX.forEach((f, i) => {
        let z = bias;
        for (const id of f) z += w[id]!;
        const err = 1 / (1 + Math.exp(-z)) - train[i]!.label;
        for (const id of f) gw[id]! += err;
        gb += err;
      });
      for (let k = 0; k < vocab.size; k++) w[k]! -= (0.5 * gw[k]!) / train.length;
      bias -= (0.5 * gb) / train.length;
    }
    const correct = test.filter((e) => {
      let z = bias;
      for (const id of features(e.text)) z += w[id]!;
      return (z > 0 ? 1 : 0) === e.label;
    }).length;
    expect(correct / test.length).toBeGreaterThanOrEqual(0.8);
    expect(w[vocab.id("happy")]).toBeGreaterThan(0);
    expect(w[vocab.id("sad")]).toBeLessThan(0);
    expect(w[vocab.id("乐")]).toBeGreaterThan(0);
    expect(w[vocab.id("怒")]).toBeLessThan(0);
  });
});

describe("tokenize", () => {
  it("lower-cases English words, keeps inner apostrophes and drops punctuation", () => {
    expect(tokenize("I'm SO happy, really!")).toEqual(["i'm", "so", "happy", "really"]);
    expect(tokenize("My grandmother's cooking is the best.")).toEqual([
      "my",
      "grandmother's",
      "cooking",
      "is",
      "the",
      "best",
    ]);
    expect(tokenize("Room 42 was fine")).toEqual(["room", "42", "was", "fine"]);
  });

  it("splits Chinese into characters and handles mixed text", () => {
    expect(tokenize("我今天非常快乐。")).toEqual(["我", "今", "天", "非", "常", "快", "乐"]);
    expect(tokenize("他很愤怒！sad")).toEqual(["他", "很", "愤", "怒", "sad"]);
    expect(tokenize("  ，。!? ")).toEqual([]);
  });
});

describe("Vocabulary", () => {
  it("puts <pad> and <unk> first, then tokens by count with ties in code-unit order", () => {
    const vocab = Vocabulary.build(["b a a", "c b a", "d"]);
    expect(vocab.tokens).toEqual(["<pad>", "<unk>", "a", "b", "c", "d"]);
    expect(Vocabulary.build(["b a a", "c b a", "d"], { minCount: 2 }).tokens).toEqual([
      "<pad>",
      "<unk>",
      "a",
      "b",
    ]);
    expect(Vocabulary.build(["b a a", "c b a", "d"], { maxSize: 3 }).tokens).toEqual(["<pad>", "<unk>", "a"]);
    expect(vocab.padId).toBe(0);
    expect(vocab.unkId).toBe(1);
  });

  it("maps unknown tokens to <unk>, pads and truncates", () => {
    const vocab = Vocabulary.build(["happy day", "快乐"]);
    expect(Array.from(vocab.encode("Happy night 快"))).toEqual([vocab.id("happy"), 1, vocab.id("快")]);
    const batch = vocab.encodeBatch(["happy", "happy day day happy day", ""], 3);
    const h = vocab.id("happy");
    const d = vocab.id("day");
    expect(batch.shape).toEqual([3, 3]);
    expect(Array.from(batch.ids)).toEqual([h, 0, 0, h, d, d, 0, 0, 0]);
    expect(Array.from(batch.lengths)).toEqual([1, 3, 0]);
    expect(vocab.decode([h, 1, 0, 0])).toEqual(["happy", "<unk>"]);
  });

  it("rejects bad arguments and ids", () => {
    const vocab = Vocabulary.build(["a"]);
    expect(() => vocab.decode([5])).toThrow(/id 5 at position 0 is outside 0..2/);
    expect(() => vocab.encodeBatch(["a"], 0)).toThrow(/maxLen must be an integer >= 1, got 0/);
    expect(() => Vocabulary.build(["a"], { minCount: 0 })).toThrow(/minCount/);
    expect(() => new Vocabulary(["a", "b"])).toThrow(/must start with "<pad>", "<unk>"/);
    expect(() => new Vocabulary(["<pad>", "<unk>", "x", "x"])).toThrow(/repeats at 3/);
  });
});
