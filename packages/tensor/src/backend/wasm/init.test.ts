// Loading: SIMD detection, the unsupported path, the shared instance, and that the committed module bytes
// are exactly what assembly/ compiles to today (recompiles with asc: a few seconds).
import { afterEach, describe, expect, it, vi } from "vitest";
import { compileKernels } from "../../../assembly/build.mjs";
import { WasmUnsupportedError } from "./errors";
import { createWasmBackend, getWasmBackend, initWasmBackend } from "./init";
import { kernelsWasmBase64, kernelsWasmByteLength } from "./module-bytes.generated";
import { isWasmSimdSupported, wasmSimdUnsupportedReason } from "./simd-support";

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

  it("embeds exactly the bytes assembly/ compiles to (run `pnpm run build:wasm` if this fails)", async () => {
    const fresh = await compileKernels();
    expect(kernelsWasmByteLength).toBe(fresh.length);
    expect(kernelsWasmBase64).toBe(Buffer.from(fresh).toString("base64"));
  }, 60_000);
});
