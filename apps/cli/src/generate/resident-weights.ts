// Moves a model's parameters into the wasm backend's memory (tensor's `t.to("wasm")`), so the wasm kernels
// read the weights in place instead of copying every weight in on each forward — for a GPT-2-small that
// copy is ~475 MiB per generated token (@paramlens/tensor README, "Where the storage lives"). Tied
// parameters (an LM head sharing the embedding) stay one tensor. Values are unchanged. Buffers are left
// where they are (nn's GPT registers none). For generation: not meant for a model that is being trained.
import type { AnyModule } from "@paramlens/nn";
import { noGrad, type Tensor } from "@paramlens/tensor";

/** Re-registers every parameter of `model` as a wasm-resident copy; returns how many tensors moved. */
export function makeWeightsResident(model: AnyModule): number {
  const moved = new Map<Tensor, Tensor>();
  for (const m of model.modules()) {
    for (const [name, t] of m.namedParameters({ recurse: false, removeDuplicate: false })) {
      let r = moved.get(t);
      if (r === undefined) {
        r = noGrad(() => t.to("wasm"));
        moved.set(t, r);
      }
      m.registerParameter(name, r, { requiresGrad: t.requiresGrad });
    }
  }
  return moved.size;
}
