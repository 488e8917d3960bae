import { describe, expect, it } from "vitest";
import { batchCount, batches, checkLabelledSet, selectRows, trainTestSplit } from "./batches";
import type { DatasetError } from "./errors";
import type { LabelledSet } from "./types";

// Sample i has features [i, 10 i, 100 i] and label i % 3, so every row can be traced back.
function traceable(n: number): LabelledSet {
  const x = new Float32Array(n * 3);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x.set([i, 10 * i, 100 * i], 3 * i);
    y[i] = i % 3;
  }
  return { x, xShape: [n, 3], y, numClasses: 3 };
}

describe("batches", () => {
  it("visits every sample exactly once with rows and labels kept together", () => {
    const set = traceable(103);
    const seen: number[] = [];
    const all = [...batches(set, { batchSize: 10, seed: 1 })];
    expect(all).toHaveLength(11);
    expect(batchCount(103, 10)).toBe(11);
    for (const b of all) {
      const size = b.y.length;
      expect(b.xShape).toEqual([size, 3]);
      for (let r = 0; r < size; r++) {
        const i = b.indices[r]!;
        expect(Array.from(b.x.subarray(3 * r, 3 * r + 3))).toEqual([i, 10 * i, 100 * i]);
        expect(b.y[r]).toBe(i % 3);
        seen.push(i);
      }
    }
    expect(all.at(-1)!.y.length).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
  });

  it("is reproducible per seed, different across seeds, and in order without shuffle", () => {
    const set = traceable(50);
    const order = (seed: number) =>
      [...batches(set, { batchSize: 7, seed })].flatMap((b) => Array.from(b.indices));
    expect(order(3)).toEqual(order(3));
    expect(order(3)).not.toEqual(order(4));
    const plain = [...batches(set, { batchSize: 7, shuffle: false })].flatMap((b) => Array.from(b.indices));
    expect(plain).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("dropLast drops the short final batch", () => {
    const all = [...batches(traceable(25), { batchSize: 10, dropLast: true })];
    expect(all.map((b) => b.y.length)).toEqual([10, 10]);
    expect(batchCount(25, 10, true)).toBe(2);
  });

  it("works for multi-dimensional samples", () => {
    const n = 4;
    const x = Float32Array.from({ length: n * 2 * 2 }, (_, k) => k);
    const set: LabelledSet = { x, xShape: [n, 1, 2, 2], y: Int32Array.from([0, 1, 0, 1]), numClasses: 2 };
    const [b] = [...batches(set, { batchSize: 4, shuffle: false })];
    expect(b!.xShape).toEqual([4, 1, 2, 2]);
    expect(Array.from(b!.x)).toEqual(Array.from(x));
  });

  it("rejects a bad batch size and inconsistent sets", () => {
    const set = traceable(5);
    expect(() => [...batches(set, { batchSize: 0 })]).toThrow(/batchSize must be an integer >= 1, got 0/);
    const short: LabelledSet = { ...set, x: set.x.subarray(0, 14) };
    expect(() => checkLabelledSet(short, "fit")).toThrow(/fit: xShape \[5, 3\] holds 15 values but x has 14/);
    const badY: LabelledSet = { ...set, y: Int32Array.from([0, 1, 2, 3, 0]) };
    expect(() => [...batches(badY, { batchSize: 2 })]).toThrow(/label 3 at index 3 is outside 0..2/);
    const fewer: LabelledSet = { ...set, y: set.y.subarray(0, 4) };
    try {
      checkLabelledSet(fewer);
      expect.unreachable();
    } catch (err) {
      expect((err as DatasetError).code).toBe("COUNT_MISMATCH");
    }
  });
});

describe("selectRows and trainTestSplit", () => {
  it("selectRows copies the chosen rows in order and rejects out-of-range indices", () => {
    const rows = selectRows(traceable(10), [9, 0, 9]);
    expect(rows.xShape).toEqual([3, 3]);
    expect(Array.from(rows.x)).toEqual([9, 90, 900, 0, 0, 0, 9, 90, 900]);
    expect(Array.from(rows.y)).toEqual([0, 0, 0]);
    expect(() => selectRows(traceable(10), [10])).toThrow(/index 10 at position 0 is outside 0..9/);
  });

  it("trainTestSplit partitions the samples", () => {
    const { train, test } = trainTestSplit(traceable(100), { testFraction: 0.2, seed: 9 });
    expect(train.xShape).toEqual([80, 3]);
    expect(test.xShape).toEqual([20, 3]);
    const ids = [...train.x.filter((_, k) => k % 3 === 0), ...test.x.filter((_, k) => k % 3 === 0)];
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(() => trainTestSplit(traceable(10), { testFraction: 1 })).toThrow(
      /testFraction must be in \(0, 1\), got 1/,
    );
  });
});
