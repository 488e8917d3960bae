// In-place version counters per data buffer. copy_/fill_/zero_ bump the counter of the buffer they write;
// `record` remembers the counters of an op's inputs and output, and backward refuses to run a rule whose
// tensors were overwritten since (it would silently compute a wrong gradient). Writes straight into
// `tensor.data` bypass this check. Counters are per ArrayBuffer, except for wasm-resident storage: every
// resident tensor is a view of the one shared wasm memory, so each view array counts for itself.
import type { Storage } from "../dtype";

const versions = new WeakMap<object, number>();

function key(data: Storage): object {
  return typeof SharedArrayBuffer !== "undefined" && data.buffer instanceof SharedArrayBuffer
    ? data
    : data.buffer;
}

export function versionOf(data: Storage): number {
  return versions.get(key(data)) ?? 0;
}

export function bumpVersion(data: Storage): void {
  versions.set(key(data), versionOf(data) + 1);
}
