// Test helper (not exported from the package): describeEachBackend runs one describe body once per
// backend, with every op size sent to that backend's kernels (wasm thresholds off), restoring the
// previous choice afterwards.
import { afterAll, beforeAll, describe } from "vitest";
import { getBackend, initBackend, setBackend } from "./active";
import type { BackendName } from "./backend";

export const BACKENDS: readonly BackendName[] = ["js", "wasm"];

export function describeEachBackend(name: string, body: (backend: BackendName) => void): void {
  for (const b of BACKENDS) {
    describe(`${name} [${b}]`, () => {
      let previous: BackendName = "js";
      beforeAll(async () => {
        previous = getBackend();
        await initBackend();
        setBackend(b, { thresholds: false });
      });
      afterAll(() => setBackend(previous, { thresholds: false }));
      body(b);
    });
  }
}
