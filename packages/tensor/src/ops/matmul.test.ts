import { describe, expect, it } from "vitest";
import { expand, manualSeed, matmul, randn, ShapeError, tensor } from "../index";
import { expectClose, expectGradcheck } from "../test-util";

/** Reference product on plain arrays, for random-shape checks. */
function naive(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}

describe("matmul", () => {
  const a = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const b = tensor([
    [7, 8],
    [9, 10],
    [11, 12],
  ]);

  it("2-d (hand-computed)", () => {
    expect(matmul(a, b).toNested()).toEqual([
      [58, 64],
      [139, 154],
    ]);
  });

  it("vector cases follow NumPy", () => {
    expect(matmul(tensor([1, 2, 3]), tensor([4, 5, 6])).shape).toEqual([]);
    expect(matmul(tensor([1, 2, 3]), tensor([4, 5, 6])).item()).toBe(32);
    expect(matmul(tensor([1, 1]), a).toArray()).toEqual([5, 7, 9]);
    expect(matmul(a, tensor([1, 0, 1])).toArray()).toEqual([4, 10]);
    expect(matmul(randn([4, 2, 3]), tensor([1, 0, 1])).shape).toEqual([4, 2]);
  });

  it("batched with broadcast batch dims", () => {
    manualSeed(2);
    const x = randn([2, 1, 3, 4]);
    const y = randn([5, 4, 2]);
    const z = matmul(x, y);
    expect(z.shape).toEqual([2, 5, 3, 2]);
    const xs = x.toNested() as number[][][][];
    const ys = y.toNested() as number[][][];
    const zs = z.toNested() as number[][][][];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 5; j++) expectClose(zs[i]![j]!.flat(), naive(xs[i]![0]!, ys[j]!).flat(), 1e-5);
  });

  it("large blocked product matches the naive product", () => {
    manualSeed(4);
    const x = randn([70, 150]);
    const y = randn([150, 530]);
    expectClose(
      matmul(x, y).toArray(),
      naive(x.toNested() as number[][], y.toNested() as number[][]).flat(),
      1e-4,
      1e-4,
    );
  });

  it("reads every operand layout correctly: row-major, transposed, strided slices, expanded", () => {
    manualSeed(6);
    const rowA = randn([5, 7]);
    const rowB = randn([7, 3]);
    const want = naive(rowA.toNested() as number[][], rowB.toNested() as number[][]).flat();
    const layoutsA = [rowA, rowA.transpose(0, 1).contiguous().transpose(0, 1)];
    const wideA = randn([5, 14]);
    const slicedA = wideA.slice(1, 0, 14, 2);
    const layoutsB = [
      rowB,
      rowB.transpose(0, 1).contiguous().transpose(0, 1),
      randn([7, 6]).slice(1, 0, 6, 2),
    ];
    for (const a of layoutsA) {
      expectClose(matmul(a, rowB).toArray(), want, 1e-5, 1e-5);
      expectClose(matmul(a, layoutsB[1]!).toArray(), want, 1e-5, 1e-5);
    }
    const wantSliced = naive(slicedA.toNested() as number[][], layoutsB[2]!.toNested() as number[][]).flat();
    expectClose(matmul(slicedA, layoutsB[2]!).toArray(), wantSliced, 1e-5, 1e-5);
    const wantT = naive(slicedA.toNested() as number[][], rowB.toNested() as number[][]).flat();
    expectClose(matmul(slicedA, layoutsB[1]!).toArray(), wantT, 1e-5, 1e-5);
    // A batch of expanded (stride-0) matrices against a batch of transposed ones.
    const e = expand(rowA, [2, 5, 7]);
    const bt = randn([2, 3, 7]).transpose(1, 2);
    const z = matmul(e, bt).toNested() as number[][][];
    const bs = bt.toNested() as number[][][];
    for (let i = 0; i < 2; i++)
      expectClose(z[i]!.flat(), naive(rowA.toNested() as number[][], bs[i]!).flat(), 1e-5, 1e-5);
  });

  it("gradchecks with transposed and expanded operands (the zero-copy paths)", () => {
    manualSeed(9);
    expectGradcheck((x, w) => matmul(x, w.transpose(0, 1)), [randn([3, 4]), randn([2, 4])]);
    expectGradcheck((x, w) => matmul(x.transpose(0, 1), w.transpose(0, 1)), [randn([4, 3]), randn([2, 4])]);
    expectGradcheck((x, w) => matmul(x, w.mT), [randn([2, 3, 4]), randn([5, 4])]);
  });

  it("propagates NaN from 0 · Infinity like BLAS", () => {
    const r = matmul(tensor([[0, 1]]), tensor([[Infinity], [2]]));
    expect(r.item()).toBeNaN();
    expect(matmul(tensor([[0, 1]]), tensor([[Infinity, 2]]).transpose(0, 1)).item()).toBeNaN();
  });

  it("works on transposed views", () => {
    expect(matmul(b.transpose(0, 1), a.transpose(0, 1)).toNested()).toEqual([
      [58, 139],
      [64, 154],
    ]);
  });

  it("names both shapes when inner dimensions differ", () => {
    expect(() => matmul(randn([2, 3]), randn([4, 5]))).toThrow(
      "matmul: [2,3] @ [4,5]: inner dimensions 3 and 4 differ",
    );
    expect(() => matmul(randn([2, 3]), randn([4, 5]))).toThrow(ShapeError);
    expect(() => matmul(tensor(1), randn([2]))).toThrow(/at least 1 dimension/);
    expect(() => matmul(randn([2, 2, 3]), randn([3, 3, 2]))).toThrow(/cannot broadcast/);
  });

  it("gradchecks: 2-d, vectors, batched with broadcasting, views", () => {
    manualSeed(5);
    const cases: [number[], number[]][] = [
      [
        [3, 4],
        [4, 2],
      ],
      [[4], [4, 3]],
      [[3, 4], [4]],
      [[4], [4]],
      [
        [2, 3, 4],
        [4, 5],
      ],
      [
        [2, 1, 3, 4],
        [3, 4, 2],
      ],
    ];
    for (const [sa, sb] of cases) expectGradcheck((x, y) => matmul(x, y), [randn(sa), randn(sb)]);
    expectGradcheck((x, y) => matmul(x, y), [randn([4, 3]).transpose(0, 1), randn([2, 4]).transpose(0, 1)]);
  });
});
