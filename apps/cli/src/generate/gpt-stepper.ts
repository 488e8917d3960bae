// nn's GPT as a NextTokenModel: the prompt runs once into a KVCache, then each step runs one token
// against it (GPT.forward(ids, { cache })), without gradients and in eval mode. It does not slide the
// window: the generation loop stops when the context is full.
import { type GPT, KVCache } from "@paramlens/nn";
import { noGrad, Tensor } from "@paramlens/tensor";
import type { NextTokenModel } from "./generation-loop";

export function gptStepper(model: GPT): NextTokenModel {
  const cache = new KVCache();
  const v = model.config.vocabSize;
  model.eval();
  return {
    contextLength: model.config.contextLength,
    next(ids) {
      const t = ids.length;
      const logits = noGrad(() => model.forward(new Tensor(Int32Array.from(ids), [1, t]), { cache })); // (1, t, V)
      const data = logits.contiguous().toTypedArray() as Float32Array;
      return data.slice((t - 1) * v, t * v); // the last position's logits (V)
    },
  };
}
