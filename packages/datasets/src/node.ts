// Node-only entry (`@paramlens/datasets/node`): reads Fashion-MNIST IDX files from disk — the full set from
// a directory (default: Debian's dataset-fashion-mnist) or, when that is missing, the subset shipped in this
// package's data/ folder. Parsing itself is browser-safe and lives in fashion-mnist.ts / idx.ts.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// Imported by package name (kept external by tsup) so both entries share one DatasetError class and
// `instanceof` works across them.
import type { FashionMnistSet, FashionMnistSplit, IdxArray } from "@paramlens/datasets";
import { DatasetError, FASHION_MNIST_FILES, parseFashionMNIST, parseIdx } from "@paramlens/datasets";

/** Where Debian's `dataset-fashion-mnist` package installs the full set. */
export const DEFAULT_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
const APT_HINT =
  "install Debian's dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist) or pass { dir }";

/**
 * Absolute path of the shipped subset (2,000 train + 1,000 test images). Resolved relative to this module:
 * src/node.ts and dist/node.{js,cjs} both sit one level below the package root, next to data/.
 */
export function shippedFashionMnistDir(): string {
  // CJS has a real __dirname (tsup's import.meta.url shim builds a URL from a raw path, which breaks on
  // "#" or "%" in it); ESM (the dist/node.js build, or src under vitest) uses import.meta.url.
  const here = typeof __dirname === "string" ? __dirname : dirname(fileURLToPath(import.meta.url));
  return join(here, "..", "data", "fashion-mnist-subset");
}

/** Reads and parses one IDX file (gzip detected by its magic bytes). Missing files name the path. */
export function readIdxFile(path: string): IdxArray {
  if (!existsSync(path)) throw new DatasetError("FILE_NOT_FOUND", `readIdxFile: no such file: ${path}`);
  return parseIdx(readFileSync(path), path);
}

export interface LoadFashionMnistOptions {
  split: FashionMnistSplit;
  /** Directory holding the four IDX files (gzipped or not). Default DEFAULT_FASHION_MNIST_DIR. */
  dir?: string;
  /**
   * Use the shipped subset when the directory lacks this split's files. Default: true when `dir` is not
   * given, false when it is (an explicit directory that is missing is an error, not a silent substitute).
   */
  fallback?: boolean;
  /** Keep only the first `limit` samples in file order. */
  limit?: number;
  /** Normalise with FASHION_MNIST_MEAN / FASHION_MNIST_STD. Default false (pixels in [0, 1]). */
  normalize?: boolean;
}

export interface LoadedFashionMnist extends FashionMnistSet {
  readonly split: FashionMnistSplit;
  /** "directory": the full files in `dir`; "shipped-subset": the package's own subset. */
  readonly source: "directory" | "shipped-subset";
  /** The directory the files were read from. */
  readonly dir: string;
  /** Why the shipped subset was used instead of `options.dir` (undefined when source is "directory"). */
  readonly fallbackReason?: string;
}

/** Finds `<name>.gz` or `<name>` in `dir`; undefined when neither exists. */
function findFile(dir: string, name: string): string | undefined {
  for (const candidate of [join(dir, `${name}.gz`), join(dir, name)])
    if (existsSync(candidate)) return candidate;
  return undefined;
}

function readSplit(dir: string, split: FashionMnistSplit, options: LoadFashionMnistOptions): FashionMnistSet {
  const names = FASHION_MNIST_FILES[split];
  const images = findFile(dir, names.images);
  const labels = findFile(dir, names.labels);
  const missing = [images ? undefined : names.images, labels ? undefined : names.labels].filter(Boolean);
  if (images === undefined || labels === undefined) {
    throw new DatasetError(
      "FILE_NOT_FOUND",
      `loadFashionMNIST: ${dir} has no ${missing.map((m) => `${m}.gz (or ${m})`).join(" and no ")} ` +
        `for split "${split}"; ${APT_HINT}`,
    );
  }
  return parseFashionMNIST(readFileSync(images), readFileSync(labels), {
    limit: options.limit,
    normalize: options.normalize,
    imagesName: images,
    labelsName: labels,
  });
}

/** Loads the shipped subset: 2,000 train images (200 per class) or 1,000 test images (100 per class). */
export function loadShippedFashionMNIST(
  options: Omit<LoadFashionMnistOptions, "dir" | "fallback">,
): LoadedFashionMnist {
  const dir = shippedFashionMnistDir();
  return { ...readSplit(dir, options.split, options), split: options.split, source: "shipped-subset", dir };
}

/**
 * Loads a Fashion-MNIST split from `dir` (default /usr/share/datasets/fashion-mnist), falling back to the
 * shipped subset when the files are missing (see `fallback`). The result's `source` says which was used.
 * Corrupt or truncated files are always an error, never a reason to fall back.
 */
export function loadFashionMNIST(options: LoadFashionMnistOptions): LoadedFashionMnist {
  const { split } = options;
  if (split !== "train" && split !== "test") {
    throw new DatasetError(
      "INVALID_ARGUMENT",
      `loadFashionMNIST: split must be "train" or "test", got ${JSON.stringify(split)}`,
    );
  }
  const dir = options.dir ?? DEFAULT_FASHION_MNIST_DIR;
  const fallback = options.fallback ?? options.dir === undefined;
  try {
    return { ...readSplit(dir, split, options), split, source: "directory", dir };
  } catch (err) {
    if (!fallback || !(err instanceof DatasetError) || err.code !== "FILE_NOT_FOUND") throw err;
    return { ...loadShippedFashionMNIST(options), fallbackReason: err.message };
  }
}
