// Published pre-training token counts of the presets whose authors state one, each with its source. Data
// only: presets.ts attaches them, and the calculator uses them instead of the 20-tokens-per-parameter
// default. Presets whose authors did not publish a count (GPT-2, Mistral, Mixtral, the GPT-4 estimate) have
// none here, on purpose.

/** A published token count. */
export interface TrainingTokens {
  tokens: number;
  /** As printed, e.g. "300B". */
  label: string;
  source: string;
}

const GPT3: TrainingTokens = {
  tokens: 300e9,
  label: "300B",
  source: "Brown et al. 2020, §2.2 and Table D.1: all GPT-3 models were trained for 300 billion tokens",
};
const LLAMA2: TrainingTokens = {
  tokens: 2e12,
  label: "2.0T",
  source: "Touvron et al. 2023 (Llama 2), Table 1: 2.0T tokens for every size",
};

/** Preset id → its published pre-training tokens. */
export const TRAINING_TOKENS: Readonly<Record<string, TrainingTokens>> = Object.freeze({
  "gpt3-small": GPT3,
  "gpt3-medium": GPT3,
  "gpt3-large": GPT3,
  "gpt3-xl": GPT3,
  "gpt3-2.7b": GPT3,
  "gpt3-6.7b": GPT3,
  "gpt3-13b": GPT3,
  "gpt3-175b": GPT3,
  "gptj-6b": {
    tokens: 402e9,
    label: "402B",
    source: "EleutherAI/gpt-j-6b model card: trained for 402 billion tokens over 383,500 steps",
  },
  "llama2-7b": LLAMA2,
  "llama2-13b": LLAMA2,
  "llama2-70b": LLAMA2,
  "llama3-8b": {
    tokens: 15e12,
    label: "15T+",
    source: "Meta Llama 3 model card: pretrained on over 15 trillion tokens",
  },
  "qwen3-8b": {
    tokens: 36e12,
    label: "36T",
    source: "Qwen Team 2025 (Qwen3 Technical Report): pre-trained on about 36 trillion tokens",
  },
  "deepseek-v3": {
    tokens: 14.8e12,
    label: "14.8T",
    source: "DeepSeek-V3 Technical Report, abstract: pre-trained on 14.8 trillion tokens",
  },
});
