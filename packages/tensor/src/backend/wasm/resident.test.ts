// Wasm-resident operands are read in place: the kernels allocate no copy of them, an output that overlaps a
// resident input still gets a correct result (through a temporary), and turning threads on keeps resident
// tensors valid (the pool runs on the same memory).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { manualSeed, randn, tensor } from "../../index";
import { nodeWorkerFactory } from "../../node";
import { initBackend, initThreads, setBackend } from "../active";
import { getWasmBackend } from "./init";
import type { WasmBackend } from "./wasm-backend";

let wasm: WasmBackend;
beforeAll(async () => {
  await initBackend();
  setBackend("wasm", { thresholds: false });
  wasm = getWasmBackend()!;
});
afterAll(async () => {
  await initThreads({ threads: 1 });
  setBackend("js");
});

/** Floats the arena hands out while fn runs (kernel temporaries: operand copies and outputs). */
function allocatedFloats(fn: () => void): number {
  const spy = vi.spyOn(wasm.arena, "alloc");
  try {
    fn();
    return spy.mock.calls.reduce((s, [n]) => s + n, 0);
  } finally {
    spy.mockRestore();
  }
}

describe("wasm-resident operands", () => {
  it("the process-wide backend is in shared memory here (Node)", () => {
    expect(wasm.sharedMemory).toBe(true);
  });

  it("a matmul by a resident weight copies only the activation and the output", () => {
    manualSeed(3);
    const x = randn([4, 64]);
    const w = randn([256, 64]);
    const rw = w.to("wasm");
    const copied = allocatedFloats(() => x.matmul(w.mT));
    const resident = allocatedFloats(() => x.matmul(rw.mT));
    expect(copied - resident).toBe(256 * 64);
    expect(resident).toBe(4 * 64 + 4 * 256);
    expect(x.matmul(rw.mT).toArray()).toEqual(x.matmul(w.mT).toArray());
  });

  it("elementwise kernels read resident inputs in place", () => {
    const a = randn([2048]).to("wasm");
    const b = randn([2048]).to("wasm");
    expect(allocatedFloats(() => a.add(b))).toBe(2048); // the output's temporary only
    expect(a.add(b).toArray()).toEqual(Array.from(a.data, (v, i) => Math.fround(v + b.data[i]!)));
  });

  it("an output overlapping a resident input goes through a temporary", () => {
    const r = tensor([1, 2, 3, 4, 5, 6]).to("wasm");
    const view = r.data as Float32Array;
    // C[2,2] = A[2,3] · B[3,2] written over A's own memory: the kernel must not read A after writing C.
    wasm.matmul(view, new Float32Array([1, 0, 0, 1, 1, 1]), 2, 3, 2, {}, view.subarray(0, 4));
    expect(Array.from(view)).toEqual([4, 5, 10, 11, 5, 6]);
  });

  it("turning threads on keeps resident tensors valid and read in place", async () => {
    manualSeed(4);
    const x = randn([8, 64]);
    const w = randn([64, 64]);
    const rw = w.to("wasm");
    const single = x.matmul(rw).toArray();
    await initThreads({ threads: 2, workerFactory: nodeWorkerFactory, minFlops: 0 });
    setBackend("wasm", { thresholds: false });
    expect(rw.toArray()).toEqual(w.toArray());
    expect(allocatedFloats(() => x.matmul(rw))).toBe(8 * 64 + 8 * 64);
    expect(x.matmul(rw).toArray()).toEqual(single);
  });
});
