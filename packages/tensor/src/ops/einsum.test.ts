// einsum: hand-computed results, agreement with matmul, gradchecks through diagonals, broadcasting and
// contractions (strided operands), and every equation error. PyTorch values and gradients for 19
// equations are in torch-fixtures-extra.test.ts.
import { describe, expect, it } from "vitest";
import { EinsumError, einsum, manualSeed, matmul, randn, ShapeError, tensor } from "../index";
import { expectClose, expectGradcheck } from "../test-util";

describe("einsum", () => {
  const m = tensor([
    [1, 2],
    [3, 4],
  ]);
  it("computes traces, diagonals, transposes and products (hand-computed)", () => {
    expect(einsum("ii", m).item()).toBe(5);
    expect(einsum("ii->i", m).toArray()).toEqual([1, 4]);
    expect(einsum("ij->ji", m).toNested()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(einsum("ij,j->i", m, tensor([1, -1])).toArray()).toEqual([-1, -1]);
    expect(einsum("i,i", [tensor([1, 2]), tensor([3, 4])]).item()).toBe(11);
  });
  it("equals matmul for batched products", () => {
    manualSeed(11);
    const a = randn([2, 3, 4]);
    const b = randn([2, 4, 5]);
    expectClose(einsum("bij,bjk->bik", a, b).toArray(), matmul(a, b).toArray(), 1e-5, 1e-5);
  });
  it("gradchecks diagonals, ellipsis broadcasting and three-operand chains (strided operands)", () => {
    manualSeed(12);
    expectGradcheck((x) => einsum("iji->ij", x), [randn([3, 2, 3])]);
    expectGradcheck(
      (a, b) => einsum("...ij,...jk->...ik", a, b),
      [randn([2, 1, 4, 3]).transpose(2, 3), randn([3, 4, 2])],
    );
    expectGradcheck(
      (a, b, c) => einsum("ab,bc,ca->", a, b, c),
      [randn([2, 3]), randn([4, 3]).transpose(0, 1), randn([4, 2])],
    );
    expectGradcheck((a, b) => einsum("ij,ij->ij", a, b), [randn([2, 3]), randn([1, 3])]);
  });
  it("throws EinsumError for unreadable equations", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(EinsumError);
        return (e as EinsumError).code;
      }
      throw new Error("did not throw");
    };
    expect(code(() => einsum("ij->i->j", m))).toBe("SYNTAX");
    expect(code(() => einsum("i1", m))).toBe("SYNTAX");
    expect(code(() => einsum("i..j", m))).toBe("SYNTAX");
    expect(code(() => einsum("...i...", m))).toBe("SYNTAX");
    expect(code(() => einsum("ij,jk", m))).toBe("OPERAND_COUNT");
    expect(code(() => einsum("ij->ii", m))).toBe("OUTPUT");
    expect(code(() => einsum("ij->k", m))).toBe("OUTPUT");
    expect(() => einsum("x".repeat(300), m)).toThrow(/…"; labels|rank|dim/);
  });
  it("throws ShapeError for operands that do not fit, and TypeError for bad arguments", () => {
    expect(() => einsum("ijk", m)).toThrow(ShapeError);
    expect(() => einsum("ij,jk", m, randn([3, 2]))).toThrow(/label j has sizes 2 and 3/);
    expect(() => einsum("ii", randn([2, 3]))).toThrow(/label i has sizes 2 and 3/);
    expect(() => einsum("ii", randn([1, 3]))).toThrow(/repeats in operand 0/);
    expect(() => einsum("i")).toThrow(TypeError);
    expect(() => einsum("i", tensor([1], { dtype: "int32" }))).toThrow(/float32/);
  });
});
