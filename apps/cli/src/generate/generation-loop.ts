// The decoding loop of `paramlens generate`: feeds the prompt once, then one token per step, picks each
// next token (argmax at temperature 0, else nn's sampleToken over softmax(logits / T), optionally top-k,
// from a seeded Generator), records the model's own top-k probabilities per step, and stops at an end
// token, at maxNewTokens or when the context is full. It knows nothing about files, tokenizers or
// printing: the model is a `NextTokenModel` and each new token is handed to `onToken`.
import { sampleToken } from "@paramlens/nn";
import { Generator } from "@paramlens/tensor";
import { type TokenProbability, topProbabilities } from "./top-probabilities";

/** A language model seen one step at a time (gpt-stepper.ts wraps nn's GPT with a KV cache). */
export interface NextTokenModel {
  /** Feeds `ids` after everything fed before and returns the logits [V] at the last of them. */
  next(ids: readonly number[]): Float32Array;
  /** Tokens the model can attend to; generation stops when the sequence reaches it. */
  readonly contextLength: number;
}

export interface GenerationSettings {
  maxNewTokens: number;
  /** 0: greedy (argmax). */
  temperature: number;
  /** Sample only among the k most likely tokens (temperature > 0). */
  topK?: number;
  /** Seed of the sampling generator (same seed, same tokens). */
  seed: number;
  /** Entries of the per-step top-k report (0: none). */
  reportTopK: number;
  /** Ids that end generation once produced (they are kept in the output). */
  stopIds: ReadonlySet<number>;
}

export interface GenerationStep {
  id: number;
  /** The model's most likely next tokens at this step, softmax at temperature 1. */
  top: TokenProbability[];
}

export type StopReason = "eos" | "max-new-tokens" | "context";

export interface GenerationResult {
  /** The generated ids (not the prompt). */
  ids: number[];
  steps: GenerationStep[];
  stopReason: StopReason;
  /** Time to run the prompt (ms) and to produce the new tokens after the first (ms). */
  promptMs: number;
  decodeMs: number;
}

export function runGeneration(
  model: NextTokenModel,
  promptIds: readonly number[],
  settings: GenerationSettings,
  onToken: (id: number) => void = () => {},
  now: () => number = () => performance.now(),
): GenerationResult {
  const gen = new Generator(settings.seed);
  const ids: number[] = [];
  const steps: GenerationStep[] = [];
  let stopReason: StopReason = "max-new-tokens";
  let length = promptIds.length;
  const t0 = now();
  let t1 = t0;
  let logits: Float32Array | null = null;
  for (let s = 0; s < settings.maxNewTokens; s++) {
    if (length >= model.contextLength) {
      stopReason = "context";
      break;
    }
    logits = model.next(s === 0 ? promptIds : [ids[ids.length - 1] as number]);
    if (s === 0) t1 = now();
    const id = sampleToken(logits, settings.temperature, settings.topK, gen);
    ids.push(id);
    steps.push({ id, top: topProbabilities(logits, settings.reportTopK) });
    length++;
    onToken(id);
    if (settings.stopIds.has(id)) {
      stopReason = "eos";
      break;
    }
  }
  const t2 = now();
  return { ids, steps, stopReason, promptMs: t1 - t0, decodeMs: t2 - t1 };
}
