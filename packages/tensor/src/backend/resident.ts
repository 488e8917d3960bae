// Storage that lives inside the wasm backend's memory ("wasm-resident"): a typed-array view of an arena
// buffer, so the JS kernels read it like any array and the wasm kernels take it in place (no copy in).
// This file allocates such storage, remembers which arena buffer backs each view, frees the buffer on
// dispose() or, as a safety net, when the view is garbage (FinalizationRegistry), and tracks the storages
// created inside tidy() scopes. Deliberately not here: the Tensor API (src/tensor.ts, src/ops/to-backend.ts)
// and the decision of which tensors become resident (explicit moves only).
import type { Storage } from "../dtype";
import type { WasmF32 } from "./wasm/arena";
import type { WasmBackend } from "./wasm/wasm-backend";

/** The arena buffer behind a resident storage and whether it was released. */
export interface ResidentEntry {
  readonly buffer: WasmF32;
  released: boolean;
}

const entries = new WeakMap<Storage, ResidentEntry>();

// The held value is the entry (it references the arena buffer, never the view), so the view can be collected.
const finaliser = new FinalizationRegistry<ResidentEntry>((entry) => release(entry));

/** Storages created inside each open tidy() scope, innermost last. */
const scopes: Storage[][] = [];

/** The resident entry of a storage, or undefined for JS-heap storage. */
export function residentEntry(data: Storage): ResidentEntry | undefined {
  return entries.get(data);
}

/**
 * A copy of `src` in the wasm memory of `wasm`, as a view of the same element type. Needs a shared memory
 * (a non-shared memory detaches its views when it grows); callers check `wasm.sharedMemory` first.
 */
export function residentCopy(wasm: WasmBackend, src: Storage): Storage {
  const n = src.length;
  const buffer = wasm.alloc(n); // 4-byte elements: f32 and i32 share the arena's unit
  const view =
    src instanceof Int32Array
      ? new Int32Array(wasm.memory.buffer, buffer.ptr, n)
      : new Float32Array(wasm.memory.buffer, buffer.ptr, n);
  view.set(src);
  const entry: ResidentEntry = { buffer, released: false };
  entries.set(view, entry);
  finaliser.register(view, entry, entry);
  scopes.at(-1)?.push(view);
  return view;
}

/** Returns the arena buffer to its pool (once); later reads through the tensor API throw DISPOSED. */
export function release(entry: ResidentEntry): void {
  if (entry.released) return;
  entry.released = true;
  finaliser.unregister(entry);
  entry.buffer.free();
}

/** Opens a tidy scope; `closeScope` returns the resident storages created since, innermost scope only. */
export function openScope(): void {
  scopes.push([]);
}

export function closeScope(): Storage[] {
  return scopes.pop() ?? [];
}

/** Hands storages kept by an inner scope to the enclosing one (so it frees them if it drops them). */
export function adoptIntoOuterScope(kept: readonly Storage[]): void {
  scopes.at(-1)?.push(...kept);
}
