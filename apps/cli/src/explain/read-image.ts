// Reads the PNG given to `explain --image file.png` as a model input: decoded with fast-png, converted to
// grey levels in [0, 1] (RGB by ITU-R BT.601 luma, alpha composited over black, 16-bit scaled), and
// required to be exactly the model's size. It does not resize: a resampled photo is not a Fashion-MNIST
// image, and a silent resize would explain a picture the user did not give.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Tensor } from "@paramlens/tensor";
import { convertIndexedToRgb, decode, hasPngSignature } from "fast-png";
import { BadFileError, InputFileError } from "../errors";
import { describeFsError } from "../files/fs-errors";

/** [1, 1, side, side] grey levels in [0, 1]. */
export function readGrayPng(cwd: string, given: string, side: number): Tensor {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(resolve(cwd, given));
  } catch (error) {
    throw new InputFileError(given, describeFsError(error));
  }
  if (!hasPngSignature(bytes)) throw new BadFileError(given, "not a PNG file (no PNG signature)");
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new BadFileError(given, `cannot decode the PNG (${(error as Error).message})`);
  }
  if (png.width !== side || png.height !== side) {
    throw new BadFileError(
      given,
      `the image is ${png.width}×${png.height}; the model takes ${side}×${side} grayscale images ` +
        "(Fashion-MNIST: a light object on a black background) — resize it first",
    );
  }
  let data: ArrayLike<number> = png.data;
  let channels = png.channels;
  let max = 2 ** png.depth - 1;
  if (png.palette) {
    data = convertIndexedToRgb(png);
    channels = png.palette[0]?.length ?? 3;
    max = 255;
  }
  const out = new Float32Array(side * side);
  for (let i = 0; i < side * side; i++) {
    const px = (k: number) => (data[i * channels + k] ?? 0) / max;
    let grey: number;
    let alpha = 1;
    if (channels <= 2) {
      grey = px(0);
      if (channels === 2) alpha = px(1);
    } else {
      grey = 0.299 * px(0) + 0.587 * px(1) + 0.114 * px(2);
      if (channels === 4) alpha = px(3);
    }
    out[i] = grey * alpha;
  }
  return new Tensor(out, [1, 1, side, side]);
}
