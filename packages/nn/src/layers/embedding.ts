// Embedding: a lookup table weight [numEmbeddings, embeddingDim] indexed by int32 token ids.
// Default init N(0, 1) with the padding row zeroed, as torch/nn/modules/sparse.py. The padding row gets no
// gradient. Not supported: max_norm, scale_grad_by_freq, sparse gradients.
import { noGrad, type Tensor, zeros } from "@paramlens/tensor";
import { embedding } from "../functional/embedding";
import { normal } from "../init/init";
import { Module } from "../module";
import { parameter } from "../parameter";
import { positiveInt } from "./check";
import { initSkipped } from "./skip-init";

export interface EmbeddingOptions {
  /** this index's row stays as stored (zeros at init) and receives no gradient; negative counts from the end */
  paddingIdx?: number | null;
}

export class Embedding extends Module {
  static readonly typeName = "Embedding";
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    this.numEmbeddings = positiveInt("Embedding", "numEmbeddings", numEmbeddings);
    this.embeddingDim = positiveInt("Embedding", "embeddingDim", embeddingDim);
    const p = options.paddingIdx;
    if (p === undefined || p === null) this.paddingIdx = null;
    else {
      if (!Number.isInteger(p) || p < -numEmbeddings || p >= numEmbeddings) {
        throw new RangeError(
          `Embedding: paddingIdx must be an integer in [-${numEmbeddings}, ${numEmbeddings}), got ${p}`,
        );
      }
      this.paddingIdx = p < 0 ? p + numEmbeddings : p;
    }
    this.registerParameter("weight", parameter(zeros([numEmbeddings, embeddingDim])));
    if (!initSkipped()) this.resetParameters();
  }

  /** [numEmbeddings, embeddingDim] */
  get weight(): Tensor {
    return this.param("weight");
  }

  resetParameters(): void {
    normal(this.weight);
    const p = this.paddingIdx;
    if (p !== null) noGrad(() => this.weight.select(0, p).fill_(0));
  }

  /** indices [...] int32 → [..., embeddingDim] */
  override forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, this.paddingIdx);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, paddingIdx=${this.paddingIdx}` : ""}`;
  }
}
