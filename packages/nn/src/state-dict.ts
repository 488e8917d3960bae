// State dicts to and from safetensors bytes, through @paramlens/tensor's reader and writer. Float32 and
// int32 tensors round-trip bit-exactly. Reading and writing files is the caller's job (fs in Node, fetch
// or File in browsers); this file only converts.
import { loadSafetensors, saveSafetensors } from "@paramlens/tensor";
import type { AnyModule, LoadStateDictOptions, LoadStateDictResult } from "./module";

/** The module's stateDict() as a safetensors file image (optional string metadata in `__metadata__`). */
export function saveStateDict(module: AnyModule, metadata?: Readonly<Record<string, string>>): Uint8Array {
  return saveSafetensors(module.stateDict(), metadata ?? null);
}

/** Loads a safetensors file image into the module with loadStateDict's name and shape checks. */
export function loadStateDictFromSafetensors(
  module: AnyModule,
  bytes: Uint8Array,
  options: LoadStateDictOptions = {},
): LoadStateDictResult {
  return module.loadStateDict(loadSafetensors(bytes), options);
}
