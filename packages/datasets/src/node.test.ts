import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { DatasetError } from "./errors";
import { FASHION_MNIST_MEAN, FASHION_MNIST_STD } from "./fashion-mnist";
import {
  DEFAULT_FASHION_MNIST_DIR,
  loadFashionMNIST,
  loadShippedFashionMNIST,
  readIdxFile,
  shippedFashionMnistDir,
} from "./node";

const tmp = mkdtempSync(join(tmpdir(), "paramlens-datasets-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function caught(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    return err as DatasetError;
  }
  throw new Error("expected a DatasetError");
}

describe("shipped subset", () => {
  it("is found next to the package and is class-balanced", () => {
    expect(existsSync(join(shippedFashionMnistDir(), "train-images-idx3-ubyte.gz"))).toBe(true);
    const train = loadShippedFashionMNIST({ split: "train" });
    const test = loadShippedFashionMNIST({ split: "test" });
    expect(train.source).toBe("shipped-subset");
    expect(train.xShape).toEqual([2000, 1, 28, 28]);
    expect(test.xShape).toEqual([1000, 1, 28, 28]);
    const counts = new Array(10).fill(0);
    for (const label of train.y) counts[label]++;
    expect(counts).toEqual(new Array(10).fill(200));
  });
});

describe("loadFashionMNIST", () => {
  it("with no dir reads the full Debian set when installed, else falls back and says why", () => {
    const set = loadFashionMNIST({ split: "train" });
    if (existsSync(join(DEFAULT_FASHION_MNIST_DIR, "train-images-idx3-ubyte.gz"))) {
      expect(set.source).toBe("directory");
      expect(set.dir).toBe(DEFAULT_FASHION_MNIST_DIR);
      // Published sizes: 60,000 training images, 6,000 per class (Fashion-MNIST README).
      expect(set.xShape).toEqual([60000, 1, 28, 28]);
      const counts = new Array(10).fill(0);
      for (const label of set.y) counts[label]++;
      expect(counts).toEqual(new Array(10).fill(6000));
      // The normalisation constants were computed by numpy from these same files.
      let sum = 0;
      let sumSq = 0;
      for (const v of set.x) {
        sum += v;
        sumSq += v * v;
      }
      const mean = sum / set.x.length;
      expect(mean).toBeCloseTo(FASHION_MNIST_MEAN, 6);
      expect(Math.sqrt(sumSq / set.x.length - mean * mean)).toBeCloseTo(FASHION_MNIST_STD, 6);
      expect(loadFashionMNIST({ split: "test", limit: 3 }).xShape).toEqual([3, 1, 28, 28]);
    } else {
      expect(set.source).toBe("shipped-subset");
      expect(set.xShape).toEqual([2000, 1, 28, 28]);
      expect(set.fallbackReason).toContain("apt-get install -y dataset-fashion-mnist");
    }
  });

  it("errors on an explicit missing dir with the path and the apt package, unless fallback is asked for", () => {
    const missing = join(tmp, "nowhere");
    const err = caught(() => loadFashionMNIST({ split: "test", dir: missing }));
    expect(err.code).toBe("FILE_NOT_FOUND");
    expect(err.message).toContain(missing);
    expect(err.message).toContain("t10k-images-idx3-ubyte.gz");
    expect(err.message).toContain("dataset-fashion-mnist");
    const fell = loadFashionMNIST({ split: "test", dir: missing, fallback: true, limit: 10 });
    expect(fell.source).toBe("shipped-subset");
    expect(fell.xShape).toEqual([10, 1, 28, 28]);
    expect(fell.fallbackReason).toContain(missing);
  });

  it("reads uncompressed files from a directory", () => {
    const dir = join(tmp, "raw");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    for (const name of ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]) {
      writeFileSync(join(dir, name), gunzipSync(readFileSync(join(shippedFashionMnistDir(), `${name}.gz`))));
    }
    const set = loadFashionMNIST({ split: "test", dir, normalize: true });
    const shipped = loadShippedFashionMNIST({ split: "test", normalize: true });
    expect(set.source).toBe("directory");
    expect(Array.from(set.y)).toEqual(Array.from(shipped.y));
    expect(Buffer.from(set.x.buffer).equals(Buffer.from(shipped.x.buffer))).toBe(true);
    // Only the test split is there: asking for train names the missing files.
    expect(caught(() => loadFashionMNIST({ split: "train", dir })).message).toContain(
      "train-labels-idx1-ubyte",
    );
  });

  it("never falls back over a truncated file: the error names the path and the byte counts", () => {
    const dir = join(tmp, "truncated");
    mkdirSync(dir, { recursive: true });
    const images = gunzipSync(readFileSync(join(shippedFashionMnistDir(), "t10k-images-idx3-ubyte.gz")));
    writeFileSync(join(dir, "t10k-images-idx3-ubyte"), images.subarray(0, 16 + 784 * 10 - 5));
    writeFileSync(
      join(dir, "t10k-labels-idx1-ubyte.gz"),
      readFileSync(join(shippedFashionMnistDir(), "t10k-labels-idx1-ubyte.gz")),
    );
    const err = caught(() => loadFashionMNIST({ split: "test", dir, fallback: true }));
    expect(err.code).toBe("IDX_TRUNCATED");
    expect(err.message).toContain(join(dir, "t10k-images-idx3-ubyte"));
    expect(err.message).toContain(`need ${1000 * 784} bytes after the 16-byte header, got ${784 * 10 - 5}`);
  });

  it("rejects an unknown split", () => {
    const err = caught(() => loadFashionMNIST({ split: "validation" as "train" }));
    expect(err.code).toBe("INVALID_ARGUMENT");
    expect(err.message).toContain('"validation"');
  });
});

describe("readIdxFile", () => {
  it("reads a file and names a missing path", () => {
    const labels = readIdxFile(join(shippedFashionMnistDir(), "train-labels-idx1-ubyte.gz"));
    expect(labels.dims).toEqual([2000]);
    const err = caught(() => readIdxFile(join(tmp, "absent.idx")));
    expect(err.code).toBe("FILE_NOT_FOUND");
    expect(err.message).toContain(join(tmp, "absent.idx"));
  });
});
