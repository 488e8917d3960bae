// The sentiment corpus as labelled examples with a fixed train/test split. The split is by position:
// within each (language, label) group of 150 sentences, every fifth one (index 4, 9, 14, …) is test,
// so test is 20% of every group — 120 sentences, 30 per group — and never seen in training.
import { EN_NEGATIVE, EN_POSITIVE, ZH_NEGATIVE, ZH_POSITIVE } from "./sentences";

export type SentimentLabel = 0 | 1;
export type SentimentLanguage = "en" | "zh";

export interface SentimentExample {
  readonly text: string;
  /** 0 = negative, 1 = positive (SENTIMENT_LABELS[label] is the name). */
  readonly label: SentimentLabel;
  readonly lang: SentimentLanguage;
  readonly split: "train" | "test";
}

export const SENTIMENT_LABELS: readonly ["negative", "positive"] = ["negative", "positive"];

const GROUPS: readonly [readonly string[], SentimentLabel, SentimentLanguage][] = [
  [EN_POSITIVE, 1, "en"],
  [EN_NEGATIVE, 0, "en"],
  [ZH_POSITIVE, 1, "zh"],
  [ZH_NEGATIVE, 0, "zh"],
];

/** All 600 examples: English positive, English negative, Chinese positive, Chinese negative, in that order. */
export const SENTIMENT_CORPUS: readonly SentimentExample[] = GROUPS.flatMap(([texts, label, lang]) =>
  texts.map((text, i): SentimentExample => ({ text, label, lang, split: i % 5 === 4 ? "test" : "train" })),
);

/** The fixed split: 480 train and 120 test examples, balanced by label and language in both parts. */
export function sentimentSplit(lang?: SentimentLanguage): {
  train: SentimentExample[];
  test: SentimentExample[];
} {
  const pick = SENTIMENT_CORPUS.filter((e) => lang === undefined || e.lang === lang);
  return { train: pick.filter((e) => e.split === "train"), test: pick.filter((e) => e.split === "test") };
}
