import {
  add,
  gradcheck,
  manualSeed,
  mul,
  randn,
  ShapeError,
  softmax,
  Tensor,
  tensor,
} from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { causalSoftmax } from "./causal-softmax";
import { applyRotary, rotaryTables } from "./rotary";

/** The unfused reference: softmax(scale·x + mask), mask −∞ above the (shifted) diagonal. */
function reference(x: Tensor, scale: number): Tensor {
  const [t, s] = x.shape.slice(-2) as [number, number];
  const mask = new Float32Array(t * s);
  for (let i = 0; i < t; i++) for (let j = 0; j < s; j++) mask[i * s + j] = j <= i + s - t ? 0 : -Infinity;
  return softmax(add(mul(x, scale), new Tensor(mask, [t, s])), -1);
}

describe("causalSoftmax", () => {
  it("equals the masked softmax, square and with more keys than queries", () => {
    manualSeed(1);
    for (const shape of [
      [2, 3, 5, 5],
      [4, 3, 7],
    ]) {
      const x = randn(shape);
      const got = causalSoftmax(x, 0.37).toArray();
      const want = reference(x, 0.37).toArray();
      got.forEach((v, i) => {
        expect(v).toBeCloseTo(want[i]!, 6);
      });
    }
  });
  it("gradchecks (scale folded in, strided input)", () => {
    manualSeed(2);
    for (const x of [randn([2, 4, 4]), randn([4, 4, 2]).transpose(0, 2)]) {
      const r = gradcheck((z) => causalSoftmax(z, 0.5), [x], { atol: 1e-3 });
      expect(r.ok, r.message).toBe(true);
    }
  });
  it("rejects fewer keys than queries and 1-d input", () => {
    expect(() => causalSoftmax(randn([3, 2]))).toThrow(/keys S=2 must be at least queries T=3/);
    expect(() => causalSoftmax(randn([3]))).toThrow(ShapeError);
  });
});

describe("rotary", () => {
  it("rotates each (i, i + d/2) pair by position · base^(−2i/d)", () => {
    // one head, d = 4, position 1: pairs (x0, x2) by θ0 = 1 rad and (x1, x3) by θ1 = 10000^(−1/2) rad
    const x = tensor([
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ]);
    const y = applyRotary(x, rotaryTables(2, 4)).toArray();
    expect(y.slice(0, 4)).toEqual([1, 2, 3, 4].map((v) => expect.closeTo(v, 6)));
    const a0 = 1;
    const a1 = 10000 ** -0.5;
    const want = [
      1 * Math.cos(a0) - 3 * Math.sin(a0),
      2 * Math.cos(a1) - 4 * Math.sin(a1),
      3 * Math.cos(a0) + 1 * Math.sin(a0),
      4 * Math.cos(a1) + 2 * Math.sin(a1),
    ];
    y.slice(4).forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 6);
    });
  });
  it("keeps norms and makes q·k depend only on the position difference", () => {
    manualSeed(3);
    const q = randn([1, 8]);
    const k = randn([1, 8]);
    const at = (v: Tensor, p: number) => applyRotary(v, rotaryTables(1, 8, p)).toArray();
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    expect(dot(at(q, 5), at(k, 2))).toBeCloseTo(dot(at(q, 13), at(k, 10)), 4);
    expect(dot(at(q, 7), at(q, 7))).toBeCloseTo(dot(q.toArray(), q.toArray()), 4);
  });
});
