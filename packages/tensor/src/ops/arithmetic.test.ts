import { describe, expect, it } from "vitest";
import { add, DTypeError, div, manualSeed, mul, randn, ShapeError, sub, tensor } from "../index";
import { expectGradcheck } from "../test-util";

describe("add / sub / mul / div forward", () => {
  const a = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const row = tensor([10, 20, 30]);
  const col = tensor([[100], [200]]);

  it("broadcast a row and a column (hand-computed)", () => {
    expect(add(a, row).toNested()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(sub(a, col).toNested()).toEqual([
      [-99, -98, -97],
      [-196, -195, -194],
    ]);
    expect(mul(row, col).toNested()).toEqual([
      [1000, 2000, 3000],
      [2000, 4000, 6000],
    ]);
    expect(div(a, 2).toNested()).toEqual([
      [0.5, 1, 1.5],
      [2, 2.5, 3],
    ]);
    expect(div(1, tensor([0, -0])).toArray()).toEqual([Infinity, -Infinity]);
  });

  it("accept numbers on either side and 0-d tensors", () => {
    expect(sub(10, row).toArray()).toEqual([0, -10, -20]);
    expect(mul(tensor(3), row).toArray()).toEqual([30, 60, 90]);
    expect(add(a, tensor(1)).shape).toEqual([2, 3]);
  });

  it("work on non-contiguous views", () => {
    const t = a.transpose(0, 1); // [[1,4],[2,5],[3,6]]
    expect(add(t, tensor([1, 2])).toNested()).toEqual([
      [2, 6],
      [3, 7],
      [4, 8],
    ]);
  });

  it("throw ShapeError naming the op and both shapes", () => {
    expect(() => add(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => mul(a, tensor([[1, 2]]))).toThrow(/^mul: \[2,3\] and \[1,2\]: cannot broadcast/);
  });

  it("refuse int32 operands with a DTypeError", () => {
    expect(() => add(tensor([1, 2], { dtype: "int32" }), 1)).toThrow(DTypeError);
    expect(() => add(tensor([1, 2], { dtype: "int32" }), 1)).toThrow(/call \.float\(\) first/);
  });
});

describe("add / sub / mul / div gradients", () => {
  const shapes: [number[], number[]][] = [
    [[3], [3]],
    [[2, 3], [3]],
    [
      [2, 1, 4],
      [3, 1],
    ],
    [[1], [2, 3]],
    [[], [2, 2]],
  ];
  for (const [name, fn] of [
    ["add", add],
    ["sub", sub],
    ["mul", mul],
    ["div", div],
  ] as const) {
    it(`${name} gradchecks with broadcasting`, () => {
      manualSeed(7);
      for (const [sa, sb] of shapes) {
        const b = name === "div" ? randn(sb).abs().add(0.5) : randn(sb);
        expectGradcheck((x, y) => fn(x, y), [randn(sa), b]);
      }
    });
    it(`${name} gradchecks on transposed and sliced views`, () => {
      manualSeed(8);
      const x = randn([4, 3]).transpose(0, 1); // [3,4], strided
      const y = randn([3, 8]).slice(1, 0, 8, 2); // [3,4], step-2 slice
      const yy = name === "div" ? y.abs().add(0.5).detach() : y;
      expectGradcheck((p, q) => fn(p, q), [x, yy]);
    });
  }
});
