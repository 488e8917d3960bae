// Small ready-made models for examples, tests and the CLI: an MLP classifier, a two-block CNN for 28×28
// images, a bag-of-embeddings text classifier, and a character-level GPT config. They are plain module
// trees (Sequential or a small Module) with PyTorch-style names; nothing here trains them.
import type { GPTConfigInput } from "@paramlens/gpt-params";
import { div, maximum, mul, ne, sum, type Tensor, toFloat, unsqueeze } from "@paramlens/tensor";
import { ReLU } from "../layers/activations";
import { Sequential } from "../layers/containers";
import { Conv2d } from "../layers/conv2d";
import { Embedding } from "../layers/embedding";
import { Linear } from "../layers/linear";
import { MaxPool2d } from "../layers/pooling";
import { Dropout, Flatten } from "../layers/shape-layers";
import { Module } from "../module";
import { ModelError } from "./errors";

/** sizes [in, h1, …, out]: Linear layers with ReLU between them (none after the last). */
export function mlpClassifier(sizes: readonly number[], options: { dropout?: number } = {}): Sequential {
  if (sizes.length < 2) {
    throw new ModelError("OPTION", `mlpClassifier: sizes needs at least [in, out], got [${sizes.join(",")}]`);
  }
  const layers: Module[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Linear(sizes[i]!, sizes[i + 1]!));
    if (i + 2 < sizes.length) {
      layers.push(new ReLU());
      if (options.dropout) layers.push(new Dropout(options.dropout));
    }
  }
  return new Sequential(...layers);
}

export interface SmallCnnOptions {
  inChannels?: number;
  /** Square input side; must be divisible by 4. Default 28. */
  imageSize?: number;
  /** Channels of the two conv blocks. Default 16 and 32. */
  channels?: readonly [number, number];
  hidden?: number;
  classes?: number;
}

/** Two conv blocks (conv3×3 pad 1, ReLU, maxpool 2) then Linear → ReLU → Linear. Input [N, C, S, S]. */
export function smallCnn(o: SmallCnnOptions = {}): Sequential {
  const size = o.imageSize ?? 28;
  if (size % 4 !== 0)
    throw new ModelError("OPTION", `smallCnn: imageSize must be divisible by 4, got ${size}`);
  const [c1, c2] = o.channels ?? [16, 32];
  const hidden = o.hidden ?? 128;
  return new Sequential(
    new Conv2d(o.inChannels ?? 1, c1, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(c1, c2, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(c2 * (size / 4) * (size / 4), hidden),
    new ReLU(),
    new Linear(hidden, o.classes ?? 10),
  );
}

/**
 * Text classifier: token embeddings averaged over the non-padding tokens (id 0 is padding), then one
 * Linear layer. Input ids [B, L] int32 → logits [B, classes]. A row of only padding gives zero features.
 */
export class BagOfEmbeddings extends Module {
  readonly embedding: Embedding;
  readonly fc: Linear;

  constructor(vocabSize: number, dim: number, classes: number) {
    super();
    this.embedding = this.registerModule("embedding", new Embedding(vocabSize, dim, { paddingIdx: 0 }));
    this.fc = this.registerModule("fc", new Linear(dim, classes));
  }

  override forward(ids: Tensor): Tensor {
    const e = this.embedding.call(ids); // (B, L, D)
    const mask = unsqueeze(toFloat(ne(ids, 0)), 2); // (B, L, 1)
    const count = maximum(sum(mask, 1), 1); // (B, 1)
    return this.fc.call(div(sum(mul(e, mask), 1), count)); // (B, D) → (B, classes)
  }
}

/**
 * A small character-level GPT config (learned positions, LayerNorm, GELU). The LM head is untied: with a
 * tiny vocabulary it costs little, and in our runs on the shipped corpus a tied head sat at the unigram
 * entropy for ~100 steps longer (it must learn bigrams through the blocks, not a direct embedding→head map).
 */
export function charGptConfig(vocabSize: number, o: Partial<GPTConfigInput> = {}): GPTConfigInput {
  return {
    name: "char-gpt",
    vocabSize,
    contextLength: 64,
    dModel: 64,
    nLayers: 2,
    nHeads: 4,
    tiedEmbeddings: false,
    ...o,
  };
}
