// Memory to serve and to train a model.
import { formatBytes, getPreset, kvCacheBytes, trainingMemory } from "@paramlens/gpt-params";

// KV cache of Llama 2 7B for one 4096-token sequence at fp16: 2 · 32 layers · 32 heads · 128 · 4096 · 2 bytes.
const kv = kvCacheBytes(getPreset("llama2-7b").config, { contextLength: 4096, dtype: "fp16" });
console.log(formatBytes(kv, { binary: true })); // → 2 GiB

// ZeRO stage 1 on 64 GPUs for a 7.5B model (Rajbhandari et al. 2020, Figure 1: 31.4 GB per GPU).
const zero = trainingMemory(7.5e9, { zeroStage: 1, dataParallel: 64 });
console.log(formatBytes(zero.perDevice.total, { digits: 3 })); // → 31.4 GB
