// Reads the PNG given to `explain --image file.png` as a model input: decoded with fast-png, converted to
// grey levels in [0, 1] (RGB by ITU-R BT.601 luma, alpha composited over black, 16-bit scaled), and
// required to be exactly the model's size. It does not resize: a resampled photo is not a Fashion-MNIST
// image, and a silent resize would explain a picture the user did not give. The size is read from the
// IHDR chunk before decoding, so a small file declaring 20000×20000 costs nothing.
import { Tensor } from "@paramlens/tensor";
import { convertIndexedToRgb, decode, hasPngSignature } from "fast-png";
import { BadFileError } from "../errors";
import { INPUT_KINDS, readInputFile } from "../files/input-file";
import { clip } from "../output/clip";

/**
 * Width and height from the IHDR chunk, which the PNG spec (ISO/IEC 15948, 5.6) requires first: bytes 8–11
 * its length (13), 12–15 "IHDR", 16–19 width, 20–23 height, big-endian. Undefined when it is not there.
 */
export function pngHeaderSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (type !== "IHDR" || view.getUint32(8) !== 13) return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function wrongSize(given: string, width: number, height: number, side: number): BadFileError {
  return new BadFileError(
    given,
    `the image is ${width}×${height}; the model takes ${side}×${side} grayscale images ` +
      "(Fashion-MNIST: a light object on a black background) — resize it first",
  );
}

/** [1, 1, side, side] grey levels in [0, 1]. */
export function readGrayPng(cwd: string, given: string, side: number): Tensor {
  const bytes = readInputFile(cwd, given, INPUT_KINDS.png);
  if (!hasPngSignature(bytes)) throw new BadFileError(given, "not a PNG file (no PNG signature)");
  const declared = pngHeaderSize(bytes);
  if (declared === undefined)
    throw new BadFileError(given, "not a PNG file (no IHDR chunk after the signature)");
  if (declared.width !== side || declared.height !== side) {
    throw wrongSize(given, declared.width, declared.height, side);
  }
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new BadFileError(given, `cannot decode the PNG (${clip((error as Error).message)})`);
  }
  if (png.width !== side || png.height !== side) throw wrongSize(given, png.width, png.height, side);
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
