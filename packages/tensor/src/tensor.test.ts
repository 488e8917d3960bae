import { describe, expect, it } from "vitest";
import { arange, noGrad, ShapeError, Tensor, tensor } from "./index";

describe("Tensor", () => {
  it("exposes shape, strides, size and contiguity", () => {
    const t = arange(6).reshape([2, 3]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.strides).toEqual([3, 1]);
    expect(t.size).toBe(6);
    expect(t.ndim).toBe(2);
    expect(t.isContiguous).toBe(true);
    expect(t.transpose(0, 1).isContiguous).toBe(false);
  });

  it("validates direct construction", () => {
    expect(() => new Tensor(new Float32Array(3), [2, 2])).toThrow(ShapeError);
    expect(() => new Tensor(new Float32Array(3), [2, 2])).toThrow(
      /view reaches element 3 \(offset 0\) but data has only 3 elements/,
    );
    expect(() => new Tensor([1, 2] as never, [2])).toThrow(/Float32Array or Int32Array/);
    expect(() => new Tensor(new Float32Array(4), [2, 2], { strides: [1] })).toThrow(/different lengths/);
    const v = new Tensor(new Float32Array([0, 1, 2, 3, 4, 5]), [2, 2], { strides: [1, 2], offset: 1 });
    expect(v.toNested()).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });

  it("reads values: item, toArray, toNested, toTypedArray copies", () => {
    const t = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(t.select(0, 1).select(0, 0).item()).toBe(3);
    expect(() => t.item()).toThrow("item: tensor of shape [2,2] has 4 elements, expected 1");
    const arr = t.toTypedArray();
    arr[0] = 100;
    expect(t.toArray()).toEqual([1, 2, 3, 4]);
    expect(String(t)).toBe("Tensor([2,2], float32) [[1,2],[3,4]]");
    const w = tensor([1], { requiresGrad: true });
    w.name = "w";
    expect(String(w)).toBe("Tensor([1], float32, name=w, requiresGrad) [1]");
    expect(String(w.mul(2))).toBe("Tensor([1], float32, gradFn=mul) [2]");
    expect(String(tensor(new Float32Array(100)))).toBe("Tensor([100], float32)");
  });

  it("casts between float32 and int32 with range checks", () => {
    const f = tensor([1.7, -1.7, 3]);
    expect(f.int().toArray()).toEqual([1, -1, 3]);
    expect(f.int().dtype).toBe("int32");
    expect(f.int().float().dtype).toBe("float32");
    expect(() => tensor([NaN]).int()).toThrow(/value NaN at flat index 0 does not fit in int32/);
    expect(() => tensor([3e9]).int()).toThrow(RangeError);
  });

  it("copy_/fill_/zero_ write in place through views, with broadcasting", () => {
    const t = arange(6).reshape([2, 3]);
    t.transpose(0, 1)
      .select(0, 0)
      .copy_(tensor([10, 20]));
    expect(t.toArray()).toEqual([10, 1, 2, 20, 4, 5]);
    t.slice(1, 1).fill_(7);
    expect(t.toArray()).toEqual([10, 7, 7, 20, 7, 7]);
    t.copy_(tensor([1, 2, 3]));
    expect(t.toArray()).toEqual([1, 2, 3, 1, 2, 3]);
    // overlapping source and destination: reads a snapshot
    t.copy_(t.transpose(0, 1).reshape([2, 3]));
    expect(t.toArray()).toEqual([1, 1, 2, 2, 3, 3]);
    expect(t.zero_().toArray()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => t.copy_(tensor([1, 2]))).toThrow(ShapeError);
  });

  it("clone stays in the graph, detach leaves it", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const c = x.clone();
    expect(c.gradFn).toBe("clone");
    c.mul(c).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 4]);
    expect(noGrad(() => x.clone()).requiresGrad).toBe(false);
  });

  it("can be subclassed (e.g. an nn Parameter: a leaf that requires grad)", () => {
    class Parameter extends Tensor {
      constructor(t: Tensor) {
        super(t.contiguous().data, t.shape, { offset: t.contiguous().offset, requiresGrad: true });
      }
    }
    const p = new Parameter(tensor([[1, 2]]));
    expect(p).toBeInstanceOf(Tensor);
    expect(p.requiresGrad).toBe(true);
    expect(p.isLeaf).toBe(true);
    p.matmul(tensor([[3], [4]]))
      .sum()
      .backward();
    expect(p.grad!.toNested()).toEqual([[3, 4]]);
  });
});
