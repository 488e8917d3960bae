// Threads under the Tensor ops (initThreads / initNodeThreads): every split — row bands, column bands,
// batch ranges, image ranges — gives bit-identical results to one thread (each output element is summed
// in the same order whatever the split), turning threads off and on again works, and misuse is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conv2d, manualSeed, matmul, randn, split, type Tensor } from "../../index";
import { initNodeThreads, nodeWorkerFactory } from "../../node";
import { getBackend, getThreads, initBackend, initThreads, setBackend } from "../active";
import { createWasmBackend } from "./init";
import { WasmSyncThreads } from "./sync-threads";

/** Runs f on one thread and on `threads` threads (minFlops 0: everything splits); returns both results. */
async function oneVsMany(threads: number, f: () => number[]): Promise<[number[], number[]]> {
  await initThreads({ threads: 1 });
  const single = f();
  await initNodeThreads(threads, 0);
  expect(getThreads()).toBe(threads);
  return [single, f()];
}

beforeAll(async () => {
  await initBackend();
  setBackend("wasm", { thresholds: false });
});
afterAll(async () => {
  await initThreads({ threads: 1 });
  setBackend("js");
});

describe("initThreads: Tensor ops split over worker_threads", () => {
  manualSeed(3);
  const cases: [string, () => Tensor][] = [];
  for (const [m, k, n] of [
    [130, 70, 40], // row bands
    [9, 33, 301], // column bands
    [2, 5, 3], // fewer rows and columns than a micro-tile
  ] as const) {
    const a = randn([m, k]);
    const b = randn([k, n]);
    const at = randn([k, m]).transpose(0, 1);
    const bt = randn([n, k]).transpose(0, 1);
    cases.push([`${m}×${k}·${k}×${n}`, () => matmul(a, b)]);
    cases.push([`${m}×${k}·${k}×${n}, both stored transposed`, () => matmul(at, bt)]);
  }
  const qkv = randn([17, 3 * 4 * 8]);
  const [q, kk] = split(qkv, 32, 1).map((z) => z.reshape([17, 4, 8]).permute([1, 0, 2])) as [Tensor, Tensor];
  cases.push(["attention scores: 4 strided heads (batch ≥ threads)", () => q.matmul(kk.transpose(1, 2))]);
  const x3 = randn([2, 37, 19]);
  const w3 = randn([19, 23]);
  cases.push(["batched 2 entries over 3 threads (each entry banded)", () => matmul(x3, w3)]);
  const img = randn([5, 3, 11, 9]);
  const filt = randn([6, 3, 3, 3]);
  const bias = randn([6]);
  cases.push(["conv2d, 5 images over the threads", () => conv2d(img, filt, bias, { padding: 1 })]);
  const tall = randn([10, 12]);
  const wide = randn([12, 5]);
  cases.push(["10×12·12×5: the short last row band joins the one before", () => matmul(tall, wide)]);
  const pointwise = randn([4, 3, 1, 1]);
  cases.push(["conv2d 1×1 (direct, no im2col)", () => conv2d(img, pointwise)]);
  for (const [name, f] of cases) {
    for (const threads of [2, 3]) {
      it(`${name}: ${threads} threads equal 1 thread bit for bit`, async () => {
        const [one, many] = await oneVsMany(threads, () => f().toArray());
        expect(getBackend()).toBe("wasm");
        expect(many).toEqual(one);
      });
    }
  }

  it("conv2d backward (dx by images, dw by bands of output channels) equals one thread", async () => {
    // 34 output channels: dw splits into bands of ≥ 16 rows (16 + 18), dx into image ranges.
    const wide = randn([34, 3, 3, 3]);
    const grads = () => {
      const x = img.clone().requiresGrad_();
      const w = wide.clone().requiresGrad_();
      conv2d(x, w, null, { padding: 1 }).square().sum().backward();
      return [...x.grad!.toArray(), ...w.grad!.toArray()];
    };
    const [one, many] = await oneVsMany(2, grads);
    expect(many).toEqual(one);
  });

  it("threads: 1 turns them off; a later initThreads turns them on again", async () => {
    await initNodeThreads(2, 0);
    expect(getThreads()).toBe(2);
    expect(await initThreads({ threads: 1 })).toBe(1);
    expect(getThreads()).toBe(1);
    expect(matmul(randn([3, 4]), randn([4, 2])).shape).toEqual([3, 2]);
    await initThreads({ threads: 2, workerFactory: nodeWorkerFactory });
    expect(getThreads()).toBe(2);
  });

  it("refuses bad counts and runtimes without workers, naming the rule", async () => {
    await expect(initThreads({ threads: 0 })).rejects.toMatchObject({ code: "INVALID_THREADS" });
    await expect(initThreads({ threads: 2.5 })).rejects.toThrow(
      /threads = 2.5 must be an integer from 1 to 64/,
    );
    // Node has no global Worker: without a factory there is nothing to start.
    await expect(initThreads({ threads: 2 })).rejects.toMatchObject({
      code: "THREADS_UNSUPPORTED",
      message: expect.stringMatching(/initThreads: .*workerFactory/),
    });
  });
});

describe("WasmSyncThreads", () => {
  it("throws once terminated and needs a shared-memory backend", async () => {
    const shared = await createWasmBackend({ sharedMemory: true });
    const pool = await WasmSyncThreads.create(shared, {
      threads: 2,
      workerFactory: nodeWorkerFactory,
      minFlops: 0,
    });
    pool.terminate();
    expect(pool.closed).toBe(true);
    expect(pool.partsFor(1e12)).toBe(1); // a closed pool keeps everything on the calling thread
    expect(() => pool.convolution("conv2dImages", 1, 1, () => [])).toThrow(/terminated/);
    const plain = await createWasmBackend();
    await expect(WasmSyncThreads.create(plain, { workerFactory: nodeWorkerFactory })).rejects.toThrow(
      /shared memory/,
    );
  });
});
