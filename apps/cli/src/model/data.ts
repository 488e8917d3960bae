// The data the commands train, explain and analyse on: Fashion-MNIST through @paramlens/datasets/node (the
// full set when installed or given with --data, else the subset shipped in the package) as tensors, and
// the character corpus as token windows. It says where the images came from, so commands can tell the user.
import { closeSync, existsSync } from "node:fs";
import { join } from "node:path";
import { CharTokenizer, FASHION_MNIST_CLASSES, FASHION_MNIST_FILES, TEXT_CORPUS } from "@paramlens/datasets";
import {
  DEFAULT_FASHION_MNIST_DIR,
  loadFashionMNIST,
  shippedFashionMnistDir,
} from "@paramlens/datasets/node";
import { type TensorDataset, windowDataset } from "@paramlens/nn";
import { Tensor } from "@paramlens/tensor";
import { INPUT_KINDS, openRegularFile } from "../files/input-file";

export interface ImageData extends TensorDataset {
  /** "Fashion-MNIST full set (/usr/share/datasets/fashion-mnist)" or "… shipped subset …". */
  source: string;
  /** Images in the split before --limit. */
  available: number;
  classes: string[];
}

export interface ImageSourceOptions {
  /** --data: the directory must hold the files (no silent fallback). */
  dir?: string;
  /** Where to look for the full set before the shipped subset (PARAMLENS_FASHION_MNIST_DIR). */
  fullSetDir?: string;
  limit?: number;
}

/** The directories loadImages may read, in the order it tries them. */
export function imageDataDirs(options: ImageSourceOptions): string[] {
  if (options.dir !== undefined) return [options.dir];
  return [options.fullSetDir ?? DEFAULT_FASHION_MNIST_DIR, shippedFashionMnistDir()];
}

/** Every file loadImages may read (both splits, gzipped or not): the inputs an output must not replace. */
export function imageDataFiles(options: ImageSourceOptions): string[] {
  const names = Object.values(FASHION_MNIST_FILES).flatMap((f) => [f.images, f.labels]);
  return imageDataDirs(options).flatMap((dir) =>
    names.flatMap((name) => [join(dir, `${name}.gz`), join(dir, name)]),
  );
}

/**
 * Refuses (InputFileError) an existing data file that is not a regular file or is larger than an IDX file
 * of Fashion-MNIST can be, before the dataset reader reads it whole: a FIFO named
 * train-images-idx3-ubyte must not hang `train`.
 */
function checkImageFiles(options: ImageSourceOptions): void {
  for (const path of imageDataFiles(options)) {
    if (!existsSync(path)) continue;
    closeSync(openRegularFile(process.cwd(), path, INPUT_KINDS.idx).fd);
  }
}

/**
 * Fashion-MNIST `split` as x [N, 1, 28, 28] in [0, 1] and y [N] int32. With `dir`, that directory must hold
 * the files (no silent fallback); without it, the full set (in `fullSetDir` or Debian's
 * /usr/share/datasets/fashion-mnist) when installed, else the shipped subset.
 */
export function loadImages(split: "train" | "test", options: ImageSourceOptions): ImageData {
  const where =
    options.dir !== undefined
      ? { dir: options.dir, fallback: false }
      : options.fullSetDir !== undefined
        ? { dir: options.fullSetDir, fallback: true }
        : {};
  checkImageFiles(options);
  const all = loadFashionMNIST({ split, ...where });
  const available = all.y.length;
  const n = options.limit === undefined ? available : Math.min(options.limit, available);
  const per = all.x.length / available;
  const full = available === (split === "train" ? 60_000 : 10_000);
  const source =
    all.source === "directory"
      ? `Fashion-MNIST ${full ? "full set" : "files"} (${all.dir})`
      : "Fashion-MNIST shipped subset (2,000 train / 1,000 test images; install dataset-fashion-mnist for the full set)";
  return {
    x: new Tensor(all.x.subarray(0, n * per), [n, ...all.xShape.slice(1)]),
    y: new Tensor(all.y.subarray(0, n), [n]),
    source,
    available,
    classes: [...FASHION_MNIST_CLASSES],
  };
}

export interface TextData {
  tokenizer: CharTokenizer;
  train: TensorDataset;
  val: TensorDataset;
  source: string;
}

/** The text corpus as windows of `context` tokens: the first 90% for training, the rest for validation. */
export function loadText(context: number, options: { limit?: number }): TextData {
  const tokenizer = CharTokenizer.fromText(TEXT_CORPUS);
  const tokens = tokenizer.encode(TEXT_CORPUS);
  const cut = Math.floor(tokens.length * 0.9);
  const train = windowDataset(tokens.subarray(0, cut), context, Math.max(1, Math.floor(context / 2)));
  const val = windowDataset(tokens.subarray(cut), context, context);
  const limit = options.limit;
  const take = (d: TensorDataset, n: number): TensorDataset =>
    n >= d.x.shape[0]!
      ? d
      : {
          x: new Tensor(d.x.toTypedArray().subarray(0, n * context), [n, context]),
          y: new Tensor(d.y.toTypedArray().subarray(0, n * context), [n, context]),
        };
  return {
    tokenizer,
    train: limit === undefined ? train : take(train, limit),
    val: limit === undefined ? val : take(val, Math.max(1, Math.ceil(limit / 4))),
    source: `text corpus (Pride and Prejudice ch. 1–9, ${TEXT_CORPUS.length.toLocaleString("en-US")} characters)`,
  };
}
