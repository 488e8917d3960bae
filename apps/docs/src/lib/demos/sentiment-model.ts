// The "Why did it say that?" demo's model: nn's BagOfEmbeddings built from the committed sidecar and weights,
// the sentence tokenized with @paramlens/datasets' tokenizer and vocabulary, the prediction, and one
// Integrated-Gradients score per token (LayerIntegratedGradients on the embedding, summed over its
// dimensions). It does not colour or draw (the island does).
import { LayerIntegratedGradients } from "@paramlens/attribution";
import { tokenize, Vocabulary } from "@paramlens/datasets";
import { BagOfEmbeddings, loadStateDictFromSafetensors } from "@paramlens/nn";
import { noGrad, softmax, Tensor } from "@paramlens/tensor";
import { DemoError } from "./errors";

export interface SentimentSidecar {
  architecture: { vocabSize: number; dim: number; classes: number; embeddingLayer: string; maxLen: number };
  labels: readonly string[];
  vocab: readonly string[];
  test: { accuracy: number; sentences: number };
}

export interface SentimentModel {
  model: BagOfEmbeddings;
  vocab: Vocabulary;
  sidecar: SentimentSidecar;
}

export interface TokenScore {
  token: string;
  /** false when the token is not in the vocabulary (it becomes <unk>) */
  known: boolean;
  /** IG attribution toward "positive": > 0 pushes positive, < 0 negative */
  score: number;
}

export interface SentimentExplanation {
  /**
   * "empty": no words (no prediction to show); "unknown": every word is outside the vocabulary, so the
   * model has nothing to go on and its 50/50-ish output must not be read as a label; "ok" otherwise.
   */
  status: "empty" | "unknown" | "ok";
  /** P(negative), P(positive) */
  probabilities: [number, number];
  label: "negative" | "positive";
  tokens: TokenScore[];
  /** Σ scores − (f(x) − f(baseline)) for the positive logit; small when the path integral is accurate */
  delta: number;
}

export function loadSentimentModel(sidecar: SentimentSidecar, weights: Uint8Array): SentimentModel {
  const a = sidecar?.architecture;
  if (!a || !Array.isArray(sidecar.vocab) || sidecar.vocab.length !== a.vocabSize) {
    throw new DemoError(
      "BAD_ASSET",
      `loadSentimentModel: vocab has ${sidecar?.vocab?.length} tokens, architecture.vocabSize is ${a?.vocabSize}`,
    );
  }
  const model = new BagOfEmbeddings(a.vocabSize, a.dim, a.classes);
  loadStateDictFromSafetensors(model, weights);
  model.eval();
  return { model, vocab: new Vocabulary(sidecar.vocab), sidecar };
}

/**
 * Predicts and explains one sentence. The target is the positive class's logit; the baseline is the
 * all-<pad> sentence (zero embeddings). Returns status "empty" and no tokens for text with no tokens, and status "unknown" when no token is in the vocabulary.
 */
export function explainSentence(m: SentimentModel, text: string): SentimentExplanation {
  const words = tokenize(text).slice(0, m.sidecar.architecture.maxLen);
  if (words.length === 0)
    return { status: "empty", probabilities: [0.5, 0.5], label: "positive", tokens: [], delta: 0 };
  const ids = new Tensor(
    Int32Array.from(words, (w) => m.vocab.id(w)),
    [1, words.length],
  );
  const p = noGrad(() => softmax(m.model.call(ids), -1).toTypedArray());
  const lig = new LayerIntegratedGradients(m.model, m.sidecar.architecture.embeddingLayer);
  const { attributions, delta } = lig.attribute(ids, {
    target: 1,
    baselines: 0,
    nSteps: 32,
    returnConvergenceDelta: true,
  }); // [1, L, D]
  const [, len = 0, dim = 0] = attributions.shape;
  const a = attributions.toTypedArray();
  const tokens = words.map((token, i): TokenScore => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += a[i * dim + d]!;
    return { token, known: m.vocab.id(token) !== m.vocab.unkId, score: i < len ? s : 0 };
  });
  const pNeg = p[0]!;
  const pPos = p[1]!;
  return {
    status: tokens.some((t) => t.known) ? "ok" : "unknown",
    probabilities: [pNeg, pPos],
    label: pPos >= pNeg ? "positive" : "negative",
    tokens,
    delta: delta?.[0] ?? 0,
  };
}
