// Colour maps for attribution images and text: a diverging map for signed values (ColorBrewer RdBu, blue
// for negative, white at zero, red for positive) and a sequential one for magnitudes (ColorBrewer Reds).
// Linear interpolation between the published anchor colours; returns 0–255 RGB.

/** ColorBrewer RdBu, 11 classes (colorbrewer2.org, Cynthia Brewer), reversed to run blue → white → red. */
export const DIVERGING_RDBU: readonly string[] = [
  "#053061",
  "#2166ac",
  "#4393c3",
  "#92c5de",
  "#d1e5f0",
  "#f7f7f7",
  "#fddbc7",
  "#f4a582",
  "#d6604d",
  "#b2182b",
  "#67001f",
];

/** ColorBrewer Reds, 9 classes (colorbrewer2.org), white → dark red. */
export const SEQUENTIAL_REDS: readonly string[] = [
  "#fff5f0",
  "#fee0d2",
  "#fcbba1",
  "#fc9272",
  "#fb6a4a",
  "#ef3b2c",
  "#cb181d",
  "#a50f15",
  "#67000d",
];

function hexToRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Colour at position u ∈ [0, 1] (clamped) of a map given by evenly spaced anchors. Unrounded 0–255. */
export function sampleColormap(anchors: readonly string[], u: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, Number.isNaN(u) ? 0 : u)) * (anchors.length - 1);
  const i = Math.min(Math.floor(t), anchors.length - 2);
  const f = t - i;
  const a = hexToRgb(anchors[i]!);
  const b = hexToRgb(anchors[i + 1]!);
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}

/** Signed value scaled to [-1, 1] → diverging colour (−1 blue, 0 white, +1 red). */
export function divergingColor(t: number): [number, number, number] {
  return sampleColormap(DIVERGING_RDBU, (t + 1) / 2);
}

/** Magnitude in [0, 1] → sequential colour. */
export function sequentialColor(t: number): [number, number, number] {
  return sampleColormap(SEQUENTIAL_REDS, t);
}
