// Attribution maps and feature maps for the saliency demo: one call per method of @paramlens/attribution
// with the demo's settings, turned into RGBA pixels with its heatmapRgba. Settings only — every number comes
// from the package. It does not draw (the island puts the pixels on a canvas).
import {
  heatmapRgba,
  IntegratedGradients,
  LayerActivation,
  LayerGradCam,
  NoiseTunnel,
  Occlusion,
  type RgbaImage,
  Saliency,
} from "@paramlens/attribution";
import type { Tensor } from "@paramlens/tensor";
import { DemoError } from "./errors";
import type { FashionModel } from "./fashion-model";

export const SALIENCY_METHODS = ["saliency", "ig", "smoothgrad", "gradcam", "occlusion"] as const;
export type SaliencyMethod = (typeof SALIENCY_METHODS)[number];

export function isSaliencyMethod(m: string): m is SaliencyMethod {
  return (SALIENCY_METHODS as readonly string[]).includes(m);
}

/** The attribution map for `target`, [1, 1, 28, 28] (input-shaped). x: [1, 1, 28, 28]. */
export function attributionMap(m: FashionModel, x: Tensor, method: SaliencyMethod, target: number): Tensor {
  const model = m.model;
  switch (method) {
    case "saliency":
      return new Saliency(model).attribute(x, { target }).attributions;
    case "ig":
      // Black image as the baseline (pixels are in [0, 1], 0 = black = "nothing there").
      return new IntegratedGradients(model).attribute(x, { target, baselines: 0, nSteps: 32 }).attributions;
    case "smoothgrad":
      // SmoothGrad (Smilkov et al. 2017): σ ≈ 15 % of the [0, 1] input range, their recommended 10–20 %.
      return new NoiseTunnel(new Saliency(model)).attribute(x, {
        target,
        ntType: "smoothgrad",
        nSamples: 16,
        stdevs: 0.15,
        seed: 0,
      }).attributions;
    case "gradcam": {
      // The last conv layer, as in Selvaraju et al. 2017; upsampled bilinearly to 28×28.
      const layer = m.sidecar.architecture.convLayers.at(-1) ?? "3";
      return new LayerGradCam(model, layer).attribute(x, { target }).attributions;
    }
    case "occlusion":
      // 4×4 black patches every 2 pixels: 13 × 13 = 169 occluded copies.
      return new Occlusion(model).attribute(x, {
        target,
        slidingWindowShapes: [1, 4, 4],
        strides: [1, 2, 2],
        baselines: 0,
      }).attributions;
    default:
      throw new DemoError("UNKNOWN_METHOD", `attributionMap: unknown method ${JSON.stringify(method)}`);
  }
}

/**
 * The colour scale's end: the 98th percentile of |map|, so a few extreme pixels do not wash out the rest
 * (Captum's visualize_image_attr clips the same way: outlier_perc = 2). Falls back to the max when that is 0.
 */
export function robustVmax(map: Tensor): number {
  const v = Float64Array.from(map.toTypedArray(), Math.abs).sort();
  const p = v[Math.min(v.length - 1, Math.floor(0.98 * v.length))] ?? 0;
  return p > 0 ? p : Math.max(v[v.length - 1] ?? 0, 1e-12);
}

/** RGBA pixels of a map drawn over the image (signed maps blue/red, magnitudes in reds). */
export function attributionImage(map: Tensor, x: Tensor): RgbaImage {
  return heatmapRgba(map.select(0, 0), { background: x.select(0, 0), opacity: 0.85, vmax: robustVmax(map) });
}

export interface FeatureLayer {
  /** the conv layer's path in the model ("0", "3") */
  layer: string;
  /** [C, h, w] of the activations */
  shape: [number, number, number];
  /** one grayscale tile per channel, scaled by the layer's largest activation (so tiles compare) */
  tiles: RgbaImage[];
}

/**
 * The activations of every conv layer after its ReLU (the module right after the conv in smallCnn), one
 * grayscale tile per channel: black 0, white the layer's largest value.
 */
export function featureMaps(m: FashionModel, x: Tensor): FeatureLayer[] {
  return m.sidecar.architecture.convLayers.map((conv) => {
    const relu = String(Number(conv) + 1);
    const a = new LayerActivation(m.model, relu).attribute(x); // [1, C, h, w]
    const [, c = 0, h = 0, w = 0] = a.shape;
    const v = a.toTypedArray();
    let max = 0;
    for (let i = 0; i < v.length; i++) max = Math.max(max, v[i]!);
    const tiles: RgbaImage[] = [];
    for (let ch = 0; ch < c; ch++) {
      const data = new Uint8ClampedArray(h * w * 4);
      for (let k = 0; k < h * w; k++) {
        const g = max > 0 ? Math.round((255 * v[ch * h * w + k]!) / max) : 0;
        data[4 * k] = g;
        data[4 * k + 1] = g;
        data[4 * k + 2] = g;
        data[4 * k + 3] = 255;
      }
      tiles.push({ width: w, height: h, data });
    }
    return { layer: conv, shape: [c, h, w], tiles };
  });
}
