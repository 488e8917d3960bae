import { describe, expect, it } from "vitest";
import { copyStrided, forEachRow, scatterStrided } from "./strided";

describe("forEachRow", () => {
  it("merges contiguous dims into one row", () => {
    const rows: [number[], number[], number, number][] = [];
    forEachRow([2, 3, 4], [[12, 4, 1]], [5], (offs, steps, n, o) => rows.push([[...offs], [...steps], n, o]));
    expect(rows).toEqual([[[5], [1], 24, 0]]);
  });

  it("walks a transposed view row by row with the right offsets", () => {
    // [3,2] view of a row-major [2,3] buffer: strides [1,3]
    const rows: [number, number, number, number][] = [];
    forEachRow([3, 2], [[1, 3]], [0], (offs, steps, n, o) => rows.push([offs[0]!, steps[0]!, n, o]));
    expect(rows).toEqual([
      [0, 3, 2, 0],
      [1, 3, 2, 2],
      [2, 3, 2, 4],
    ]);
  });

  it("keeps broadcast (stride 0) operands aligned with the others", () => {
    // out [2,3] = a [2,3] (contiguous) with b [3] broadcast over rows
    const seen: number[][] = [];
    forEachRow(
      [2, 3],
      [
        [3, 1],
        [0, 1],
      ],
      [0, 0],
      (offs, steps, n, o) => seen.push([offs[0]!, offs[1]!, steps[0]!, steps[1]!, n, o]),
    );
    expect(seen).toEqual([
      [0, 0, 1, 1, 3, 0],
      [3, 0, 1, 1, 3, 3],
    ]);
  });

  it("visits nothing for empty shapes and one element for 0-d", () => {
    let calls = 0;
    forEachRow([2, 0, 3], [[0, 3, 1]], [0], () => calls++);
    expect(calls).toBe(0);
    forEachRow([], [[]], [7], (offs, _s, n) => {
      calls++;
      expect([offs[0], n]).toEqual([7, 1]);
    });
    expect(calls).toBe(1);
  });
});

describe("copyStrided / scatterStrided", () => {
  it("round-trip a strided view", () => {
    const src = Float32Array.from({ length: 12 }, (_, i) => i);
    const out = new Float32Array(6);
    copyStrided(src, [3, 2], [1, 6], 0, out); // columns 0..2 of rows 0 and 1 of a [2,6] buffer, transposed
    expect([...out]).toEqual([0, 6, 1, 7, 2, 8]);
    const back = new Float32Array(12);
    scatterStrided(out, back, [3, 2], [1, 6], 0);
    expect([...back]).toEqual([0, 1, 2, 0, 0, 0, 6, 7, 8, 0, 0, 0]);
  });
});
