// GEMM and batched GEMM against a float64 naive triple loop, with the rigorous f32 rounding bound
// γ_{k+1}·Σ|a·b| per entry (see refMatmul). Sizes cover 0, 1×N, N×1, non-multiples of the 4×8 tile and
// of the 128/256/1024 cache blocks, all four transpose combinations and accumulation.
import { beforeAll, describe, expect, it } from "vitest";
import { WasmArgumentError, WasmBufferError, WasmSizeError } from "./errors";
import { initWasmBackend } from "./init";
import { expectClose, randomF32, refMatmul } from "./test-utils";
import type { WasmBackend } from "./wasm-backend";

let wasm: WasmBackend;
beforeAll(async () => {
  wasm = await initWasmBackend();
});

const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [1, 5, 33],
  [33, 5, 1],
  [4, 8, 8],
  [5, 3, 9],
  [7, 13, 11],
  [17, 1, 19],
  [64, 64, 64],
  [129, 9, 17], // m > MC = 128
  [6, 257, 10], // k > KC = 256
  [3, 2, 1031], // n > NC = 1024
  [130, 300, 70],
];

describe("wasm matmul", () => {
  for (const [m, k, n] of SIZES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`${m}×${k} · ${k}×${n} transA=${transA} transB=${transB}`, () => {
          const a = randomF32(m * k, m * 1000 + k);
          const b = randomF32(k * n, n * 7 + k);
          const ref = refMatmul(a, b, m, k, n, transA, transB);
          const c = wasm.matmul(a, b, m, k, n, { transA, transB });
          expectClose(c, ref.value, { atol: ref.bound }, "C");
        });
      }
    }
  }

  it("accumulates into out when asked (C += A·B), also across k blocks", () => {
    const [m, k, n] = [9, 300, 13];
    const a = randomF32(m * k, 1);
    const b = randomF32(k * n, 2);
    const c0 = randomF32(m * n, 3);
    const ref = refMatmul(a, b, m, k, n, false, true, c0);
    const bt = new Float32Array(n * k);
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bt[j * k + p] = b[p * n + j]!;
    const out = c0.slice();
    const returned = wasm.matmul(a, bt, m, k, n, { transB: true, accumulate: true }, out);
    expect(returned).toBe(out);
    expectClose(out, refMatmul(a, bt, m, k, n, false, true, c0).value, { atol: ref.bound }, "C");
  });

  it("handles 0-size edges: k = 0 gives zeros (or leaves C when accumulating), m = 0 or n = 0 gives empty", () => {
    expect(Array.from(wasm.matmul(new Float32Array(0), new Float32Array(0), 2, 0, 3))).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
    const c = new Float32Array([1, 2, 3, 4]);
    wasm.matmul(new Float32Array(0), new Float32Array(0), 2, 0, 2, { accumulate: true }, c);
    expect(Array.from(c)).toEqual([1, 2, 3, 4]);
    expect(wasm.matmul(new Float32Array(0), randomF32(12, 1), 0, 3, 4).length).toBe(0);
    expect(wasm.matmul(randomF32(6, 1), new Float32Array(0), 2, 3, 0).length).toBe(0);
  });

  it("works on WasmF32 buffers in place, without copies", () => {
    const [m, k, n] = [5, 6, 7];
    const a = wasm.upload(randomF32(m * k, 5));
    const b = wasm.upload(randomF32(k * n, 6));
    const c = wasm.alloc(m * n);
    const ref = refMatmul(a.toFloat32Array(), b.toFloat32Array(), m, k, n);
    expect(wasm.matmul(a, b, m, k, n, {}, c)).toBe(c);
    expectClose(c.array, ref.value, { atol: ref.bound }, "C");
    for (const x of [a, b, c]) x.free();
  });

  it("names the op and the values on bad sizes and buffers", () => {
    const a = new Float32Array(6);
    expect(() => wasm.matmul(a, new Float32Array(12), 2, 3, 5)).toThrow(
      new WasmSizeError("matmul: b has 12 elements, expected 15"),
    );
    expect(() => wasm.matmul(a, a, -1, 3, 2)).toThrow(/matmul: m = -1 must be a non-negative integer/);
    expect(() => wasm.matmul(a, a, 2, 1.5, 2)).toThrow(/matmul: k = 1.5/);
    expect(() => wasm.matmul(a, new Float32Array(6), 2, 3, 2, {}, new Float32Array(3))).toThrow(
      /matmul: out has 3 elements, expected 4/,
    );
    expect(() => wasm.matmul([1, 2] as unknown as Float32Array, a, 1, 2, 3)).toThrow(WasmArgumentError);
    const w = wasm.upload(new Float32Array(4));
    expect(() => wasm.matmul(w, new Float32Array(4), 2, 2, 2, {}, w)).toThrow(
      /out must not be the same buffer as a/,
    );
    w.free();
    expect(() => wasm.matmul(w, new Float32Array(4), 2, 2, 2)).toThrow(WasmBufferError);
  });
});

describe("wasm batchedMatmul", () => {
  for (const [batch, m, k, n, broadcastA, broadcastB, transA, transB] of [
    [3, 5, 7, 9, false, false, false, true],
    [4, 1, 6, 10, false, true, false, true],
    [2, 9, 4, 1, true, false, true, false],
    [3, 6, 5, 7, false, false, true, true],
    [1, 12, 12, 12, false, false, false, false],
    [0, 3, 3, 3, false, false, false, false],
  ] as const) {
    it(`batch ${batch} of ${m}×${k}·${k}×${n} broadcastA=${broadcastA} broadcastB=${broadcastB} transA=${transA} transB=${transB}`, () => {
      const a = randomF32((broadcastA ? 1 : batch) * m * k, 11);
      const b = randomF32((broadcastB ? 1 : batch) * n * k, 12);
      const c = wasm.batchedMatmul(a, b, batch, m, k, n, { broadcastA, broadcastB, transA, transB });
      expect(c.length).toBe(batch * m * n);
      for (let i = 0; i < batch; i++) {
        const ai = broadcastA ? a : a.subarray(i * m * k, (i + 1) * m * k);
        const bi = broadcastB ? b : b.subarray(i * n * k, (i + 1) * n * k);
        const ref = refMatmul(ai, bi, m, k, n, transA, transB);
        expectClose(c.subarray(i * m * n, (i + 1) * m * n), ref.value, { atol: ref.bound }, `C[${i}]`);
      }
    });
  }

  it("checks the batch sizes", () => {
    expect(() =>
      wasm.batchedMatmul(new Float32Array(8), new Float32Array(8), 2, 2, 2, 2, { broadcastB: true }),
    ).toThrow(/batchedMatmul: b has 8 elements, expected 4/);
  });
});

describe("wasm gemmStrided (raw export, sub-matrices with leading dimensions)", () => {
  for (const [transA, transB, m] of [
    [0, 0, 7],
    [0, 1, 7],
    [1, 0, 7],
    [1, 1, 7],
    // m < 4 takes the unpacked GEMV-like path.
    [0, 0, 3],
    [0, 1, 1],
    [1, 0, 2],
    [1, 1, 3],
  ] as const) {
    it(`writes only the C block; m=${m} transA=${transA} transB=${transB}`, () => {
      const [k, n] = [10, 9];
      // Stored A is (rows × lda) with the operand at offset (1, 2); likewise B and C.
      const [rowsA, colsA] = transA ? [k, m] : [m, k];
      const [rowsB, colsB] = transB ? [n, k] : [k, n];
      const lda = colsA + 5;
      const ldb = colsB + 3;
      const ldc = n + 4;
      const bigA = randomF32((rowsA + 2) * lda, 21);
      const bigB = randomF32((rowsB + 2) * ldb, 22);
      const bigC = randomF32((m + 2) * ldc, 23);
      const a = new Float32Array(rowsA * colsA);
      const b = new Float32Array(rowsB * colsB);
      for (let r = 0; r < rowsA; r++)
        for (let c = 0; c < colsA; c++) a[r * colsA + c] = bigA[(r + 1) * lda + c + 2]!;
      for (let r = 0; r < rowsB; r++)
        for (let c = 0; c < colsB; c++) b[r * colsB + c] = bigB[(r + 1) * ldb + c + 2]!;
      const ref = refMatmul(a, b, m, k, n, transA === 1, transB === 1);
      const wa = wasm.upload(bigA);
      const wb = wasm.upload(bigB);
      const wc = wasm.upload(bigC);
      const at = (buf: { ptr: number }, ld: number) => buf.ptr + (ld + 2) * 4;
      wasm.raw.gemmStrided(
        transA,
        transB,
        m,
        n,
        k,
        at(wa, lda),
        lda,
        at(wb, ldb),
        ldb,
        at(wc, ldc),
        ldc,
        0,
        wasm.workspace,
      );
      const c = wc.toFloat32Array();
      const block = new Float32Array(m * n);
      for (let i = 0; i < c.length; i++) {
        const r = Math.floor(i / ldc) - 1;
        const col = (i % ldc) - 2;
        if (r >= 0 && r < m && col >= 0 && col < n) block[r * n + col] = c[i]!;
        else expect(c[i], `outside element ${i}`).toBe(bigC[i]);
      }
      expectClose(block, ref.value, { atol: ref.bound }, "C block");
      for (const x of [wa, wb, wc]) x.free();
    });
  }
});
