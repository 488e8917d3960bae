// Argument definitions shared by several commands, kept in one place so a flag means the same thing
// everywhere: output flags (--json, --debug) on every command, model-config flags wherever a model is
// described by its fields. Parsing the values into typed options lives in model-overrides.ts.
import type { ArgsDef } from "citty";

export const outputArgs = {
  json: { type: "boolean", description: "Print stable JSON to stdout instead of a table" },
  debug: { type: "boolean", description: "Print the stack trace when something fails" },
} as const satisfies ArgsDef;

/** One flag per GPT config field; on a preset or --config they override that model's field. */
export const modelArgs = {
  layers: { type: "string", valueHint: "n", description: "Transformer blocks L" },
  "d-model": { type: "string", valueHint: "n", description: "Residual width d_model" },
  heads: { type: "string", valueHint: "n", description: "Query heads" },
  "kv-heads": {
    type: "string",
    valueHint: "n",
    description: "Key/value heads (fewer than --heads: GQA; 1: MQA)",
  },
  "head-dim": { type: "string", valueHint: "n", description: "Width of one head (default d_model / heads)" },
  vocab: { type: "string", valueHint: "n", description: "Vocabulary size" },
  context: {
    type: "string",
    valueHint: "n",
    description: "Context length n_ctx; FLOPs and the KV cache are computed at it",
  },
  "d-ff": { type: "string", valueHint: "n", description: "MLP hidden width d_ff (default 4 × d_model)" },
  mlp: { type: "enum", options: ["gelu", "swiglu", "geglu"], description: "MLP kind (gated: 3 matrices)" },
  norm: { type: "enum", options: ["layernorm", "rmsnorm"], description: "Norm kind" },
  pos: { type: "enum", options: ["learned", "rotary", "alibi", "none"], description: "Position encoding" },
  tie: { type: "boolean", description: "Tie the LM head to the token embedding (--no-tie: separate head)" },
  bias: { type: "boolean", description: "Biases on attention and MLP projections (--no-bias: none)" },
  experts: { type: "string", valueHint: "n", description: "Mixture of experts: routed experts per layer" },
  "experts-per-token": {
    type: "string",
    valueHint: "k",
    description: "Mixture of experts: experts each token uses",
  },
} as const satisfies ArgsDef;

/** Inference-memory flags: batch for the KV cache and the precisions to tabulate. */
export const memoryArgs = {
  batch: { type: "string", valueHint: "n", description: "Sequences in the KV cache (default 1)" },
  precision: {
    type: "string",
    valueHint: "list",
    description:
      "Comma-separated precisions: fp32, fp16, bf16, fp8, int8, int4 (default fp32,bf16,int8,int4)",
  },
  "kv-precision": {
    type: "string",
    valueHint: "p",
    description: "KV-cache precision (default: each row's own)",
  },
} as const satisfies ArgsDef;

/** Hardware and deployment flags of `paramlens fit` (and `params --gpu`). */
export const fitArgs = {
  gpu: {
    type: "string",
    valueHint: "id",
    description: "Device id (h100-sxm, a100-80gb, rtx-4090, m2-ultra …; see `paramlens fit --list-gpus`)",
  },
  gpus: {
    type: "string",
    valueHint: "n",
    description: "Devices the model is split over (tensor parallel; default 1)",
  },
  quant: {
    type: "string",
    valueHint: "q",
    description:
      "Weights: bf16, fp16, fp32, a GGUF type (q4_k_m, q8_0 …), gptq-4[-g128], awq[-g128], nf4[-dq], int8, fp8[-block]",
  },
  "kv-cache": {
    type: "string",
    valueHint: "t",
    description: "KV-cache type: f16 (default), bf16, q8_0, q4_0, fp8 …",
  },
  prompt: {
    type: "string",
    valueHint: "n",
    description: "Prompt tokens for the prefill estimate (default: --context)",
  },
  train: { type: "boolean", description: "Size training instead of serving" },
  tp: { type: "string", valueHint: "n", description: "Training: tensor-parallel degree" },
  pp: { type: "string", valueHint: "n", description: "Training: pipeline-parallel degree" },
  dp: {
    type: "string",
    valueHint: "n",
    description: "Training: data-parallel degree (default: the fewest that fit)",
  },
  zero: { type: "enum", options: ["0", "1", "2", "3"], description: "Training: ZeRO stage (default 3)" },
  recompute: {
    type: "enum",
    options: ["none", "selective", "full"],
    description: "Training: activation recomputation",
  },
  optimizer: {
    type: "enum",
    options: ["adamw", "adamw-8bit", "sgd-momentum", "sgd"],
    description: "Training: optimizer (default adamw)",
  },
  tokens: {
    type: "string",
    valueHint: "n",
    description: "Training: token budget, for time and cost (e.g. 2e12)",
  },
  mfu: { type: "string", valueHint: "x", description: "Training: model FLOPs utilisation (default 0.4)" },
  price: {
    type: "string",
    valueHint: "$/h",
    description: "Training: price of one device-hour, for the cost",
  },
  lora: { type: "string", valueHint: "rank", description: "Fine-tune with LoRA at this rank (with --train)" },
  qlora: { type: "boolean", description: "With --lora: QLoRA (NF4 base)" },
  "lora-targets": {
    type: "string",
    valueHint: "list",
    description: "LoRA targets: q,k,v,o,gate,up,down (default q,v)",
  },
} as const satisfies ArgsDef;
