// loadGPT2: builds a GPT from a Hugging Face GPT-2 safetensors checkpoint (GPT2Model or GPT2LMHeadModel
// names, with or without the "transformer." prefix). HF's Conv1D stores weights [in, out]; our Linear is
// PyTorch's [out, in], so c_attn, c_proj and c_fc weights are transposed. The causal-mask buffers
// attn.bias / attn.masked_bias are skipped; lm_head.weight, when present, must equal wte (GPT-2 ties them).
// The head count is not in the weights: pass nHeads, or it defaults to d_model / 64 (every released GPT-2).
import { type GPTConfig, validateConfig } from "@paramlens/gpt-params";
import { loadSafetensors, noGrad, type Tensor, transpose } from "@paramlens/tensor";
import { ModelError } from "./errors";
import { GPT, type GPTOptions } from "./gpt";

export interface LoadGPT2Options extends Omit<GPTOptions, "skipInit"> {
  /** Attention heads. Default dModel / 64 (GPT-2 small/medium/large/XL all use 64-wide heads). */
  nHeads?: number;
  /** Name for the config. Default "gpt2". */
  name?: string;
}

export interface LoadedGPT2 {
  model: GPT;
  config: GPTConfig;
}

const CONV1D = /^h\.\d+\.(attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)\.weight$/;
const SKIP = /^h\.\d+\.attn\.(bias|masked_bias)$/;

function need(sd: Record<string, Tensor>, key: string, rank: number): Tensor {
  const t = sd[key];
  if (t === undefined) throw new ModelError("CHECKPOINT", `loadGPT2: the checkpoint has no "${key}"`);
  if (t.ndim !== rank) {
    throw new ModelError("CHECKPOINT", `loadGPT2: "${key}" should be ${rank}-d, got [${t.shape.join(",")}]`);
  }
  return t;
}

/** Parses the safetensors bytes of a GPT-2 checkpoint and returns the loaded model (in eval mode). */
export function loadGPT2(bytes: Uint8Array, options: LoadGPT2Options = {}): LoadedGPT2 {
  const raw = loadSafetensors(bytes);
  const sd: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(raw)) sd[k.startsWith("transformer.") ? k.slice(12) : k] = t;

  const wte = need(sd, "wte.weight", 2);
  const wpe = need(sd, "wpe.weight", 2);
  const [vocabSize, dModel] = wte.shape as [number, number];
  let nLayers = 0;
  for (const k of Object.keys(sd)) {
    const m = /^h\.(\d+)\./.exec(k);
    if (m) nLayers = Math.max(nLayers, Number(m[1]) + 1);
  }
  if (nLayers === 0)
    throw new ModelError("CHECKPOINT", "loadGPT2: the checkpoint has no h.{i}.* block weights");
  const cFc = need(sd, "h.0.mlp.c_fc.weight", 2);
  const nHeads = options.nHeads ?? (dModel % 64 === 0 ? dModel / 64 : undefined);
  if (nHeads === undefined) {
    throw new ModelError(
      "OPTION",
      `loadGPT2: d_model ${dModel} is not a multiple of 64, so the head count cannot be assumed; pass { nHeads }`,
    );
  }
  const lmHead = sd["lm_head.weight"];
  const tied = lmHead === undefined || lmHead.toArray().every((v, i) => v === wte.data[wte.offset + i]);
  const config = validateConfig({
    name: options.name ?? "gpt2",
    vocabSize,
    contextLength: wpe.shape[0]!,
    dModel,
    nLayers,
    nHeads,
    dFF: cFc.shape[1]!,
    tiedEmbeddings: tied,
  });
  const model = new GPT(config, { ...options, skipInit: true });

  const mapped: Record<string, Tensor> = {};
  const unexpected: string[] = [];
  for (const [k, t] of Object.entries(sd)) {
    if (SKIP.test(k)) continue;
    if (k === "lm_head.weight") continue;
    if (
      !/^(wte|wpe|ln_f)\.|^h\.\d+\.(ln_1|ln_2|attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)\.(weight|bias)$/.test(
        k,
      )
    ) {
      unexpected.push(k);
      continue;
    }
    // Conv1D [in, out] → Linear [out, in]
    mapped[k] = CONV1D.test(k) ? transpose(t, 0, 1).contiguous() : t;
  }
  if (unexpected.length > 0) {
    throw new ModelError(
      "CHECKPOINT",
      `loadGPT2: unexpected tensors in the checkpoint: ${unexpected.join(", ")}`,
    );
  }
  mapped["lm_head.weight"] = tied ? wte : lmHead!;
  noGrad(() => model.loadStateDict(mapped));
  model.eval();
  return { model, config };
}
