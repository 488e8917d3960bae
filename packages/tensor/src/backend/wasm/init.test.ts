// Loading: SIMD detection, the unsupported path, the shared instance, and that the committed module bytes
// are exactly what assembly/ compiles to today (recompiles with asc: a few seconds).
import { afterEach, describe, expect, it, vi } from "vitest";
import { compileKernels } from "../../../assembly/build.mjs";
import { WasmUnsupportedError } from "./errors";
import { createWasmBackend, getWasmBackend, initWasmBackend } from "./init";
import { kernelsWasmBase64, kernelsWasmByteLength } from "./module-bytes.generated";
import { kernelsSharedWasmBase64, kernelsSharedWasmByteLength } from "./module-bytes-shared.generated";
import {
  isWasmSimdSupported,
  wasmSharedMemoryUnsupportedReason,
  wasmSimdUnsupportedReason,
} from "./simd-support";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("wasm backend loading", () => {
  it("detects SIMD on Node 20", () => {
    expect(isWasmSimdSupported()).toBe(true);
    expect(wasmSimdUnsupportedReason()).toBeUndefined();
  });

  it("reports a runtime without SIMD cleanly instead of failing later", async () => {
    vi.spyOn(WebAssembly, "validate").mockReturnValue(false);
    expect(isWasmSimdSupported()).toBe(false);
    const error = await createWasmBackend().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WasmUnsupportedError);
    expect(error).toMatchObject({
      code: "WASM_UNSUPPORTED",
      message: "wasm backend unavailable: this runtime's WebAssembly has no SIMD (v128) support",
    });
  });

  it("shares one instance through initWasmBackend / getWasmBackend", async () => {
    const a = await initWasmBackend();
    expect(await initWasmBackend()).toBe(a);
    expect(getWasmBackend()).toBe(a);
    expect(await createWasmBackend()).not.toBe(a);
  });

  it("creates a backend in shared memory on request, and says why when it cannot", async () => {
    expect(wasmSharedMemoryUnsupportedReason()).toBeUndefined();
    const shared = await createWasmBackend({ sharedMemory: true });
    expect(shared.sharedMemory).toBe(true);
    expect(Array.from(shared.matmul(new Float32Array([1, 2]), new Float32Array([3, 4]), 1, 2, 1))).toEqual([
      11,
    ]);
    expect((await createWasmBackend()).sharedMemory).toBe(false);
    vi.stubGlobal("SharedArrayBuffer", undefined);
    await expect(createWasmBackend({ sharedMemory: true })).rejects.toThrow(
      /wasm backend unavailable: SharedArrayBuffer is unavailable \(browsers need a cross-origin isolated page/,
    );
    vi.unstubAllGlobals();
  });

  it("embeds exactly the bytes assembly/ compiles to (run `pnpm run build:wasm` if this fails)", async () => {
    const [fresh, freshShared] = await Promise.all([compileKernels("release"), compileKernels("shared")]);
    expect(kernelsWasmByteLength).toBe(fresh.length);
    expect(kernelsWasmBase64).toBe(Buffer.from(fresh).toString("base64"));
    expect(kernelsSharedWasmByteLength).toBe(freshShared.length);
    expect(kernelsSharedWasmBase64).toBe(Buffer.from(freshShared).toString("base64"));
  }, 60_000);
});
