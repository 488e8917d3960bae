// The worker pool on Node worker_threads: split matmul and conv2d give bit-identical results to the
// single-threaded kernels (each element is summed in the same order whatever the band), plus misuse errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeWorkerFactory as nodeWorkers } from "../../node";
import { WasmArgumentError, WasmBackendError, WasmUnsupportedError } from "./errors";
import { createWasmBackend } from "./init";
import { randomF32 } from "./test-utils";
import { splitRange, splitRows, WasmThreadPool } from "./threads";
import type { WasmBackend } from "./wasm-backend";
import type { Conv2dShape } from "./wasm-conv-geometry";

let backend: WasmBackend;
let pool: WasmThreadPool;
beforeAll(async () => {
  backend = await createWasmBackend({ sharedMemory: true });
  pool = await WasmThreadPool.create(backend, { threads: 3, workerFactory: nodeWorkers, minFlops: 0 });
});
afterAll(() => pool.terminate());

describe("splitRange", () => {
  it("covers [0, total) with aligned, ordered, non-empty parts", () => {
    expect(splitRange(10, 2, 4)).toEqual([
      [0, 8],
      [8, 10],
    ]);
    expect(splitRange(3, 4, 1)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(splitRange(0, 2, 4)).toEqual([]);
    for (const [total, parts, align] of [
      [1000, 3, 8],
      [5, 2, 4],
      [129, 7, 4],
    ] as const) {
      const r = splitRange(total, parts, align);
      expect(r[0]![0]).toBe(0);
      expect(r.at(-1)![1]).toBe(total);
      for (const [i, [s, e]] of r.entries()) {
        expect(e).toBeGreaterThan(s);
        expect(s % align).toBe(0);
        if (i > 0) expect(s).toBe(r[i - 1]![1]);
      }
    }
  });
});

describe("splitRows", () => {
  it("never leaves a band shorter than the 4-row micro-tile unless the whole range is", () => {
    expect(splitRows(6, 2)).toEqual([[0, 6]]); // [0, 4] + [4, 6] would send 2 rows to the small-m loop
    expect(splitRows(10, 2)).toEqual([[0, 10]]); // splitRange gives [0, 8] + [8, 10]
    expect(splitRows(12, 2)).toEqual([
      [0, 8],
      [8, 12],
    ]);
    expect(splitRows(3, 2)).toEqual([[0, 3]]);
    for (const [total, parts] of [
      [130, 3],
      [7, 2],
      [9, 3],
      [1000, 7],
    ] as const) {
      const r = splitRows(total, parts);
      expect(r[0]![0]).toBe(0);
      expect(r.at(-1)![1]).toBe(total);
      for (const [s, e] of r) expect(e - s).toBeGreaterThanOrEqual(4);
    }
  });
});

describe("WasmThreadPool on 3 threads (2 workers)", () => {
  for (const [m, k, n] of [
    [130, 70, 40], // split by rows
    [9, 33, 301], // split by columns
    [2, 5, 3], // fewer rows than threads
  ] as const) {
    for (const [transA, transB] of [
      [false, false],
      [true, true],
      [false, true],
      [true, false],
    ] as const) {
      it(`matmul ${m}×${k}·${k}×${n} transA=${transA} transB=${transB} equals the single-threaded kernel`, async () => {
        const a = backend.upload(randomF32(m * k, m + k));
        const b = backend.upload(randomF32(k * n, n + k));
        const c0 = randomF32(m * n, 9);
        const c = backend.upload(c0);
        const single = backend.matmul(a, b, m, k, n, { transA, transB, accumulate: true }, c0.slice());
        expect(await pool.matmul(a, b, m, k, n, { transA, transB, accumulate: true }, c)).toBe(c);
        expect(Array.from(c.array)).toEqual(Array.from(single));
        for (const x of [a, b, c]) x.free();
      });
    }
  }

  it("conv2d over image groups equals the single-threaded kernel", async () => {
    const shape: Conv2dShape = {
      batch: 5,
      channels: 3,
      height: 9,
      width: 8,
      outChannels: 4,
      kernelH: 3,
      kernelW: 3,
      padH: 1,
      padW: 1,
      strideW: 2,
    };
    const x = backend.upload(randomF32(5 * 3 * 9 * 8, 1));
    const w = backend.upload(randomF32(4 * 3 * 9, 2));
    const bias = backend.upload(randomF32(4, 3));
    const out = backend.alloc(5 * 4 * 9 * 4);
    const single = backend.conv2d(x, w, bias, shape);
    await pool.conv2d(x, w, bias, shape, out);
    expect(Array.from(out.array)).toEqual(Array.from(single));
    for (const t of [x, w, bias, out]) t.free();
  });

  it("runs overlapping calls one after another (workers reuse their scratch)", async () => {
    const small: Conv2dShape = {
      batch: 4,
      channels: 2,
      height: 5,
      width: 5,
      outChannels: 3,
      kernelH: 3,
      kernelW: 3,
    };
    const big: Conv2dShape = { ...small, height: 12, width: 11, padH: 2, padW: 2 };
    const inputs = [small, big].map((shape, i) => {
      const x = backend.upload(randomF32(shape.batch * 2 * shape.height * shape.width, 40 + i));
      const w = backend.upload(randomF32(3 * 2 * 9, 50 + i));
      const single = backend.conv2d(x, w, undefined, shape);
      return { shape, x, w, single, out: backend.alloc(single.length) };
    });
    // Not awaited in between: the second call must wait for the first one's workers.
    await Promise.all(inputs.map((t) => pool.conv2d(t.x, t.w, undefined, t.shape, t.out)));
    for (const t of inputs) {
      expect(Array.from(t.out.array)).toEqual(Array.from(t.single));
      for (const b of [t.x, t.w, t.out]) b.free();
    }
  });

  it("checks operands by name", async () => {
    const a = backend.alloc(6);
    await expect(pool.matmul(a, backend.alloc(6), 2, 3, 2, {}, a)).rejects.toThrow(
      "WasmThreadPool.matmul: out has 6 elements, expected 4",
    );
    const c = backend.alloc(9);
    await expect(pool.matmul(c, backend.alloc(9), 3, 3, 3, {}, c)).rejects.toThrow(
      "WasmThreadPool.matmul: out must not be the same buffer as a or b",
    );
    await expect(pool.matmul(a, backend.alloc(5), 2, 3, 2, {}, backend.alloc(4))).rejects.toThrow(
      "WasmThreadPool.matmul: b has 5 elements, expected 6",
    );
    await expect(
      pool.matmul(new Float32Array(6) as never, backend.alloc(6), 2, 3, 2, {}, backend.alloc(4)),
    ).rejects.toThrow(WasmArgumentError);
  });

  it("needs a shared-memory backend, a worker source and a sane thread count", async () => {
    const plain = await createWasmBackend();
    await expect(WasmThreadPool.create(plain, { workerFactory: nodeWorkers })).rejects.toThrow(
      WasmUnsupportedError,
    );
    await expect(WasmThreadPool.create(backend, { threads: 2 })).rejects.toThrow(/no Worker in this runtime/);
    await expect(WasmThreadPool.create(backend, { threads: 0, workerFactory: nodeWorkers })).rejects.toThrow(
      /threads = 0 must be an integer in \[1, 64\]/,
    );
    const closed = await WasmThreadPool.create(backend, { threads: 2, workerFactory: nodeWorkers });
    closed.terminate();
    const a = backend.alloc(4);
    await expect(closed.matmul(a, backend.alloc(4), 2, 2, 2, {}, backend.alloc(4))).rejects.toThrow(
      WasmBackendError,
    );
  });
});
