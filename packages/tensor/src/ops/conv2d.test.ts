// conv2d and convTranspose2d as differentiable ops: values and gradients through autograd against
// PyTorch (fixtures/conv-pool.json), gradcheck over odd sizes, strides, padding, dilation, groups and
// non-contiguous views, second-order gradients, and argument errors.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grad } from "../autograd/engine";
import { enableGrad } from "../autograd/grad-mode";
import { gradcheck } from "../autograd/gradcheck";
import { randn, zeros } from "../creation";
import { DTypeError, ShapeError } from "../errors";
import { allcloseReport, type ConvCase, type ConvPoolFixtures } from "../kernels/conv-fixture-check";
import { manualSeed } from "../random";
import { Tensor } from "../tensor";
import { convTranspose2d } from "./conv-transpose2d";
import { conv2d } from "./conv2d";
import { mul } from "./mul";
import { sum } from "./sum";

const fx = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "fixtures", "conv-pool.json"), "utf8"),
) as ConvPoolFixtures;
const leaf = (data: number[], shape: number[]) =>
  new Tensor(Float32Array.from(data), shape, { requiresGrad: true });

function checkAgainstTorch(c: ConvCase, transposed: boolean): void {
  const x = leaf(c.x, c.xShape);
  const w = leaf(c.w, c.wShape);
  const b = c.b ? leaf(c.b, [c.b.length]) : null;
  const opts = { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
  const y = transposed
    ? convTranspose2d(x, w, b, { ...opts, outputPadding: c.outputPadding! })
    : conv2d(x, w, b, opts);
  expect(y.shape).toEqual(c.yShape);
  expect(allcloseReport(y.toTypedArray(), c.y)).toBeNull();
  y.backward(new Tensor(Float32Array.from(c.dy), c.yShape));
  expect(allcloseReport(x.grad!.toTypedArray(), c.dx)).toBeNull();
  expect(allcloseReport(w.grad!.toTypedArray(), c.dw)).toBeNull();
  if (b) expect(allcloseReport(b.grad!.toTypedArray(), c.db!)).toBeNull();
}

describe("conv2d op vs PyTorch (forward + autograd)", () => {
  for (const c of fx.conv2d) it(c.name, () => checkAgainstTorch(c, false));
});

describe("convTranspose2d op vs PyTorch (forward + autograd)", () => {
  for (const c of fx.convTranspose2d) it(c.name, () => checkAgainstTorch(c, true));
});

describe("gradcheck", () => {
  manualSeed(7);
  const cases: [string, number[], number[], Parameters<typeof conv2d>[3]][] = [
    ["odd sizes", [2, 3, 5, 7], [2, 3, 3, 2], {}],
    ["stride 2, padding 1", [1, 2, 7, 6], [3, 2, 3, 3], { stride: 2, padding: 1 }],
    ["dilation 2, padding (2,1)", [1, 2, 7, 7], [2, 2, 3, 2], { dilation: 2, padding: [2, 1] }],
    ["groups 2, stride (1,2)", [1, 4, 5, 6], [4, 2, 2, 3], { groups: 2, stride: [1, 2] }],
    ["depthwise", [1, 3, 4, 4], [3, 1, 3, 3], { groups: 3, padding: 1 }],
  ];
  for (const [name, xs, ws, opts] of cases) {
    it(`conv2d ${name}`, () => {
      const x = randn(xs);
      const w = randn(ws);
      const b = randn([ws[0]!]);
      // conv2d is linear in each input, so central differences are exact for any step: a larger eps only
      // shrinks the float32 rounding noise of the forward (the wasm GEMM accumulates in f32).
      const r = gradcheck((a, k, c) => conv2d(a, k, c, opts), [x, w, b], { eps: 1e-2 });
      expect(r.ok, r.message).toBe(true);
    });
  }
  it("conv2d on a non-contiguous (transposed) input", () => {
    const x = randn([1, 2, 6, 5]).transpose(2, 3); // [1, 2, 5, 6], strides not row-major
    expect(x.isContiguous).toBe(false);
    const r = gradcheck((a, k) => conv2d(a, k, null, { padding: 1 }), [x, randn([2, 2, 3, 3])]);
    expect(r.ok, r.message).toBe(true);
  });
  it("convTranspose2d stride 2, padding 1, outputPadding 1, groups 2", () => {
    const r = gradcheck(
      (a, k, c) => convTranspose2d(a, k, c, { stride: 2, padding: 1, outputPadding: 1, groups: 2 }),
      [randn([1, 4, 3, 3]), randn([4, 1, 3, 3]), randn([2])],
    );
    expect(r.ok, r.message).toBe(true);
  });
  it("convTranspose2d dilation 2, odd sizes", () => {
    const r = gradcheck(
      (a, k) => convTranspose2d(a, k, null, { dilation: 2 }),
      [randn([2, 2, 3, 5]), randn([2, 3, 2, 3])],
    );
    expect(r.ok, r.message).toBe(true);
  });
  it("second order: the input-gradient of conv2d is itself differentiable in x and w", () => {
    // enableGrad: gradcheck evaluates fn under noGrad, but the inner gradient needs a recorded graph
    const fn = (x: Tensor, w: Tensor) =>
      enableGrad(() => {
        const y = conv2d(x, w, null, { stride: 2, padding: 1 });
        return grad([sum(mul(y, y))], [x], { createGraph: true, retainGraph: true })[0]!;
      });
    const r = gradcheck(fn, [randn([1, 2, 5, 5]), randn([2, 2, 3, 3])]);
    expect(r.ok, r.message).toBe(true);
  });
  it("second order: the weight-gradient of conv2d is itself differentiable in x and w", () => {
    const fn = (x: Tensor, w: Tensor) =>
      enableGrad(() => {
        const y = conv2d(x, w, null, { groups: 2 });
        return grad([sum(mul(y, y))], [w], { createGraph: true, retainGraph: true })[0]!;
      });
    const r = gradcheck(fn, [randn([1, 2, 4, 4]), randn([2, 1, 2, 2])]);
    expect(r.ok, r.message).toBe(true);
  });
});

describe("errors", () => {
  it("shape errors name the op and both shapes", () => {
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([4, 2, 3, 3]))).toThrow(
      "conv2d: [1,3,5,5] and [4,2,3,3]: weight expects 2 channels per group × 1 groups = 2, input has 3",
    );
    expect(() => conv2d(zeros([3, 5, 5]), zeros([4, 3, 3, 3]))).toThrow(ShapeError);
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3]), zeros([3]))).toThrow(
      "conv2d: [4,3,3,3] and [3]: bias must be [4] (one per output channel)",
    );
    expect(() => convTranspose2d(zeros([1, 3, 5, 5]), zeros([2, 3, 3, 3]))).toThrow(
      "convTranspose2d: [1,3,5,5] and [2,3,3,3]: weight has 2 input channels, input has 3",
    );
  });
  it("rejects int tensors and non-tensors", () => {
    const xi = new Tensor(new Int32Array(25), [1, 1, 5, 5]);
    expect(() => conv2d(xi, zeros([1, 1, 3, 3]))).toThrow(DTypeError);
    expect(() => conv2d([1, 2] as unknown as Tensor, zeros([1, 1, 3, 3]))).toThrow(
      "conv2d: input must be a Tensor",
    );
  });
});
