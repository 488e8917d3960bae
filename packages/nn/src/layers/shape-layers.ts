// Parameter-free layers that only move data: Identity, Flatten, Dropout.
import { dropout, flatten, type Tensor } from "@paramlens/tensor";
import { Module } from "../module";
import { probability } from "./check";

/** Returns its input unchanged (a placeholder, e.g. for a removed head). */
export class Identity extends Module {
  static readonly typeName = "Identity";
  override forward(x: Tensor): Tensor {
    return x;
  }
}

export interface FlattenOptions {
  /** first dim to flatten (default 1: keeps the batch dim) */
  startDim?: number;
  /** last dim to flatten (default -1) */
  endDim?: number;
}

/** Merges dims startDim..endDim: [N, C, H, W] → [N, C·H·W] by default. */
export class Flatten extends Module {
  static readonly typeName = "Flatten";
  readonly startDim: number;
  readonly endDim: number;

  constructor(options: FlattenOptions = {}) {
    super();
    this.startDim = options.startDim ?? 1;
    this.endDim = options.endDim ?? -1;
  }

  override forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}

/**
 * In training mode zeroes each element with probability p and scales the rest by 1/(1-p) (inverted
 * dropout, so eval needs no rescaling); in eval mode returns the input. Randomness: the global generator.
 */
export class Dropout extends Module {
  static readonly typeName = "Dropout";
  readonly p: number;

  constructor(p = 0.5) {
    super();
    this.p = probability("Dropout", "p", p);
  }

  override forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
