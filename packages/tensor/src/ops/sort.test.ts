// sort / argsort / topk: hand-computed orders, stability and NaN placement (documented against PyTorch),
// gradchecks of the values, errors. PyTorch values, indices and gradients are in
// torch-fixtures-extra.test.ts.
import { describe, expect, it } from "vitest";
import { argsort, DTypeError, manualSeed, randn, scalar, sort, tensor, topk } from "../index";
import { argsortByComparator } from "../kernels/sort";
import { expectGradcheck } from "../test-util";

describe("sort / argsort / topk", () => {
  it("sorts with int32 indices (hand-computed)", () => {
    const r = sort(tensor([3, 1, 2]));
    expect(r.values.toArray()).toEqual([1, 2, 3]);
    expect(r.indices.dtype).toBe("int32");
    expect(r.indices.toArray()).toEqual([1, 2, 0]);
    expect(
      argsort(
        tensor([
          [3, 1],
          [0, 5],
        ]),
        0,
        true,
      ).toNested(),
    ).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
  it("is stable in both directions; topk takes the earlier of equal values (PyTorch's topk need not)", () => {
    const x = tensor([1, 0, 1, 0, 2]);
    // torch.sort(x, stable=True) / torch.argsort(x, stable=True, descending=True)
    expect(argsort(x).toArray()).toEqual([1, 3, 0, 2, 4]);
    expect(argsort(x, -1, true).toArray()).toEqual([4, 0, 2, 1, 3]);
    // torch 1.13 topk([1, 3, 3, 2, 3], 2) gives indices [2, 4]; ours are the first two 3s
    expect(topk(tensor([1, 3, 3, 2, 3]), 2).indices.toArray()).toEqual([1, 2]);
  });
  it("puts NaN above every number, as PyTorch", () => {
    const x = tensor([1, Number.NaN, 0, Number.NEGATIVE_INFINITY]);
    expect(argsort(x).toArray()).toEqual([3, 2, 0, 1]);
    expect(sort(x, 0, true).indices.toArray()).toEqual([1, 0, 2, 3]);
    expect(topk(x, 1).values.toArray()).toEqual([Number.NaN]);
  });
  it("handles 0-d, empty and k = 0", () => {
    const s = sort(scalar(4));
    expect(s.values.shape).toEqual([]);
    expect(s.indices.item()).toBe(0);
    expect(topk(randn([2, 3]), 0).values.shape).toEqual([2, 0]);
    expect(sort(randn([0, 3]), 1).indices.shape).toEqual([0, 3]);
  });
  it("topk's heap path (k ≤ n/8) and the long-line comparator path agree with the full sort", () => {
    manualSeed(14);
    // many ties, NaNs and signed zeros in 3 lines of 200
    const vals = randn([3, 200])
      .toArray()
      .map((v) => Math.round(v * 2));
    vals[5] = Number.NaN;
    vals[250] = -0;
    vals[470] = Number.NaN;
    const x = tensor(vals, [3, 200]);
    for (const largest of [true, false]) {
      const full = argsort(x, 1, largest).slice(1, 0, 10);
      expect(topk(x, 10, 1, largest).indices.toArray()).toEqual(full.toArray());
      const out = new Int32Array(3 * 200);
      argsortByComparator(x.toTypedArray() as Float32Array, 0, 3, 200, 1, largest, 200, out);
      expect([...out]).toEqual(argsort(x, 1, largest).toArray());
    }
  });
  it("gradchecks the values (strided input, middle dim)", () => {
    manualSeed(9);
    expectGradcheck((t) => sort(t, 1, true).values, [randn([3, 5, 2])]);
    expectGradcheck(
      (t) => topk(t, 2, 0).values,
      [randn([4, 3]).transpose(0, 1).contiguous().transpose(0, 1)],
    );
    expectGradcheck((t) => topk(t, 3, -1, false).values, [randn([5, 4]).transpose(0, 1)]);
  });
  it("rejects bad k, dims and int32 input", () => {
    const x = randn([2, 3]);
    expect(() => topk(x, 4)).toThrow(/k must be an integer in \[0, 3\]/);
    expect(() => topk(x, 1.5)).toThrow(RangeError);
    expect(() => sort(x, 2)).toThrow(RangeError);
    expect(() => argsort(tensor([1, 2], { dtype: "int32" }))).toThrow(DTypeError);
  });
});
