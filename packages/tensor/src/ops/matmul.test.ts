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

  it("x [..., M, K] @ one shared w (a Linear on 3-d input) equals per-entry products, values and gradients", () => {
    // The shared-weight case runs as one [batches·M, K] GEMM and w's gradient as one Xᵀ·dY product; check
    // both against the products of each entry computed on its own, for layouts that fold and that do not.
    manualSeed(9);
    const w = randn([5, 3]);
    const inputs = [
      randn([2, 4, 5]), // contiguous: folds
      randn([3, 1, 5]), // M = 1: rows are the batch entries
      randn([4, 2, 5]).permute([1, 0, 2]), // [2, 4, 5] with entries interleaved: rows not evenly spaced
      randn([2, 3, 6]).slice(2, 0, 5), // rows 6 apart, entries 18 apart: folds with row stride 6
    ];
    for (const x of inputs) {
      const [batches, m] = [x.shape[0]!, x.shape[1]!];
      const y = matmul(x, w);
      const gy = randn(y.shape);
      const xr = x.clone().requiresGrad_();
      const wr = w.clone().requiresGrad_();
      matmul(xr, wr).mul(gy).sum().backward();
      const dw = new Float64Array(5 * 3);
      for (let t = 0; t < batches; t++) {
        const xt = x.select(0, t);
        expectClose(y.select(0, t).toArray(), matmul(xt, w).toArray(), 1e-5);
        // dw += x_tᵀ · dy_t, summed in float64 here
        const xa = xt.contiguous().toArray();
        const ga = gy.select(0, t).contiguous().toArray();
        for (let i = 0; i < m; i++)
          for (let k = 0; k < 5; k++)
            for (let n = 0; n < 3; n++) dw[k * 3 + n]! += xa[i * 5 + k]! * ga[i * 3 + n]!;
      }
      expectClose(wr.grad!.toArray(), Array.from(dw), 1e-4);
      expectClose(xr.grad!.toArray(), matmul(gy, w.transpose(0, 1)).toArray(), 1e-5);
    }
    // A weight with leading 1-dims is shared too; its gradient keeps its shape.
    const w4 = randn([1, 1, 5, 3]);
    const x4 = randn([2, 3, 4, 5]);
    expectGradcheck((a_, b_) => matmul(a_, b_), [x4, w4]);
    expectGradcheck((a_, b_) => matmul(a_, b_), [randn([3, 4, 5]).permute([1, 0, 2]), randn([5, 2])]);
  });
});
