// In-place version counters per data buffer. copy_/fill_/zero_ bump the counter of the buffer they write;
// `record` remembers the counters of an op's inputs and output, and backward refuses to run a rule whose
// tensors were overwritten since (it would silently compute a wrong gradient). Writes straight into
// `tensor.data` bypass this check.
import type { Storage } from "../dtype";

const versions = new WeakMap<ArrayBufferLike, number>();

export function versionOf(data: Storage): number {
  return versions.get(data.buffer) ?? 0;
}

export function bumpVersion(data: Storage): void {
  versions.set(data.buffer, versionOf(data) + 1);
}
