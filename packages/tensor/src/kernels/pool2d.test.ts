// maxPool2d and avgPool2d kernels against PyTorch (fixtures/conv-pool.json, written by
// scripts/gen-conv-fixtures.py): forward values, argmax indices, input gradients, geometry errors.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allcloseReport, type ConvPoolFixtures } from "./conv-fixture-check";
import { avgPool2dBackward, avgPool2dForward } from "./pool-avg2d";
import { pool2dGeometry } from "./pool-geometry";
import { maxPool2dBackward, maxPool2dForward } from "./pool-max2d";

const fx = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "fixtures", "conv-pool.json"), "utf8"),
) as ConvPoolFixtures;

describe("maxPool2d kernels vs PyTorch", () => {
  for (const c of fx.maxPool2d) {
    it(c.name, () => {
      const g = pool2dGeometry(
        c.xShape,
        { kernelSize: c.kernel, stride: c.stride, padding: c.padding },
        "maxPool2d",
      );
      expect([g.n, g.c, g.outH, g.outW]).toEqual(c.yShape);
      const { y, indices } = maxPool2dForward(Float32Array.from(c.x), g);
      expect(Array.from(y)).toEqual(Array.from(Float32Array.from(c.y)));
      expect(Array.from(indices)).toEqual(c.indices);
      expect(allcloseReport(maxPool2dBackward(Float32Array.from(c.dy), indices, g), c.dx)).toBeNull();
    });
  }
  it("propagates NaN like PyTorch", () => {
    const g = pool2dGeometry([1, 1, 2, 2], { kernelSize: 2 }, "maxPool2d");
    const { y, indices } = maxPool2dForward(Float32Array.of(1, Number.NaN, 5, 2), g);
    expect(y[0]).toBeNaN();
    expect(indices[0]).toBe(1);
  });
});

describe("avgPool2d kernels vs PyTorch", () => {
  for (const c of fx.avgPool2d) {
    it(c.name, () => {
      const g = pool2dGeometry(
        c.xShape,
        { kernelSize: c.kernel, stride: c.stride, padding: c.padding },
        "avgPool2d",
      );
      expect([g.n, g.c, g.outH, g.outW]).toEqual(c.yShape);
      const y = avgPool2dForward(Float32Array.from(c.x), g, c.countIncludePad);
      expect(allcloseReport(y, c.y, 1e-6, 1e-5)).toBeNull();
      expect(
        allcloseReport(avgPool2dBackward(Float32Array.from(c.dy), g, c.countIncludePad), c.dx, 1e-6, 1e-5),
      ).toBeNull();
    });
  }
});

describe("pool geometry errors", () => {
  it("names the op and the shape", () => {
    expect(() => pool2dGeometry([1, 2, 3], { kernelSize: 2 }, "maxPool2d")).toThrow(
      "maxPool2d: [1,2,3]: input must be 4-d [N, C, H, W], got 3-d",
    );
    expect(() => pool2dGeometry([1, 1, 2, 2], { kernelSize: 3 }, "avgPool2d")).toThrow(
      "avgPool2d: [1,1,2,2]: input padded to 2×2 is smaller than the kernel 3×3",
    );
    expect(() => pool2dGeometry([1, 1, 8, 8], { kernelSize: 2, padding: 2 }, "maxPool2d")).toThrow(
      "padding 2×2 must be at most half the kernel size 2×2",
    );
    expect(() => pool2dGeometry([1, 1, 8, 8], { kernelSize: 0 }, "maxPool2d")).toThrow(
      "kernelSize must be integers ≥ 1",
    );
  });
});
