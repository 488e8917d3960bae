// What a paramlens checkpoint says about its model: the kind (mlp, cnn, gpt-char), the builder options
// that rebuild it, the class names or the character vocabulary, and how it was trained. Stored as JSON
// strings in the safetensors `__metadata__` so `summary`, `explain` and `analyze` need only the file.
// Building the module from a spec lives in build-model.ts; reading and writing files elsewhere.
import type { GPTConfigInput } from "@paramlens/gpt-params";

export const MODEL_KINDS = ["mlp", "cnn", "gpt-char"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Flatten, then Linear layers of these sizes with ReLU between them (nn's mlpClassifier). */
export interface MlpSpec {
  kind: "mlp";
  /** [in, hidden…, classes] */
  sizes: number[];
  /** Per-example input shape, [1, 28, 28] for Fashion-MNIST. */
  inputShape: number[];
  classes: string[];
}

/** nn's smallCnn: two conv3×3/ReLU/maxpool blocks, then Linear → ReLU → Linear. */
export interface CnnSpec {
  kind: "cnn";
  options: {
    inChannels: number;
    imageSize: number;
    channels: [number, number];
    hidden: number;
    classes: number;
  };
  inputShape: number[];
  classes: string[];
}

/** nn's GPT on characters: the config and the tokenizer's vocabulary (id i = vocab[i]). */
export interface GptCharSpec {
  kind: "gpt-char";
  config: GPTConfigInput;
  vocab: string[];
}

export type ModelSpec = MlpSpec | CnnSpec | GptCharSpec;

/** How the checkpoint was trained: data, hyper-parameters and final metrics (the `train` report). */
export interface TrainingRecord {
  dataset: string;
  /** "full set in /dir", "shipped subset", "text corpus" … */
  source: string;
  trainSamples: number;
  valSamples: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  steps: number;
  trainLoss: number;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  elapsedMs: number;
}

/** `__metadata__` keys a paramlens checkpoint carries (values are strings, as safetensors requires). */
export const METADATA_KEYS = {
  format: "paramlens.format",
  model: "paramlens.model",
  training: "paramlens.training",
} as const;

/** Version of the metadata layout; readers refuse other values instead of guessing. */
// Not nn's "paramlens-checkpoint/1" (fit()'s resumable training state under "paramlens.checkpoint").
export const CHECKPOINT_FORMAT = "paramlens-model/1";

export function describeSpec(spec: ModelSpec): string {
  switch (spec.kind) {
    case "mlp":
      return `mlp ${spec.sizes.join("→")} (${spec.classes.length} classes)`;
    case "cnn": {
      const o = spec.options;
      return `cnn conv ${o.channels[0]}, ${o.channels[1]} → ${o.hidden} → ${o.classes} (${o.imageSize}×${o.imageSize} input)`;
    }
    case "gpt-char": {
      const c = spec.config;
      return `gpt-char ${c.nLayers} layers · d_model ${c.dModel} · ${c.nHeads} heads · context ${c.contextLength} · vocab ${spec.vocab.length}`;
    }
  }
}
