// The pooling allocator: size classes, reuse without growth, views after growth, and misuse errors.
import { beforeAll, describe, expect, it } from "vitest";
import { sizeClassBytes } from "./arena";
import { WasmBufferError, WasmSizeError } from "./errors";
import { createWasmBackend } from "./init";
import type { WasmBackend } from "./wasm-backend";

let wasm: WasmBackend;
beforeAll(async () => {
  // A private instance, so the counters are not shared with other test files.
  wasm = await createWasmBackend();
});

describe("sizeClassBytes", () => {
  it("rounds up to 64-byte units, four classes per power of two, wasting < 25 %", () => {
    expect([0, 1, 64, 65, 256, 257, 320, 321].map(sizeClassBytes)).toEqual([
      64, 64, 64, 128, 256, 320, 320, 384,
    ]);
    for (let bytes = 1; bytes < 1 << 22; bytes = Math.ceil(bytes * 1.37) + 1) {
      const c = sizeClassBytes(bytes);
      expect(c % 64).toBe(0);
      expect(c).toBeGreaterThanOrEqual(bytes);
      if (bytes > 256) expect(c / bytes).toBeLessThan(1.25);
    }
  });
});

describe("WasmArena", () => {
  it("reuses freed buffers: a repeated workload stops growing memory after the first round", () => {
    const round = () => {
      const bufs = [wasm.alloc(1000), wasm.alloc(70_000), wasm.alloc(3)];
      wasm.matmul(new Float32Array(300 * 200), new Float32Array(200 * 100), 300, 200, 100);
      for (const b of bufs) b.free();
    };
    round();
    const before = wasm.arena.stats();
    for (let i = 0; i < 20; i++) round();
    const after = wasm.arena.stats();
    expect(after.growCount).toBe(before.growCount);
    expect(after.reservedBytes).toBe(before.reservedBytes);
    expect(after.inUseBytes).toBe(before.inUseBytes);
  });

  it("returns 64-byte aligned, non-overlapping buffers", () => {
    const bufs = [5, 17, 1, 4096, 33].map((n) => wasm.alloc(n));
    const spans = bufs.map((b) => [b.ptr, b.ptr + b.capacity] as const).sort((a, b) => a[0] - b[0]);
    for (const [i, [start, end]] of spans.entries()) {
      expect(start % 64).toBe(0);
      if (i > 0) expect(start).toBeGreaterThanOrEqual(spans[i - 1]![1]);
      expect(end).toBeLessThanOrEqual(wasm.memory.buffer.byteLength);
    }
    for (const b of bufs) b.free();
  });

  it("gives fresh views after memory grows, with the contents intact", () => {
    const a = wasm.upload([1, 2, 3]);
    const oldView = a.array;
    const big = wasm.alloc(8 * 1024 * 1024); // forces memory.grow
    expect(oldView.length).toBe(0); // detached by the growth
    expect(Array.from(a.array)).toEqual([1, 2, 3]);
    big.free();
    a.free();
  });

  it("reports misuse by name", () => {
    const a = wasm.alloc(4);
    a.free();
    expect(() => a.free()).toThrow(WasmBufferError);
    expect(() => a.array).toThrow(/array: WasmF32 at \d+ \(4 floats\) was already freed/);
    expect(() => wasm.alloc(-1)).toThrow(
      new WasmSizeError("wasm arena: alloc length -1 must be a non-negative integer"),
    );
    expect(() => wasm.alloc(2.5)).toThrow(WasmSizeError);
    const b = wasm.alloc(2);
    expect(() => b.set([1, 2, 3])).toThrow(/WasmF32.set: source has 3 elements, buffer has 2/);
    b.free();
  });

  it("refuses buffers of another backend instance", async () => {
    const other = await createWasmBackend();
    const foreign = other.upload([1, 2]);
    expect(() => wasm.unary("relu", foreign)).toThrow(
      /unary\(relu\): x is a WasmF32 of another wasm backend instance/,
    );
    foreign.free();
  });
});
