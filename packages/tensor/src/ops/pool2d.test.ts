// maxPool2d and avgPool2d as differentiable ops: values, indices and gradients through autograd against
// PyTorch (fixtures/conv-pool.json), gradcheck over odd sizes, strides and padding (second order too),
// and argument errors.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grad } from "../autograd/engine";
import { enableGrad } from "../autograd/grad-mode";
import { gradcheck } from "../autograd/gradcheck";
import { randn, zeros } from "../creation";
import { allcloseReport, type ConvPoolFixtures } from "../kernels/conv-fixture-check";
import { manualSeed } from "../random";
import { Tensor } from "../tensor";
import { mul } from "./mul";
import { avgPool2d } from "./pool-avg2d";
import { maxPool2d, maxPool2dWithIndices } from "./pool-max2d";
import { sum } from "./sum";

const fx = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "fixtures", "conv-pool.json"), "utf8"),
) as ConvPoolFixtures;
const leaf = (data: number[], shape: number[]) =>
  new Tensor(Float32Array.from(data), shape, { requiresGrad: true });

describe("maxPool2d op vs PyTorch", () => {
  for (const c of fx.maxPool2d) {
    it(c.name, () => {
      const x = leaf(c.x, c.xShape);
      const opts = { kernelSize: c.kernel, stride: c.stride, padding: c.padding };
      const { values, indices } = maxPool2dWithIndices(x, opts);
      expect(values.shape).toEqual(c.yShape);
      expect(Array.from(values.toTypedArray())).toEqual(Array.from(Float32Array.from(c.y)));
      expect(indices.dtype).toBe("int32");
      expect(Array.from(indices.toTypedArray())).toEqual(c.indices);
      values.backward(new Tensor(Float32Array.from(c.dy), c.yShape));
      expect(allcloseReport(x.grad!.toTypedArray(), c.dx)).toBeNull();
      expect(Array.from(maxPool2d(x.detach(), opts).toTypedArray())).toEqual(
        Array.from(values.toTypedArray()),
      );
    });
  }
});

describe("avgPool2d op vs PyTorch", () => {
  for (const c of fx.avgPool2d) {
    it(c.name, () => {
      const x = leaf(c.x, c.xShape);
      const y = avgPool2d(x, {
        kernelSize: c.kernel,
        stride: c.stride,
        padding: c.padding,
        countIncludePad: c.countIncludePad!,
      });
      expect(allcloseReport(y.toTypedArray(), c.y, 1e-6, 1e-5)).toBeNull();
      y.backward(new Tensor(Float32Array.from(c.dy), c.yShape));
      expect(allcloseReport(x.grad!.toTypedArray(), c.dx, 1e-6, 1e-5)).toBeNull();
    });
  }
});

describe("gradcheck", () => {
  manualSeed(11);
  const shapes: [string, number[], Parameters<typeof avgPool2d>[1]][] = [
    ["2×2", [2, 2, 4, 6], { kernelSize: 2 }],
    ["3×3 stride 2 pad 1, odd sizes", [1, 2, 7, 5], { kernelSize: 3, stride: 2, padding: 1 }],
    ["(2,3) stride (1,2) pad (1,1)", [1, 1, 5, 8], { kernelSize: [2, 3], stride: [1, 2], padding: [1, 1] }],
  ];
  for (const [name, shape, opts] of shapes) {
    it(`maxPool2d ${name}`, () => {
      // a permutation of well-separated values: finite differences never cross a tie
      const n = shape.reduce((a, b) => a * b, 1);
      const perm = randn([n])
        .toArray()
        .map((v, i) => [v, i] as const)
        .sort((a, b) => a[0] - b[0]);
      const data = new Float32Array(n);
      for (let rank = 0; rank < n; rank++) data[perm[rank]![1]] = rank * 0.1;
      const r = gradcheck((x) => maxPool2d(x, opts), [new Tensor(data, shape)]);
      expect(r.ok, r.message).toBe(true);
    });
    it(`avgPool2d ${name}`, () => {
      const r = gradcheck((x) => avgPool2d(x, opts), [randn(shape)]);
      expect(r.ok, r.message).toBe(true);
      const r2 = gradcheck((x) => avgPool2d(x, { ...opts, countIncludePad: false }), [randn(shape)]);
      expect(r2.ok, r2.message).toBe(true);
    });
  }
  it("on a non-contiguous input", () => {
    const x = randn([1, 2, 6, 4]).transpose(2, 3);
    const r = gradcheck((a) => avgPool2d(a, { kernelSize: 2, stride: 1 }), [x]);
    expect(r.ok, r.message).toBe(true);
  });
  it("second order through both pools", () => {
    // enableGrad: gradcheck evaluates fn under noGrad, but the inner gradient needs a recorded graph
    const fn = (x: Tensor) =>
      enableGrad(() => {
        const y = avgPool2d(maxPool2d(mul(x, x), { kernelSize: 2 }), { kernelSize: 2, stride: 1 });
        return grad([sum(mul(y, y))], [x], { createGraph: true, retainGraph: true })[0]!;
      });
    const data = Float32Array.from({ length: 36 }, (_, i) => 0.5 + ((i * 7) % 36) * 0.05);
    const r = gradcheck(fn, [new Tensor(data, [1, 1, 6, 6])]);
    expect(r.ok, r.message).toBe(true);
  });
});

describe("errors", () => {
  it("name the op and the shape", () => {
    expect(() => maxPool2d(zeros([2, 3]), { kernelSize: 2 })).toThrow("maxPool2d: [2,3]: input must be 4-d");
    expect(() => avgPool2d(zeros([1, 1, 2, 2]), { kernelSize: 3 })).toThrow(
      "avgPool2d: [1,1,2,2]: input padded to 2×2 is smaller than the kernel 3×3",
    );
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), {} as never)).toThrow(
      "maxPool2d: options.kernelSize is required",
    );
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), { kernelSize: 2, stride: 0 })).toThrow(
      "stride must be integers ≥ 1",
    );
  });
});
