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
