// Resizes a batch of maps [N, C, h, w] to [N, C, H, W] for Grad-CAM, with PyTorch's F.interpolate rules:
// "nearest" takes source index ⌊dst · h / H⌋; "bilinear" uses align_corners=False, source coordinate
// (dst + 0.5) · h / H − 0.5 clamped at 0. Not differentiable (it runs on finished maps).
import { formatShape, type Tensor, tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";

export type InterpolateMode = "nearest" | "bilinear";

export function interpolate(
  map: Tensor,
  size: readonly [number, number],
  mode: InterpolateMode = "bilinear",
): Tensor {
  const op = "interpolate";
  if (map.ndim !== 4)
    throw new AttributionError(
      "BAD_ATTRIBUTION",
      op,
      `expected maps [N, C, h, w], got ${formatShape(map.shape)}`,
    );
  const [H, W] = size;
  if (!Number.isInteger(H) || !Number.isInteger(W) || H < 1 || W < 1) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `size must be two positive integers, got [${size.join(", ")}]`,
    );
  }
  if (mode !== "nearest" && mode !== "bilinear") {
    throw new AttributionError("BAD_OPTION", op, `mode must be "nearest" or "bilinear", got ${String(mode)}`);
  }
  const [n, c, h, w] = map.shape as [number, number, number, number];
  const src = map.float().toTypedArray();
  const out = new Float32Array(n * c * H * W);
  const coord = (dst: number, inSize: number, outSize: number): [number, number, number] => {
    if (mode === "nearest") {
      const i = Math.min(Math.floor((dst * inSize) / outSize), inSize - 1);
      return [i, i, 0];
    }
    const s = Math.max(0, ((dst + 0.5) * inSize) / outSize - 0.5);
    const i0 = Math.min(Math.floor(s), inSize - 1);
    return [i0, Math.min(i0 + 1, inSize - 1), s - i0];
  };
  const ys = Array.from({ length: H }, (_, y) => coord(y, h, H));
  const xs = Array.from({ length: W }, (_, x) => coord(x, w, W));
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let y = 0; y < H; y++) {
      const [y0, y1, fy] = ys[y]!;
      for (let x = 0; x < W; x++) {
        const [x0, x1, fx] = xs[x]!;
        const top = src[base + y0 * w + x0]! * (1 - fx) + src[base + y0 * w + x1]! * fx;
        const bottom = src[base + y1 * w + x0]! * (1 - fx) + src[base + y1 * w + x1]! * fx;
        out[p * H * W + y * W + x] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return tensor(out, [n, c, H, W]);
}
