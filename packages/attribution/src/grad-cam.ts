// Grad-CAM (Selvaraju et al. 2017, arXiv:1610.02391) on any layer with output [N, K, ...spatial]:
//   α_k = mean over positions of ∂y/∂A_k,  map = ReLU(Σ_k α_k A_k)  → [N, 1, ...spatial],
// then (for 2-d maps) resized to the input's height and width. ReLU on by default, as in the paper
// (Captum's LayerGradCam defaults to no ReLU). Guided Grad-CAM multiplies the guided-backprop map by the
// nearest-resized Grad-CAM map, as Captum does.
import type { AnyModule } from "@paramlens/nn";
import { type Tensor, tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { GuidedBackprop } from "./guided-backprop";
import { type InterpolateMode, interpolate } from "./interpolate";
import { type LayerRef, resolveLayer } from "./layer";
import { evaluateLayerGradients } from "./layer-gradients";
import { type ModelLike, toForwardFn } from "./model";
import { checkOptions, type OptionKeys } from "./options";
import { internalBatchSize, prepareInput, resolveTargets } from "./prepare";
import type { AttributionResult, Attributor, CommonAttributeOptions, ForwardFn } from "./types";

export interface GradCamOptions extends CommonAttributeOptions {
  /** Apply ReLU to the map; default true (the paper). */
  relu?: boolean;
  /**
   * Resize a 2-d map to the input's last two dims: "bilinear" (default), "nearest", or false to keep the
   * layer's resolution.
   */
  upsample?: InterpolateMode | false;
}

const GRAD_CAM_KEYS: OptionKeys<GradCamOptions> = {
  target: true,
  internalBatchSize: true,
  relu: true,
  upsample: true,
};

export class LayerGradCam implements Attributor<GradCamOptions> {
  private readonly model: ForwardFn;
  private readonly layer: AnyModule;
  constructor(model: ModelLike, layer: LayerRef) {
    this.model = toForwardFn("LayerGradCam", model);
    this.layer = resolveLayer("LayerGradCam", model, layer);
  }

  /** attributions: [N, 1, ...spatial] of the layer, or [N, 1, H, W] of the input when upsampled. */
  attribute(input: Tensor, options: GradCamOptions = {}): AttributionResult {
    const op = "LayerGradCam.attribute";
    checkOptions(op, options, GRAD_CAM_KEYS);
    const p = prepareInput(op, input);
    const targets = resolveTargets(op, options.target, p.n);
    const batch = internalBatchSize(op, options.internalBatchSize);
    const relu = options.relu ?? true;
    const upsample = options.upsample ?? "bilinear";
    let mapShape: number[] = [];
    let cams: Float32Array | null = null;
    evaluateLayerGradients(
      op,
      this.model,
      this.layer,
      {
        rows: p.n,
        example: (r) => r,
        input: (s, size) => tensor(p.x.subarray(s * p.d, (s + size) * p.d), [size, ...p.featShape]),
      },
      targets,
      batch,
      (row, a, g, o, shape) => {
        if (shape.length < 2) {
          throw new AttributionError(
            "BAD_OUTPUT",
            op,
            `Grad-CAM needs a layer output [N, K, ...spatial], got [N, ${shape.join(", ")}]`,
          );
        }
        const k = shape[0]!;
        const s = shape.slice(1).reduce((x, y) => x * y, 1);
        if (cams === null) {
          mapShape = shape.slice(1);
          cams = new Float32Array(p.n * s);
        }
        for (let pos = 0; pos < s; pos++) {
          let v = 0;
          for (let c = 0; c < k; c++) {
            let alpha = 0;
            for (let q = 0; q < s; q++) alpha += g[o + c * s + q]!;
            v += (alpha / s) * a[o + c * s + pos]!;
          }
          cams![row * s + pos] = relu ? Math.max(0, v) : v;
        }
      },
    );
    let out = tensor(cams!, [p.n, 1, ...mapShape]);
    if (upsample !== false && mapShape.length === 2 && p.featShape.length >= 2) {
      const [H, W] = p.featShape.slice(-2) as [number, number];
      out = interpolate(out, [H, W], upsample);
    }
    return { attributions: out };
  }
}

export type GuidedGradCamOptions = CommonAttributeOptions;

const GUIDED_GRAD_CAM_KEYS: OptionKeys<GuidedGradCamOptions> = { target: true, internalBatchSize: true };

export class GuidedGradCam implements Attributor<GuidedGradCamOptions> {
  private readonly gradCam: LayerGradCam;
  private readonly guided: GuidedBackprop;
  constructor(model: ModelLike, layer: LayerRef) {
    this.gradCam = new LayerGradCam(model, layer);
    this.guided = new GuidedBackprop(model);
  }

  /** Guided backprop ⊙ Grad-CAM (nearest-resized, broadcast over channels): input-shaped [N, C, H, W]. */
  attribute(input: Tensor, options: GuidedGradCamOptions = {}): AttributionResult {
    const op = "GuidedGradCam.attribute";
    checkOptions(op, options, GUIDED_GRAD_CAM_KEYS);
    if (input.ndim !== 4)
      throw new AttributionError("BAD_INPUT", op, `input must be images [N, C, H, W], got ${input.ndim}-d`);
    const cam = this.gradCam.attribute(input, { ...options, upsample: "nearest" }).attributions; // [N, 1, H, W]
    if (cam.ndim !== 4 || cam.shape[2] !== input.shape[2] || cam.shape[3] !== input.shape[3]) {
      throw new AttributionError("BAD_OUTPUT", op, "the Grad-CAM layer must have a 2-d spatial output");
    }
    const gb = this.guided.attribute(input, options).attributions; // [N, C, H, W]
    return { attributions: gb.mul(cam) };
  }
}
