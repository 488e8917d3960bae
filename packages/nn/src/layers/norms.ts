// LayerNorm and RMSNorm modules over the trailing normalizedShape dims. PyTorch names: weight (ones) and
// bias (zeros; LayerNorm only). Source: torch/nn/modules/normalization.py.
import { ones, type Tensor, zeros } from "@paramlens/tensor";
import { layerNorm, rmsNorm } from "../functional/layer-norm";
import { Module } from "../module";
import { parameter } from "../parameter";
import { positiveInt, positiveNumber } from "./check";

function shapeOf(layer: string, s: number | readonly number[]): number[] {
  const out = typeof s === "number" ? [s] : [...s];
  if (out.length === 0) throw new RangeError(`${layer}: normalizedShape must have at least one dimension`);
  for (const d of out) positiveInt(layer, "normalizedShape", d);
  return out;
}

export interface LayerNormOptions {
  /** default 1e-5 */
  eps?: number;
  /** learn weight (and bias) of normalizedShape (default true) */
  elementwiseAffine?: boolean;
  /** learn the bias when affine (default true) */
  bias?: boolean;
}

export class LayerNorm extends Module {
  static readonly typeName = "LayerNorm";
  readonly normalizedShape: readonly number[];
  readonly eps: number;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    this.normalizedShape = shapeOf("LayerNorm", normalizedShape);
    this.eps = positiveNumber("LayerNorm", "eps", options.eps ?? 1e-5);
    const affine = options.elementwiseAffine ?? true;
    this.registerParameter("weight", affine ? parameter(ones(this.normalizedShape)) : null);
    this.registerParameter(
      "bias",
      affine && options.bias !== false ? parameter(zeros(this.normalizedShape)) : null,
    );
  }

  get weight(): Tensor | null {
    return this.paramOrNull("weight");
  }
  get bias(): Tensor | null {
    return this.paramOrNull("bias");
  }

  override forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `[${this.normalizedShape}], eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}

export interface RMSNormOptions {
  /** default null: float32's machine epsilon, as torch.nn.RMSNorm */
  eps?: number | null;
  /** learn weight of normalizedShape (default true) */
  elementwiseAffine?: boolean;
  /**
   * Scale by (weightOffset + weight) instead of weight: 1 is Gemma's RMSNorm, output · (1 + w) with w
   * stored as zeros-initialised (transformers modeling_gemma.py, GemmaRMSNorm). Default 0.
   */
  weightOffset?: number;
}

export class RMSNorm extends Module {
  static readonly typeName = "RMSNorm";
  readonly normalizedShape: readonly number[];
  readonly eps: number | null;
  readonly weightOffset: number;

  constructor(normalizedShape: number | readonly number[], options: RMSNormOptions = {}) {
    super();
    this.normalizedShape = shapeOf("RMSNorm", normalizedShape);
    this.weightOffset = options.weightOffset ?? 0;
    if (!Number.isFinite(this.weightOffset)) {
      throw new RangeError(`RMSNorm: weightOffset must be a finite number, got ${this.weightOffset}`);
    }
    this.eps = options.eps == null ? null : positiveNumber("RMSNorm", "eps", options.eps);
    const affine = options.elementwiseAffine ?? true;
    this.registerParameter("weight", affine ? parameter(ones(this.normalizedShape)) : null);
  }

  get weight(): Tensor | null {
    return this.paramOrNull("weight");
  }

  override forward(x: Tensor): Tensor {
    const w = this.weight;
    // (offset + w) in float32, as Gemma's output * (1.0 + self.weight.float())
    return rmsNorm(
      x,
      this.normalizedShape,
      w && this.weightOffset !== 0 ? w.add(this.weightOffset) : w,
      this.eps,
    );
  }

  override extraRepr(): string {
    const off = this.weightOffset === 0 ? "" : `, weightOffset=${this.weightOffset}`;
    return `[${this.normalizedShape}], eps=${this.eps}, elementwiseAffine=${this.weight !== null}${off}`;
  }
}
