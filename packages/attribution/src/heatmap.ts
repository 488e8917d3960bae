// Attribution heatmaps as RGBA pixels and PNG files (encoded by fast-png; browser-safe). Signed maps use
// the diverging colour map, magnitudes the sequential one; over a grayscale background each pixel is
// blended with opacity · |value| / vmax, so zero attribution shows the input unchanged.
import { formatShape, type Tensor } from "@paramlens/tensor";
import { encode } from "fast-png";
import { divergingColor, sequentialColor } from "./colormap";
import { AttributionError } from "./errors";
import { checkOptions, type OptionKeys } from "./options";

export interface HeatmapOptions {
  /**
   * How values map to colours: "signed" (diverging, negative blue), "absolute" (|v|, sequential),
   * "positive" (negatives clipped to 0, sequential), or "auto" (default): signed when any value is
   * negative, else positive.
   */
  sign?: "auto" | "signed" | "absolute" | "positive";
  /** |value| mapped to the end of the colour map; default the largest |value| (1 if all are 0). */
  vmax?: number;
  /** How a [C, H, W] map becomes [H, W]: "sum" (default), "absSum" or "maxAbs". */
  channelReduce?: "sum" | "absSum" | "maxAbs";
  /**
   * The input to draw under the map, [H, W], [1, H, W] or [3, H, W] (RGB → luma 0.299R + 0.587G + 0.114B,
   * ITU-R BT.601), rescaled from its min–max to black–white. Without it the colour map is drawn opaque.
   */
  background?: Tensor;
  /** Largest blend weight of the colour over the background, in [0, 1]; default 0.7. */
  opacity?: number;
}

const HEATMAP_KEYS: OptionKeys<HeatmapOptions> = {
  sign: true,
  vmax: true,
  channelReduce: true,
  background: true,
  opacity: true,
};

export interface RgbaImage {
  width: number;
  height: number;
  /** [H · W · 4] row-major RGBA, 0–255 */
  data: Uint8ClampedArray;
}

/** [H, W] values of a [H, W], [C, H, W] or [1, C, H, W] map. */
function toPlane(
  op: string,
  t: Tensor,
  reduce: "sum" | "absSum" | "maxAbs",
): { h: number; w: number; v: Float64Array } {
  let s = [...t.shape];
  if (s.length === 4 && s[0] === 1) s = s.slice(1);
  if (s.length < 2 || s.length > 3 || t.size === 0) {
    throw new AttributionError(
      "BAD_ATTRIBUTION",
      op,
      `expected one map [H, W], [C, H, W] or [1, C, H, W], got ${formatShape(t.shape)}`,
    );
  }
  const [c, h, w] = s.length === 2 ? [1, s[0]!, s[1]!] : [s[0]!, s[1]!, s[2]!];
  const data = t.float().toTypedArray();
  const v = new Float64Array(h * w);
  for (let k = 0; k < h * w; k++) {
    let acc = 0;
    for (let ch = 0; ch < c; ch++) {
      const x = data[ch * h * w + k]!;
      if (!Number.isFinite(x)) {
        throw new AttributionError(
          "BAD_ATTRIBUTION",
          op,
          `value ${ch * h * w + k} is ${x}; maps must be finite`,
        );
      }
      acc = reduce === "sum" ? acc + x : reduce === "absSum" ? acc + Math.abs(x) : Math.max(acc, Math.abs(x));
    }
    v[k] = acc;
  }
  return { h, w, v };
}

function grayPlane(op: string, bg: Tensor, h: number, w: number): Float64Array {
  const s = bg.shape;
  const ok =
    (s.length === 2 && s[0] === h && s[1] === w) ||
    (s.length === 3 && (s[0] === 1 || s[0] === 3) && s[1] === h && s[2] === w);
  if (!ok) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `background ${formatShape(s)} must be [${h}, ${w}], [1, ${h}, ${w}] or [3, ${h}, ${w}] to match the map`,
    );
  }
  const d = bg.float().toTypedArray();
  const g = new Float64Array(h * w);
  for (let k = 0; k < h * w; k++) {
    g[k] =
      s.length === 3 && s[0] === 3
        ? 0.299 * d[k]! + 0.587 * d[h * w + k]! + 0.114 * d[2 * h * w + k]!
        : d[k]!;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of g) {
    if (!Number.isFinite(x))
      throw new AttributionError("BAD_OPTION", op, `background values must be finite, got ${x}`);
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  for (let k = 0; k < g.length; k++)
    g[k] = hi > lo ? (g[k]! - lo) / (hi - lo) : Math.min(1, Math.max(0, g[k]!));
  return g;
}

/** Renders one attribution map to RGBA pixels. */
export function heatmapRgba(attribution: Tensor, options: HeatmapOptions = {}): RgbaImage {
  const op = "heatmap";
  checkOptions(op, options, HEATMAP_KEYS);
  const reduce = options.channelReduce ?? "sum";
  if (reduce !== "sum" && reduce !== "absSum" && reduce !== "maxAbs") {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `channelReduce must be "sum", "absSum" or "maxAbs", got ${String(reduce)}`,
    );
  }
  const { h, w, v } = toPlane(op, attribution, reduce);
  let mode = options.sign ?? "auto";
  if (!["auto", "signed", "absolute", "positive"].includes(mode)) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `sign must be "auto", "signed", "absolute" or "positive", got ${String(mode)}`,
    );
  }
  if (mode === "auto") mode = v.some((x) => x < 0) ? "signed" : "positive";
  const vals = v.map((x) => (mode === "absolute" ? Math.abs(x) : mode === "positive" ? Math.max(0, x) : x));
  let vmax = options.vmax;
  if (vmax === undefined) {
    vmax = 0;
    for (const x of vals) vmax = Math.max(vmax, Math.abs(x));
    if (vmax === 0) vmax = 1;
  } else if (!Number.isFinite(vmax) || vmax <= 0) {
    throw new AttributionError("BAD_OPTION", op, `vmax must be a finite number > 0, got ${vmax}`);
  }
  const opacity = options.opacity ?? 0.7;
  if (!Number.isFinite(opacity) || opacity < 0 || opacity > 1) {
    throw new AttributionError("BAD_OPTION", op, `opacity must be in [0, 1], got ${opacity}`);
  }
  const gray = options.background ? grayPlane(op, options.background, h, w) : null;
  const data = new Uint8ClampedArray(h * w * 4);
  for (let k = 0; k < h * w; k++) {
    const t = Math.max(-1, Math.min(1, vals[k]! / vmax));
    const color = mode === "signed" ? divergingColor(t) : sequentialColor(t);
    const a = gray === null ? 1 : opacity * Math.abs(t);
    const base = gray === null ? 0 : gray[k]! * 255;
    for (let ch = 0; ch < 3; ch++) data[k * 4 + ch] = Math.round((1 - a) * base + a * color[ch]!);
    data[k * 4 + 3] = 255;
  }
  return { width: w, height: h, data };
}

/** Renders one attribution map to a PNG file (RGBA, 8 bit). */
export function heatmapPng(attribution: Tensor, options: HeatmapOptions = {}): Uint8Array {
  const img = heatmapRgba(attribution, options);
  return encode({ width: img.width, height: img.height, data: img.data, channels: 4, depth: 8 });
}
