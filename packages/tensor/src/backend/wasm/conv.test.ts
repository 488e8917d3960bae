// im2col / col2im against a direct float64 JavaScript loop (exact: they only move or add small integers),
// conv2d and its backward against PyTorch (fixtures/wasm-kernels.json, float64 torch, our f32 inputs:
// 1e-5 relative plus 1e-5 absolute tolerance for values of order 1..10 from ≤ 45-term dot products).
import { beforeAll, describe, expect, it } from "vitest";
import { WasmSizeError } from "./errors";
import fixture from "./fixtures/wasm-kernels.json";
import { initWasmBackend } from "./init";
import { expectClose, randomF32 } from "./test-utils";
import type { WasmBackend } from "./wasm-backend";
import { type Conv2dGeometry, type Conv2dShape, convOutputSize } from "./wasm-conv-geometry";

let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await initWasmBackend();
});

interface G {
  c: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
}

function full(g: Conv2dGeometry): G & { outH: number; outW: number } {
  const r = {
    c: g.channels,
    h: g.height,
    w: g.width,
    kh: g.kernelH,
    kw: g.kernelW,
    sh: g.strideH ?? 1,
    sw: g.strideW ?? 1,
    ph: g.padH ?? 0,
    pw: g.padW ?? 0,
    dh: g.dilationH ?? 1,
    dw: g.dilationW ?? 1,
  };
  return {
    ...r,
    outH: convOutputSize(r.h, r.kh, r.sh, r.ph, r.dh),
    outW: convOutputSize(r.w, r.kw, r.sw, r.pw, r.dw),
  };
}

// For each col entry (row, pixel), the input index it reads, or -1 for padding.
function sourceIndex(g: ReturnType<typeof full>): Int32Array {
  const { outH, outW } = g;
  const idx = new Int32Array(g.c * g.kh * g.kw * outH * outW).fill(-1);
  for (let c = 0; c < g.c; c++)
    for (let i = 0; i < g.kh; i++)
      for (let j = 0; j < g.kw; j++)
        for (let oy = 0; oy < outH; oy++)
          for (let ox = 0; ox < outW; ox++) {
            const y = oy * g.sh - g.ph + i * g.dh;
            const x = ox * g.sw - g.pw + j * g.dw;
            const row = (c * g.kh + i) * g.kw + j;
            if (y >= 0 && y < g.h && x >= 0 && x < g.w)
              idx[row * outH * outW + oy * outW + ox] = (c * g.h + y) * g.w + x;
          }
  return idx;
}

const GEOMETRIES: Conv2dGeometry[] = [
  { channels: 1, height: 1, width: 1, kernelH: 1, kernelW: 1 },
  { channels: 2, height: 5, width: 7, kernelH: 3, kernelW: 3, padH: 1, padW: 1 },
  { channels: 3, height: 6, width: 5, kernelH: 2, kernelW: 3, strideH: 2, strideW: 3 },
  { channels: 1, height: 9, width: 9, kernelH: 3, kernelW: 3, dilationH: 2, dilationW: 3, padH: 2, padW: 1 },
  { channels: 2, height: 3, width: 4, kernelH: 3, kernelW: 4 },
  // Padding wider than the kernel: whole rows and columns of zeros.
  { channels: 1, height: 2, width: 3, kernelH: 2, kernelW: 2, padH: 3, padW: 4, strideH: 2 },
  { channels: 4, height: 14, width: 14, kernelH: 3, kernelW: 3, padH: 1, padW: 1, strideH: 1, strideW: 1 },
  // Dilated taps that fall entirely into the padding for every output position.
  { channels: 2, height: 1, width: 2, kernelH: 3, kernelW: 3, dilationH: 5, dilationW: 5, padH: 5, padW: 5 },
];

describe("wasm im2col / col2im", () => {
  for (const geo of GEOMETRIES) {
    const g = full(geo);
    it(`C${g.c} ${g.h}×${g.w} k${g.kh}×${g.kw} s${g.sh},${g.sw} p${g.ph},${g.pw} d${g.dh},${g.dw} → ${g.outH}×${g.outW}`, () => {
      const x = Float32Array.from(randomF32(g.c * g.h * g.w, g.h * 17 + g.w), (v) => Math.round(v * 50));
      const idx = sourceIndex(g);
      const refCol = Array.from(idx, (s) => (s < 0 ? 0 : x[s]!));
      expect(Array.from(wasm.im2col(x, geo))).toEqual(refCol);

      const col = Float32Array.from(randomF32(idx.length, 3), (v) => Math.round(v * 50));
      const refX = new Array<number>(x.length).fill(0);
      idx.forEach((s, k) => {
        if (s >= 0) refX[s] = refX[s]! + col[k]!;
      });
      // Start from garbage to check col2im overwrites rather than accumulates.
      const out = new Float32Array(x.length).fill(123);
      expect(Array.from(wasm.col2im(col, geo, out))).toEqual(refX);
    });
  }

  it("names the geometry when the kernel does not fit", () => {
    expect(() =>
      wasm.im2col(new Float32Array(4), { channels: 1, height: 2, width: 2, kernelH: 3, kernelW: 1 }),
    ).toThrow(
      new WasmSizeError(
        "im2col: input 2×2 with padding 0×0 is smaller than the dilated kernel 3×1 (output would be 0×2)",
      ),
    );
    expect(() =>
      wasm.im2col(new Float32Array(4), {
        channels: 1,
        height: 2,
        width: 2,
        kernelH: 1,
        kernelW: 1,
        strideH: 0,
      }),
    ).toThrow(/im2col: strideH = 0 must be a positive integer/);
    expect(() =>
      wasm.col2im(new Float32Array(3), { channels: 1, height: 2, width: 2, kernelH: 1, kernelW: 1 }),
    ).toThrow(/col2im: col has 3 elements, expected 4/);
  });
});

describe("wasm conv2d against PyTorch", () => {
  for (const [n, c] of fixture.conv2d.entries()) {
    const shape = c.shape as Conv2dShape;
    it(`case ${n}: x [${shape.batch},${shape.channels},${shape.height},${shape.width}] → [${c.yShape.join(",")}]`, () => {
      const x = Float32Array.from(c.x);
      const w = Float32Array.from(c.w);
      const dy = Float32Array.from(c.dy);
      expectClose(wasm.conv2d(x, w, Float32Array.from(c.bias), shape), c.y, { rtol: 1e-5, atol: 1e-5 }, "y");
      const grads = wasm.conv2dBackward(x, w, dy, shape);
      expectClose(grads.dx, c.dx, { rtol: 1e-5, atol: 1e-5 }, "dx");
      expectClose(grads.dw, c.dw, { rtol: 1e-5, atol: 1e-5 }, "dw");
      const dbias = Array.from({ length: shape.outChannels }, (_, o) => {
        const per = c.yShape[2]! * c.yShape[3]!;
        let s = 0;
        for (let i = 0; i < shape.batch; i++)
          for (let p = 0; p < per; p++) s += c.dy[(i * shape.outChannels + o) * per + p]!;
        return s;
      });
      expectClose(grads.dbias, dbias, { rtol: 1e-5, atol: 1e-5 }, "dbias");
    });
  }

  it("conv2d without bias, batch 0, and into WasmF32 outputs", () => {
    const shape: Conv2dShape = {
      batch: 2,
      channels: 1,
      height: 3,
      width: 3,
      outChannels: 1,
      kernelH: 2,
      kernelW: 2,
    };
    const x = Float32Array.from({ length: 18 }, (_, i) => i);
    const w = new Float32Array([1, 0, 0, -1]);
    // y = x[oy, ox] − x[oy+1, ox+1] = −4 everywhere.
    const out = wasm.alloc(8);
    expect(Array.from(wasm.conv2d(x, w, undefined, shape, out).array)).toEqual(new Array(8).fill(-4));
    out.free();
    expect(wasm.conv2d(new Float32Array(0), w, undefined, { ...shape, batch: 0 }).length).toBe(0);
    const g = wasm.conv2dBackward(new Float32Array(0), w, new Float32Array(0), { ...shape, batch: 0 });
    expect(Array.from(g.dw)).toEqual([0, 0, 0, 0]);
    expect(Array.from(g.dbias)).toEqual([0]);
  });

  it("checks weight and gradient sizes by name", () => {
    const shape: Conv2dShape = {
      batch: 1,
      channels: 2,
      height: 4,
      width: 4,
      outChannels: 3,
      kernelH: 3,
      kernelW: 3,
    };
    expect(() => wasm.conv2d(new Float32Array(32), new Float32Array(53), undefined, shape)).toThrow(
      /conv2d: w has 53 elements, expected 54/,
    );
    expect(() => wasm.conv2d(new Float32Array(32), new Float32Array(54), new Float32Array(2), shape)).toThrow(
      /conv2d: bias has 2 elements, expected 3/,
    );
    expect(() =>
      wasm.conv2dBackward(new Float32Array(32), new Float32Array(54), new Float32Array(11), shape),
    ).toThrow(/conv2dBackward: dy has 11 elements, expected 12/);
  });
});
