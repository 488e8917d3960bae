// interpolate: hand-computed resizes, gradchecks per mode (strided input), errors. PyTorch values and
// gradients for 18 mode/size/scale/alignCorners combinations are in torch-fixtures-extra.test.ts.
import { describe, expect, it } from "vitest";
import { DTypeError, interpolate, manualSeed, randn, ShapeError, tensor } from "../index";
import { expectClose, expectGradcheck } from "../test-util";

describe("interpolate", () => {
  const x = tensor([[[0, 10, 20]]]); // [1, 1, 3]
  it("resizes by hand-computed rules", () => {
    expect(interpolate(x, { size: 6 }).toArray()).toEqual([0, 0, 10, 10, 20, 20]);
    expect(interpolate(x, { size: 5, mode: "linear", alignCorners: true }).toArray()).toEqual([
      0, 5, 10, 15, 20,
    ]);
    // align_corners=false: source = (o + 0.5)·3/6 − 0.5, clamped at 0
    expectClose(interpolate(x, { scaleFactor: 2, mode: "linear" }).toArray(), [0, 2.5, 7.5, 12.5, 17.5, 20]);
  });
  it("keeps constant images constant in every mode (weights sum to 1)", () => {
    const c = tensor(new Array(12).fill(3), [1, 1, 3, 4]);
    for (const mode of ["nearest", "nearest-exact", "bilinear", "bicubic"] as const) {
      expectClose(interpolate(c, { size: [5, 7], mode }).toArray(), new Array(35).fill(3), 1e-6, 1e-6);
    }
  });
  it("gradchecks every mode on strided input", () => {
    manualSeed(13);
    const img = () => randn([1, 2, 5, 4]).transpose(2, 3); // [1, 2, 4, 5], strided
    expectGradcheck((t) => interpolate(t, { size: [6, 3], mode: "bilinear" }), [img()]);
    expectGradcheck((t) => interpolate(t, { size: [3, 7], mode: "bicubic", alignCorners: true }), [img()]);
    expectGradcheck((t) => interpolate(t, { scaleFactor: 1.5, mode: "nearest" }), [img()]);
    expectGradcheck((t) => interpolate(t, { size: 7, mode: "linear" }), [randn([2, 3, 4])]);
    expectGradcheck((t) => interpolate(t, { size: [3, 3, 3], mode: "trilinear" }), [randn([1, 1, 2, 4, 2])]);
    // same size with a passed-on scale factor: torch 1.13's bicubic backward copies dy here, which is not
    // the gradient of its own (resampling) forward; ours is
    expectGradcheck((t) => interpolate(t, { scaleFactor: 1.1, mode: "bicubic" }), [randn([1, 1, 5, 4])]);
  });
  it("rejects bad modes, ranks, sizes and option mixes", () => {
    const img = randn([1, 1, 4, 4]);
    expect(() => interpolate(img, { size: 2, mode: "area" as "nearest" })).toThrow(/unknown mode/);
    expect(() => interpolate(x, { size: 4, mode: "bilinear" })).toThrow(ShapeError);
    expect(() => interpolate(img, { size: 2, alignCorners: true })).toThrow(/alignCorners only applies/);
    expect(() => interpolate(img, {})).toThrow(/exactly one of size and scaleFactor/);
    expect(() => interpolate(img, { size: 2, scaleFactor: 2 })).toThrow(/exactly one/);
    expect(() => interpolate(img, { size: [2, 0] })).toThrow(/integers ≥ 1/);
    expect(() => interpolate(img, { size: [2, 2, 2] })).toThrow(/needs 2 value/);
    expect(() => interpolate(img, { scaleFactor: 0.1 })).toThrow(/empty output/);
    expect(() => interpolate(img, { scaleFactor: Number.NaN })).toThrow(RangeError);
    expect(() => interpolate(tensor([[[1]]], { dtype: "int32" }), { size: 2 })).toThrow(DTypeError);
  });
});
