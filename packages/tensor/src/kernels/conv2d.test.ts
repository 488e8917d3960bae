// conv2d and convTranspose2d kernels against PyTorch (fixtures/conv-pool.json, written by
// scripts/gen-conv-fixtures.py): forward values and all three gradients, plus geometry errors.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allcloseReport, type ConvPoolFixtures } from "./conv-fixture-check";
import { conv2dGeometry, convTranspose2dGeometry } from "./conv-geometry";
import {
  convTranspose2dBackwardBias,
  convTranspose2dBackwardInput,
  convTranspose2dBackwardWeight,
  convTranspose2dForward,
} from "./conv-transpose2d";
import { conv2dBackwardBias, conv2dBackwardInput, conv2dBackwardWeight, conv2dForward } from "./conv2d";

const fx = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "fixtures", "conv-pool.json"), "utf8"),
) as ConvPoolFixtures;
const f32 = (a: number[]) => Float32Array.from(a);

describe("conv2d kernels vs PyTorch", () => {
  for (const c of fx.conv2d) {
    it(c.name, () => {
      const g = conv2dGeometry(c.xShape, c.wShape, {
        stride: c.stride,
        padding: c.padding,
        dilation: c.dilation,
        groups: c.groups,
      });
      expect([g.n, g.cOut, g.outH, g.outW]).toEqual(c.yShape);
      const x = f32(c.x);
      const w = f32(c.w);
      const dy = f32(c.dy);
      expect(allcloseReport(conv2dForward(x, w, c.b ? f32(c.b) : null, g), c.y)).toBeNull();
      expect(allcloseReport(conv2dBackwardInput(dy, w, g), c.dx)).toBeNull();
      expect(allcloseReport(conv2dBackwardWeight(dy, x, g), c.dw)).toBeNull();
      if (c.db) expect(allcloseReport(conv2dBackwardBias(dy, g), c.db)).toBeNull();
    });
  }
});

describe("convTranspose2d kernels vs PyTorch", () => {
  for (const c of fx.convTranspose2d) {
    it(c.name, () => {
      const g = convTranspose2dGeometry(c.xShape, c.wShape, {
        stride: c.stride,
        padding: c.padding,
        dilation: c.dilation,
        groups: c.groups,
        outputPadding: c.outputPadding!,
      });
      expect([g.n, g.cIn, g.h, g.w]).toEqual(c.yShape);
      const x = f32(c.x);
      const w = f32(c.w);
      const dy = f32(c.dy);
      expect(allcloseReport(convTranspose2dForward(x, w, c.b ? f32(c.b) : null, g), c.y)).toBeNull();
      expect(allcloseReport(convTranspose2dBackwardInput(dy, w, g), c.dx)).toBeNull();
      expect(allcloseReport(convTranspose2dBackwardWeight(dy, x, g), c.dw)).toBeNull();
      if (c.db) expect(allcloseReport(convTranspose2dBackwardBias(dy, g), c.db)).toBeNull();
    });
  }
});

describe("conv2d hand-computed", () => {
  it("a 3×3 box filter over a 4×4 ramp with padding 1", () => {
    // x = 0..15 row-major; the centre output (1,1) sums x[0..2][0..2] = 0+1+2+4+5+6+8+9+10 = 45
    const x = Float32Array.from({ length: 16 }, (_, i) => i);
    const g = conv2dGeometry([1, 1, 4, 4], [1, 1, 3, 3], { padding: 1 });
    const y = conv2dForward(x, new Float32Array(9).fill(1), Float32Array.of(0.5), g);
    expect(y[5]).toBe(45.5);
    // corner (0,0) sees only x[0..1][0..1] = 0+1+4+5 = 10
    expect(y[0]).toBe(10.5);
  });
});

describe("conv geometry errors", () => {
  it("names the op and both shapes", () => {
    expect(() => conv2dGeometry([1, 3, 5, 5], [4, 2, 3, 3])).toThrow(
      "conv2d: [1,3,5,5] and [4,2,3,3]: weight expects 2 channels per group × 1 groups = 2, input has 3",
    );
    expect(() => conv2dGeometry([1, 3, 5], [4, 3, 3, 3])).toThrow(
      "conv2d: [1,3,5] and [4,3,3,3]: input must be 4-d",
    );
    expect(() => conv2dGeometry([1, 3, 2, 2], [4, 3, 3, 3])).toThrow(
      "conv2d: [1,3,2,2] and [4,3,3,3]: padded input 2×2 is smaller than the dilated kernel 3×3",
    );
    expect(() => conv2dGeometry([1, 4, 5, 5], [3, 2, 3, 3], { groups: 2 })).toThrow(
      "must both divide by groups 2",
    );
    expect(() => convTranspose2dGeometry([1, 3, 5, 5], [2, 3, 3, 3])).toThrow(
      "convTranspose2d: [1,3,5,5] and [2,3,3,3]: weight has 2 input channels, input has 3",
    );
  });
  it("rejects bad options", () => {
    expect(() => conv2dGeometry([1, 1, 5, 5], [1, 1, 3, 3], { stride: 0 })).toThrow(RangeError);
    expect(() => conv2dGeometry([1, 1, 5, 5], [1, 1, 3, 3], { padding: [1, -1] })).toThrow(
      "padding must be integers ≥ 0",
    );
    expect(() => conv2dGeometry([1, 1, 5, 5], [1, 1, 3, 3], { groups: 1.5 })).toThrow(
      "groups must be an integer",
    );
    expect(() =>
      convTranspose2dGeometry([1, 1, 5, 5], [1, 1, 3, 3], { stride: 2, outputPadding: 2 }),
    ).toThrow("outputPadding 2×2 must be smaller than stride or dilation");
  });
});
