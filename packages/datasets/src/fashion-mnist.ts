// Fashion-MNIST from IDX bytes: class names, normalisation constants and the byte-level parser that turns
// an image file and a label file into a LabelledSet. Browser-safe; reading files lives in node.ts.
import { checkInt, DatasetError } from "./errors";
import { parseIdx } from "./idx";
import type { LabelledSet } from "./types";

/** Label index → name. Source: Fashion-MNIST README, "Labels" table (Xiao, Rasul & Vollgraf 2017). */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

// Mean and population std of all 60,000 × 784 training pixels scaled to [0, 1], computed with numpy by
// scripts/make-fashion-subset.py from Debian's dataset-fashion-mnist files (0.2860405969887955,
// 0.35302424451492237); they agree with the commonly quoted 0.2860 / 0.3530.
export const FASHION_MNIST_MEAN = 0.2860405969887955;
export const FASHION_MNIST_STD = 0.35302424451492237;

/** File names inside a Fashion-MNIST directory (the original names; a `.gz` suffix is optional). */
export const FASHION_MNIST_FILES = {
  train: { images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte" },
  test: { images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte" },
} as const;

export type FashionMnistSplit = keyof typeof FASHION_MNIST_FILES;

export interface FashionMnistOptions {
  /** Keep only the first `limit` samples (after parsing, in file order). */
  limit?: number;
  /** Subtract FASHION_MNIST_MEAN and divide by FASHION_MNIST_STD after scaling to [0, 1]. Default false. */
  normalize?: boolean;
  /** Names of the two inputs in error messages (usually their paths). */
  imagesName?: string;
  labelsName?: string;
}

export interface FashionMnistSet extends LabelledSet {
  /** Shape (N, 1, 28, 28): channels first, like PyTorch. */
  readonly xShape: readonly [number, 1, 28, 28];
  readonly classNames: readonly string[];
  readonly normalized: boolean;
}

/**
 * Parses a Fashion-MNIST (or MNIST) image file and label file, raw or gzipped. Pixels become float32 in
 * [0, 1] (or normalised), labels int32. Errors name the input and what was expected.
 */
export function parseFashionMNIST(
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  options: FashionMnistOptions = {},
): FashionMnistSet {
  const imagesName = options.imagesName ?? "images";
  const labelsName = options.labelsName ?? "labels";
  const images = parseIdx(imageBytes, imagesName);
  const labels = parseIdx(labelBytes, labelsName);
  if (
    images.dtype !== "uint8" ||
    images.dims.length !== 3 ||
    images.dims[1] !== 28 ||
    images.dims[2] !== 28
  ) {
    throw new DatasetError(
      "SHAPE_MISMATCH",
      `${imagesName}: expected uint8 images of shape [N, 28, 28], got ${images.dtype} [${images.dims.join(", ")}]`,
    );
  }
  if (labels.dtype !== "uint8" || labels.dims.length !== 1) {
    throw new DatasetError(
      "SHAPE_MISMATCH",
      `${labelsName}: expected uint8 labels of shape [N], got ${labels.dtype} [${labels.dims.join(", ")}]`,
    );
  }
  const nImages = images.dims[0]!;
  const nLabels = labels.dims[0]!;
  if (nImages !== nLabels) {
    throw new DatasetError(
      "COUNT_MISMATCH",
      `${imagesName} has ${nImages} images but ${labelsName} has ${nLabels} labels; they must match`,
    );
  }
  let n = nImages;
  if (options.limit !== undefined) {
    checkInt("parseFashionMNIST", "limit", options.limit, 0);
    n = Math.min(n, options.limit);
  }
  const normalize = options.normalize ?? false;
  const pixels = images.data as Uint8Array;
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) {
    const v = pixels[i]! / 255;
    x[i] = normalize ? (v - FASHION_MNIST_MEAN) / FASHION_MNIST_STD : v;
  }
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels.data[i]!;
    if (label > 9) {
      throw new DatasetError("BAD_LABEL", `${labelsName}: label ${label} at index ${i} is outside 0..9`);
    }
    y[i] = label;
  }
  return {
    x,
    xShape: [n, 1, 28, 28],
    y,
    numClasses: 10,
    classNames: FASHION_MNIST_CLASSES,
    normalized: normalize,
  };
}
