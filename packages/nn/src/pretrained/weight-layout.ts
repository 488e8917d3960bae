// Where each Hugging Face tensor goes in our GPT, per family: checkpoint names (as transformers'
// modeling_<family>.py registers them), their expected shapes from the config, and how they become our
// parameters — kept as is, transposed (GPT-2's Conv1D stores [in, out]), concatenated (separate
// q/k/v_proj → one c_attn with rows [q | k | v]), regrouped (GPT-NeoX/BLOOM fuse QKV per head:
// rows (head, q/k/v, dim) → (q/k/v, head, dim)) or split (Phi-3's gate_up_proj → gate_proj, up_proj).
// Non-parameter buffers (causal masks, rotary inv_freq, position_ids) are recognised and skipped.
// It reads no bytes: load-pretrained.ts streams tensors through it.
import type { GPTConfig } from "@paramlens/gpt-params";
import type { PretrainedFamily } from "./hf-architecture";

/** One of our parameters and the checkpoint tensors it is made from. */
export interface WeightTarget {
  /** Our parameter name (GPT's state-dict key). */
  param: string;
  /** Checkpoint tensor names (without the model prefix) it is built from. */
  sources: string[];
  /** Expected shape of each source, in the checkpoint's layout. */
  shapes: number[][];
  /** Writes our data (out, the parameter's length) from the sources' data; absent: "the one source, unchanged". */
  assemble?: (parts: Float32Array[], out: Float32Array) => void;
}

export interface WeightLayout {
  targets: WeightTarget[];
  /** Prefixes stripped from checkpoint names (the first that matches), e.g. "model." */
  prefixes: string[];
  /** Checkpoint names that are buffers, not parameters (skipped). */
  isBuffer: (name: string) => boolean;
  /** Checkpoint names that may be present and are ignored (a tied lm_head.weight: transformers re-ties it). */
  ignorable: (name: string) => boolean;
}

/** [in, out] (Conv1D) → [out, in]. */
function transposeData(rows: number, cols: number) {
  return ([x]: Float32Array[], out: Float32Array): void => {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x![r * cols + c]!;
  };
}

function concatData(parts: Float32Array[], out: Float32Array): void {
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
}

/** Rows (head, s, dim) with s ∈ {q, k, v} → (s, head, dim); `width` values per row (1 for a bias). */
function perHeadToBlocks(heads: number, hd: number, width: number) {
  return ([x]: Float32Array[], out: Float32Array): void => {
    for (let h = 0; h < heads; h++) {
      for (let s = 0; s < 3; s++) {
        const from = (h * 3 + s) * hd * width;
        const to = (s * heads + h) * hd * width;
        out.set(x!.subarray(from, from + hd * width), to);
      }
    }
  };
}

/**
 * Falcon's new_decoder_architecture query_key_value: rows (kv group, slot, dim) with slots [q × perKv, k, v]
 * → [q (group, slot) | k (group) | v (group)]; `width` values per row (1 for a bias).
 */
function groupedToBlocks(groups: number, perKv: number, hd: number, width: number) {
  return ([x]: Float32Array[], out: Float32Array): void => {
    const row = hd * width;
    const kStart = groups * perKv * row;
    const vStart = kStart + groups * row;
    for (let g = 0; g < groups; g++) {
      const base = g * (perKv + 2) * row;
      out.set(x!.subarray(base, base + perKv * row), g * perKv * row);
      out.set(x!.subarray(base + perKv * row, base + (perKv + 1) * row), kStart + g * row);
      out.set(x!.subarray(base + (perKv + 1) * row, base + (perKv + 2) * row), vStart + g * row);
    }
  };
}

function rowsData(start: number, end: number, width: number) {
  return ([x]: Float32Array[], out: Float32Array): void => out.set(x!.subarray(start * width, end * width));
}

/** The layout of `family` for `config` (our GPT built from that config has exactly these parameters). */
export function weightLayout(
  family: PretrainedFamily,
  c: GPTConfig,
  hfConfig: Record<string, unknown> = {},
): WeightLayout {
  // Falcon's new decoder architecture names its two parallel norms ln_attn / ln_mlp
  const newFalcon = family === "falcon" && hfConfig.new_decoder_architecture === true;
  const d = c.dModel;
  const dq = c.nHeads * c.headDim;
  const dkv = c.nKVHeads * c.headDim;
  const dff = c.dFF;
  const t: WeightTarget[] = [];
  const direct = (param: string, source: string, shape: number[]) =>
    t.push({ param, sources: [source], shapes: [shape] });
  /** weight and optional bias of a Linear d_in → d_out stored [out, in] (nn.Linear). */
  const linear = (ours: string, theirs: string, dIn: number, dOut: number, bias: boolean) => {
    direct(`${ours}.weight`, `${theirs}.weight`, [dOut, dIn]);
    if (bias) direct(`${ours}.bias`, `${theirs}.bias`, [dOut]);
  };
  /** Conv1D (GPT-2): weight stored [in, out]. */
  const conv1d = (ours: string, theirs: string, dIn: number, dOut: number) => {
    t.push({
      param: `${ours}.weight`,
      sources: [`${theirs}.weight`],
      shapes: [[dIn, dOut]],
      assemble: transposeData(dIn, dOut),
    });
    direct(`${ours}.bias`, `${theirs}.bias`, [dOut]);
  };
  const norm = (ours: string, theirs: string) => {
    direct(`${ours}.weight`, `${theirs}.weight`, [d]);
    if (c.norm === "layernorm") direct(`${ours}.bias`, `${theirs}.bias`, [d]);
  };
  /** separate q/k/v projections → c_attn rows [q | k | v]. */
  const qkvSeparate = (ours: string, q: string, k: string, v: string) => {
    t.push({
      param: `${ours}.weight`,
      sources: [`${q}.weight`, `${k}.weight`, `${v}.weight`],
      shapes: [
        [dq, d],
        [dkv, d],
        [dkv, d],
      ],
      assemble: concatData,
    });
    if (c.bias.qkv) {
      t.push({
        param: `${ours}.bias`,
        sources: [`${q}.bias`, `${k}.bias`, `${v}.bias`],
        shapes: [[dq], [dkv], [dkv]],
        assemble: concatData,
      });
    }
  };
  /** GPT-NeoX / BLOOM query_key_value: rows grouped per head. */
  const qkvPerHead = (ours: string, theirs: string) => {
    t.push({
      param: `${ours}.weight`,
      sources: [`${theirs}.weight`],
      shapes: [[3 * dq, d]],
      assemble: perHeadToBlocks(c.nHeads, c.headDim, d),
    });
    if (c.bias.qkv) {
      t.push({
        param: `${ours}.bias`,
        sources: [`${theirs}.bias`],
        shapes: [[3 * dq]],
        assemble: perHeadToBlocks(c.nHeads, c.headDim, 1),
      });
    }
  };
  const gated = (ours: string, theirs: string, width: number, bias: boolean) => {
    linear(`${ours}.gate_proj`, `${theirs}.gate_proj`, d, width, bias);
    linear(`${ours}.up_proj`, `${theirs}.up_proj`, d, width, bias);
    linear(`${ours}.down_proj`, `${theirs}.down_proj`, width, d, bias);
  };
  const lmHead = () => {
    if (!c.tiedEmbeddings)
      linear("lm_head", family === "gpt_neox" ? "embed_out" : "lm_head", d, c.vocabSize, c.bias.lmHead);
  };

  let prefixes: string[];
  let buffers: RegExp;
  const V = c.vocabSize;
  switch (family) {
    case "gpt2": {
      prefixes = ["transformer."];
      buffers = /^h\.\d+\.attn\.(bias|masked_bias)$/;
      direct("wte.weight", "wte.weight", [V, d]);
      direct("wpe.weight", "wpe.weight", [c.positionRows, d]);
      for (let i = 0; i < c.nLayers; i++) {
        const h = `h.${i}`;
        norm(`${h}.ln_1`, `${h}.ln_1`);
        conv1d(`${h}.attn.c_attn`, `${h}.attn.c_attn`, d, dq + 2 * dkv);
        conv1d(`${h}.attn.c_proj`, `${h}.attn.c_proj`, dq, d);
        norm(`${h}.ln_2`, `${h}.ln_2`);
        conv1d(`${h}.mlp.c_fc`, `${h}.mlp.c_fc`, d, dff);
        conv1d(`${h}.mlp.c_proj`, `${h}.mlp.c_proj`, dff, d);
      }
      norm("ln_f", "ln_f");
      break;
    }
    case "gpt_neox": {
      prefixes = ["gpt_neox."];
      buffers = /^layers\.\d+\.attention\.(bias|masked_bias|rotary_emb\.inv_freq)$|^rotary_emb\.inv_freq$/;
      direct("wte.weight", "embed_in.weight", [V, d]);
      for (let i = 0; i < c.nLayers; i++) {
        const [h, l] = [`h.${i}`, `layers.${i}`];
        norm(`${h}.ln_1`, `${l}.input_layernorm`);
        qkvPerHead(`${h}.attn.c_attn`, `${l}.attention.query_key_value`);
        linear(`${h}.attn.c_proj`, `${l}.attention.dense`, dq, d, c.bias.attnOut);
        norm(`${h}.ln_2`, `${l}.post_attention_layernorm`);
        linear(`${h}.mlp.c_fc`, `${l}.mlp.dense_h_to_4h`, d, dff, true);
        linear(`${h}.mlp.c_proj`, `${l}.mlp.dense_4h_to_h`, dff, d, true);
      }
      norm("ln_f", "final_layer_norm");
      break;
    }
    case "llama":
    case "mistral":
    case "mixtral":
    case "qwen2":
    case "gemma":
    case "phi3": {
      prefixes = ["model."];
      buffers = /^layers\.\d+\.self_attn\.rotary_emb\.inv_freq$|^rotary_emb\.inv_freq$/;
      direct("wte.weight", "embed_tokens.weight", [V, d]);
      for (let i = 0; i < c.nLayers; i++) {
        const [h, l] = [`h.${i}`, `layers.${i}`];
        norm(`${h}.ln_1`, `${l}.input_layernorm`);
        if (family === "phi3")
          linear(`${h}.attn.c_attn`, `${l}.self_attn.qkv_proj`, d, dq + 2 * dkv, c.bias.qkv);
        else
          qkvSeparate(
            `${h}.attn.c_attn`,
            `${l}.self_attn.q_proj`,
            `${l}.self_attn.k_proj`,
            `${l}.self_attn.v_proj`,
          );
        linear(`${h}.attn.c_proj`, `${l}.self_attn.o_proj`, dq, d, c.bias.attnOut);
        norm(`${h}.ln_2`, `${l}.post_attention_layernorm`);
        if (family === "mixtral") {
          const moe = c.moe!;
          const m = `${l}.block_sparse_moe`;
          linear(`${h}.mlp.router`, `${m}.gate`, d, moe.nExperts, false);
          for (let e = 0; e < moe.nExperts; e++) {
            const [ours, theirs] = [`${h}.mlp.experts.${e}`, `${m}.experts.${e}`];
            linear(`${ours}.gate_proj`, `${theirs}.w1`, d, moe.expertDFF, false);
            linear(`${ours}.up_proj`, `${theirs}.w3`, d, moe.expertDFF, false);
            linear(`${ours}.down_proj`, `${theirs}.w2`, moe.expertDFF, d, false);
          }
        } else if (family === "phi3") {
          // modeling_phi3.py Phi3MLP: gate, up_states = gate_up_proj(x).chunk(2, dim=-1)
          const src = [`${l}.mlp.gate_up_proj.weight`];
          t.push({
            param: `${h}.mlp.gate_proj.weight`,
            sources: src,
            shapes: [[2 * dff, d]],
            assemble: rowsData(0, dff, d),
          });
          t.push({
            param: `${h}.mlp.up_proj.weight`,
            sources: src,
            shapes: [[2 * dff, d]],
            assemble: rowsData(dff, 2 * dff, d),
          });
          linear(`${h}.mlp.down_proj`, `${l}.mlp.down_proj`, dff, d, false);
        } else gated(`${h}.mlp`, `${l}.mlp`, dff, c.bias.mlp);
      }
      norm("ln_f", "norm");
      break;
    }
    case "opt": {
      prefixes = ["model.decoder.", "decoder."];
      buffers = /^$/;
      direct("wte.weight", "embed_tokens.weight", [V, d]);
      direct("wpe.weight", "embed_positions.weight", [c.positionRows, d]);
      for (let i = 0; i < c.nLayers; i++) {
        const [h, l] = [`h.${i}`, `layers.${i}`];
        norm(`${h}.ln_1`, `${l}.self_attn_layer_norm`);
        qkvSeparate(
          `${h}.attn.c_attn`,
          `${l}.self_attn.q_proj`,
          `${l}.self_attn.k_proj`,
          `${l}.self_attn.v_proj`,
        );
        linear(`${h}.attn.c_proj`, `${l}.self_attn.out_proj`, dq, d, c.bias.attnOut);
        norm(`${h}.ln_2`, `${l}.final_layer_norm`);
        linear(`${h}.mlp.c_fc`, `${l}.fc1`, d, dff, c.bias.mlp);
        linear(`${h}.mlp.c_proj`, `${l}.fc2`, dff, d, c.bias.mlp);
      }
      if (c.finalNorm) norm("ln_f", "final_layer_norm");
      break;
    }
    case "gptj": {
      prefixes = ["transformer."];
      buffers = /^h\.\d+\.attn\.(bias|masked_bias|embed_positions)$/;
      direct("wte.weight", "wte.weight", [V, d]);
      for (let i = 0; i < c.nLayers; i++) {
        const h = `h.${i}`;
        norm(`${h}.ln_1`, `${h}.ln_1`);
        qkvSeparate(`${h}.attn.c_attn`, `${h}.attn.q_proj`, `${h}.attn.k_proj`, `${h}.attn.v_proj`);
        linear(`${h}.attn.c_proj`, `${h}.attn.out_proj`, dq, d, false);
        linear(`${h}.mlp.c_fc`, `${h}.mlp.fc_in`, d, dff, true);
        linear(`${h}.mlp.c_proj`, `${h}.mlp.fc_out`, dff, d, true);
      }
      norm("ln_f", "ln_f");
      break;
    }
    case "phi": {
      prefixes = ["model."];
      buffers = /^layers\.\d+\.self_attn\.rotary_emb\.inv_freq$|^rotary_emb\.inv_freq$/;
      direct("wte.weight", "embed_tokens.weight", [V, d]);
      for (let i = 0; i < c.nLayers; i++) {
        const [h, l] = [`h.${i}`, `layers.${i}`];
        norm(`${h}.ln_1`, `${l}.input_layernorm`);
        qkvSeparate(
          `${h}.attn.c_attn`,
          `${l}.self_attn.q_proj`,
          `${l}.self_attn.k_proj`,
          `${l}.self_attn.v_proj`,
        );
        linear(`${h}.attn.c_proj`, `${l}.self_attn.dense`, dq, d, true);
        linear(`${h}.mlp.c_fc`, `${l}.mlp.fc1`, d, dff, true);
        linear(`${h}.mlp.c_proj`, `${l}.mlp.fc2`, dff, d, true);
      }
      norm("ln_f", "final_layernorm");
      break;
    }
    case "falcon": {
      prefixes = ["transformer."];
      buffers = /^h\.\d+\.self_attention\.rotary_emb\.inv_freq$|^rotary_emb\.inv_freq$/;
      direct("wte.weight", "word_embeddings.weight", [V, d]);
      const perKv = c.nHeads / c.nKVHeads;
      for (let i = 0; i < c.nLayers; i++) {
        const h = `h.${i}`;
        const qkv = `${h}.self_attention.query_key_value`;
        // modeling_falcon.py FalconAttention._split_heads: new architecture grouped per KV head; multi-query
        // [q heads | k | v] (our layout); otherwise per head like GPT-NeoX
        if (family === "falcon" && c.nKVHeads !== 1 && c.nKVHeads !== c.nHeads) {
          t.push({
            param: `${h}.attn.c_attn.weight`,
            sources: [`${qkv}.weight`],
            shapes: [[dq + 2 * dkv, d]],
            assemble: groupedToBlocks(c.nKVHeads, perKv, c.headDim, d),
          });
          if (c.bias.qkv) {
            t.push({
              param: `${h}.attn.c_attn.bias`,
              sources: [`${qkv}.bias`],
              shapes: [[dq + 2 * dkv]],
              assemble: groupedToBlocks(c.nKVHeads, perKv, c.headDim, 1),
            });
          }
        } else if (c.nKVHeads === 1 && c.nHeads > 1) {
          linear(`${h}.attn.c_attn`, qkv, d, dq + 2 * dkv, c.bias.qkv);
        } else qkvPerHead(`${h}.attn.c_attn`, qkv);
        linear(`${h}.attn.c_proj`, `${h}.self_attention.dense`, dq, d, c.bias.attnOut);
        linear(`${h}.mlp.c_fc`, `${h}.mlp.dense_h_to_4h`, d, dff, c.bias.mlp);
        linear(`${h}.mlp.c_proj`, `${h}.mlp.dense_4h_to_h`, dff, d, c.bias.mlp);
        if (c.normsPerLayer === 1) norm(`${h}.ln_1`, `${h}.input_layernorm`);
        else if (newFalcon) {
          norm(`${h}.ln_1`, `${h}.ln_attn`);
          norm(`${h}.ln_2`, `${h}.ln_mlp`);
        } else {
          norm(`${h}.ln_1`, `${h}.input_layernorm`);
          norm(`${h}.ln_2`, `${h}.post_attention_layernorm`);
        }
      }
      norm("ln_f", "ln_f");
      break;
    }
    case "openai-gpt": {
      prefixes = ["transformer."];
      buffers = /^h\.\d+\.attn\.bias$/;
      direct("wte.weight", "tokens_embed.weight", [V, d]);
      direct("wpe.weight", "positions_embed.weight", [c.positionRows, d]);
      for (let i = 0; i < c.nLayers; i++) {
        const h = `h.${i}`;
        conv1d(`${h}.attn.c_attn`, `${h}.attn.c_attn`, d, 3 * d);
        conv1d(`${h}.attn.c_proj`, `${h}.attn.c_proj`, d, d);
        norm(`${h}.ln_1`, `${h}.ln_1`);
        conv1d(`${h}.mlp.c_fc`, `${h}.mlp.c_fc`, d, dff);
        conv1d(`${h}.mlp.c_proj`, `${h}.mlp.c_proj`, dff, d);
        norm(`${h}.ln_2`, `${h}.ln_2`);
      }
      break;
    }
    case "gpt_bigcode": {
      prefixes = ["transformer."];
      buffers = /^h\.\d+\.attn\.(bias|masked_bias)$|^bias$/;
      direct("wte.weight", "wte.weight", [V, d]);
      direct("wpe.weight", "wpe.weight", [c.positionRows, d]);
      for (let i = 0; i < c.nLayers; i++) {
        const h = `h.${i}`;
        norm(`${h}.ln_1`, `${h}.ln_1`);
        // modeling_gpt_bigcode.py: multi-query c_attn rows [q | k | v]; multi-head rows per head (q, k, v)
        if (c.nKVHeads === 1 && c.nHeads > 1)
          linear(`${h}.attn.c_attn`, `${h}.attn.c_attn`, d, dq + 2 * dkv, true);
        else qkvPerHead(`${h}.attn.c_attn`, `${h}.attn.c_attn`);
        linear(`${h}.attn.c_proj`, `${h}.attn.c_proj`, dq, d, true);
        norm(`${h}.ln_2`, `${h}.ln_2`);
        linear(`${h}.mlp.c_fc`, `${h}.mlp.c_fc`, d, dff, true);
        linear(`${h}.mlp.c_proj`, `${h}.mlp.c_proj`, dff, d, true);
      }
      norm("ln_f", "ln_f");
      break;
    }
    case "bloom": {
      prefixes = ["transformer."];
      buffers = /^$/;
      direct("wte.weight", "word_embeddings.weight", [V, d]);
      norm("ln_emb", "word_embeddings_layernorm");
      for (let i = 0; i < c.nLayers; i++) {
        const h = `h.${i}`;
        norm(`${h}.ln_1`, `${h}.input_layernorm`);
        qkvPerHead(`${h}.attn.c_attn`, `${h}.self_attention.query_key_value`);
        linear(`${h}.attn.c_proj`, `${h}.self_attention.dense`, dq, d, true);
        norm(`${h}.ln_2`, `${h}.post_attention_layernorm`);
        linear(`${h}.mlp.c_fc`, `${h}.mlp.dense_h_to_4h`, d, dff, true);
        linear(`${h}.mlp.c_proj`, `${h}.mlp.dense_4h_to_h`, dff, d, true);
      }
      norm("ln_f", "ln_f");
      break;
    }
  }
  lmHead();
  const tiedHead = family === "gpt_neox" ? "embed_out.weight" : "lm_head.weight";
  return {
    targets: t,
    prefixes,
    isBuffer: (name) => buffers.test(name) || /(^|\.)position_ids$/.test(name),
    ignorable: (name) => c.tiedEmbeddings && name === tiedHead,
  };
}
