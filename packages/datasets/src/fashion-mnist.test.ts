import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DatasetError } from "./errors";
import {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_MEAN,
  FASHION_MNIST_STD,
  parseFashionMNIST,
} from "./fashion-mnist";
import { encodeIdx } from "./idx";

// Golden values written by scripts/make-fashion-subset.py with numpy, independently of our parser.
interface SplitFixture {
  count: number;
  labelCounts: number[];
  labels: number[];
  pixelSums: number[];
  firstImageRow14: number[];
}
const fixture = JSON.parse(
  readFileSync(join(__dirname, "..", "fixtures", "fashion-mnist-subset.json"), "utf8"),
) as { fullTrainPixelMean: number; fullTrainPixelStd: number; splits: Record<string, SplitFixture> };
const dataDir = join(__dirname, "..", "data", "fashion-mnist-subset");
const read = (name: string) => new Uint8Array(readFileSync(join(dataDir, name)));

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    return `${(err as DatasetError).code}: ${(err as DatasetError).message}`;
  }
  throw new Error("expected a DatasetError");
}

describe("parseFashionMNIST on the shipped subset", () => {
  for (const split of ["train", "t10k"] as const) {
    it(`${split}: matches numpy's labels, pixel sums and a pixel row`, () => {
      const expected = fixture.splits[split]!;
      const set = parseFashionMNIST(
        read(`${split}-images-idx3-ubyte.gz`),
        read(`${split}-labels-idx1-ubyte.gz`),
      );
      const n = expected.count;
      expect(n).toBe(split === "train" ? 2000 : 1000);
      expect(set.xShape).toEqual([n, 1, 28, 28]);
      expect(set.x.length).toBe(n * 784);
      expect(Array.from(set.y)).toEqual(expected.labels);
      // Class-balanced: 200 / 100 of each class.
      expect(expected.labelCounts).toEqual(new Array(10).fill(n / 10));
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let p = 0; p < 784; p++) sum += set.x[i * 784 + p]!;
        // Sum of x = (sum of bytes) / 255, up to float32 rounding of each pixel.
        expect(sum * 255).toBeCloseTo(expected.pixelSums[i]!, 2);
      }
      const row = Array.from(set.x.subarray(14 * 28, 15 * 28), (v) => Math.round(v * 255));
      expect(row).toEqual(expected.firstImageRow14);
      expect(set.x.reduce((a, b) => Math.min(a, b))).toBe(0);
      expect(set.x.reduce((a, b) => Math.max(a, b))).toBe(1);
      expect(set.classNames).toBe(FASHION_MNIST_CLASSES);
      expect(set.numClasses).toBe(10);
    });
  }

  it("normalises with the published-from-train mean and std, and honours limit", () => {
    const raw = parseFashionMNIST(read("t10k-images-idx3-ubyte.gz"), read("t10k-labels-idx1-ubyte.gz"), {
      limit: 7,
    });
    const norm = parseFashionMNIST(read("t10k-images-idx3-ubyte.gz"), read("t10k-labels-idx1-ubyte.gz"), {
      limit: 7,
      normalize: true,
    });
    expect(raw.xShape).toEqual([7, 1, 28, 28]);
    expect(norm.normalized).toBe(true);
    for (let i = 0; i < raw.x.length; i += 37) {
      expect(norm.x[i]).toBeCloseTo((raw.x[i]! - FASHION_MNIST_MEAN) / FASHION_MNIST_STD, 5);
    }
    expect(FASHION_MNIST_MEAN).toBe(fixture.fullTrainPixelMean);
    expect(FASHION_MNIST_STD).toBe(fixture.fullTrainPixelStd);
    expect(
      parseFashionMNIST(read("t10k-images-idx3-ubyte.gz"), read("t10k-labels-idx1-ubyte.gz"), { limit: 5000 })
        .xShape[0],
    ).toBe(1000);
  });

  it("reads uncompressed files as well as gzipped ones", () => {
    const images = encodeIdx({ dtype: "uint8", dims: [2, 28, 28], data: new Uint8Array(1568).fill(51) });
    const labels = encodeIdx({ dtype: "uint8", dims: [2], data: Uint8Array.from([3, 9]) });
    const a = parseFashionMNIST(images, labels);
    const b = parseFashionMNIST(new Uint8Array(gzipSync(images)), new Uint8Array(gzipSync(labels)));
    expect(Array.from(a.y)).toEqual([3, 9]);
    expect(a.x[100]).toBeCloseTo(0.2, 6);
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
  });

  it("has the ten class names of the Fashion-MNIST README", () => {
    expect(FASHION_MNIST_CLASSES).toHaveLength(10);
    expect(FASHION_MNIST_CLASSES[0]).toBe("T-shirt/top");
    expect(FASHION_MNIST_CLASSES[9]).toBe("Ankle boot");
  });
});

describe("parseFashionMNIST errors", () => {
  const images = encodeIdx({ dtype: "uint8", dims: [3, 28, 28], data: new Uint8Array(3 * 784) });
  const labels3 = encodeIdx({ dtype: "uint8", dims: [3], data: Uint8Array.from([0, 1, 2]) });

  it("rejects a label/image count mismatch", () => {
    const labels2 = encodeIdx({ dtype: "uint8", dims: [2], data: Uint8Array.from([0, 1]) });
    const msg = code(() =>
      parseFashionMNIST(images, labels2, { imagesName: "img.gz", labelsName: "lbl.gz" }),
    );
    expect(msg).toContain("COUNT_MISMATCH");
    expect(msg).toContain("img.gz has 3 images but lbl.gz has 2 labels");
  });

  it("rejects images of the wrong shape or swapped files", () => {
    const small = encodeIdx({ dtype: "uint8", dims: [1, 8, 8], data: new Uint8Array(64) });
    expect(code(() => parseFashionMNIST(small, labels3, { imagesName: "s" }))).toContain(
      "[N, 28, 28], got uint8 [1, 8, 8]",
    );
    expect(code(() => parseFashionMNIST(labels3, images))).toContain("SHAPE_MISMATCH");
  });

  it("rejects labels outside 0..9", () => {
    const bad = encodeIdx({ dtype: "uint8", dims: [3], data: Uint8Array.from([0, 12, 2]) });
    expect(code(() => parseFashionMNIST(images, bad, { labelsName: "L" }))).toContain(
      "L: label 12 at index 1 is outside 0..9",
    );
  });

  it("rejects a negative or fractional limit", () => {
    expect(code(() => parseFashionMNIST(images, labels3, { limit: -1 }))).toContain(
      "limit must be an integer >= 0, got -1",
    );
    expect(code(() => parseFashionMNIST(images, labels3, { limit: 1.5 }))).toContain("INVALID_ARGUMENT");
  });
});
