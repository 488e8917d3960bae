// The calculator's editable model: every GPT config field as the text the reader typed, so an invalid
// entry survives (and reproduces from the URL) until it is fixed. It converts a validated config to that
// form and back to a config input; it never checks a value itself — @paramlens/gpt-params' validateConfig
// does, and names the field.
import { type GPTConfig, type GPTConfigInput, presets, validateConfig } from "@paramlens/gpt-params";

export type FieldKind = "int" | "enum" | "bool" | "intlist";

export interface FieldDef {
  key: string;
  kind: FieldKind;
  /** For enums. */
  options?: readonly string[];
  /** Blank means "derive it" (the library's default), shown as "auto". */
  auto?: boolean;
  group: "shape" | "block" | "bias" | "moe" | "mla";
}

/** Every config field the calculator edits, in display order. Keys are validateConfig's field paths. */
export const FIELDS: readonly FieldDef[] = [
  { key: "vocabSize", kind: "int", group: "shape" },
  { key: "contextLength", kind: "int", group: "shape" },
  { key: "dModel", kind: "int", group: "shape" },
  { key: "nLayers", kind: "int", group: "shape" },
  { key: "nHeads", kind: "int", group: "shape" },
  { key: "nKVHeads", kind: "int", auto: true, group: "shape" },
  { key: "headDim", kind: "int", auto: true, group: "shape" },
  { key: "dFF", kind: "int", auto: true, group: "shape" },
  { key: "mlp", kind: "enum", options: ["gelu", "swiglu", "geglu"], group: "block" },
  { key: "norm", kind: "enum", options: ["layernorm", "rmsnorm"], group: "block" },
  { key: "position", kind: "enum", options: ["learned", "rotary", "alibi", "none"], group: "block" },
  { key: "positionRows", kind: "int", auto: true, group: "block" },
  { key: "normsPerLayer", kind: "int", group: "block" },
  { key: "finalNorm", kind: "bool", group: "block" },
  { key: "embeddingNorm", kind: "bool", group: "block" },
  { key: "qkNorm", kind: "enum", options: ["none", "head", "full"], group: "block" },
  { key: "tiedEmbeddings", kind: "bool", group: "block" },
  { key: "bias.qkv", kind: "bool", group: "bias" },
  { key: "bias.attnOut", kind: "bool", group: "bias" },
  { key: "bias.mlp", kind: "bool", group: "bias" },
  { key: "bias.lmHead", kind: "bool", group: "bias" },
  { key: "moe", kind: "bool", group: "moe" },
  { key: "moe.nExperts", kind: "int", group: "moe" },
  { key: "moe.expertsPerToken", kind: "int", group: "moe" },
  { key: "moe.nSharedExperts", kind: "int", group: "moe" },
  { key: "moe.expertDFF", kind: "int", auto: true, group: "moe" },
  { key: "moe.sharedExpertDFF", kind: "int", auto: true, group: "moe" },
  { key: "moe.layers", kind: "intlist", auto: true, group: "moe" },
  { key: "moe.routerBias", kind: "bool", group: "moe" },
  { key: "moe.sharedExpertGate", kind: "bool", group: "moe" },
  { key: "mla", kind: "bool", group: "mla" },
  { key: "mla.qLoraRank", kind: "int", group: "mla" },
  { key: "mla.kvLoraRank", kind: "int", group: "mla" },
  { key: "mla.qkNopeHeadDim", kind: "int", group: "mla" },
  { key: "mla.qkRopeHeadDim", kind: "int", group: "mla" },
  { key: "mla.vHeadDim", kind: "int", group: "mla" },
  { key: "mtpModules", kind: "int", group: "mla" },
];

export const FIELD_KEYS: readonly string[] = FIELDS.map((f) => f.key);

/** Field key → the text in its input ("true"/"false" for checkboxes, "" for auto). */
export type Form = Record<string, string>;

/** The pseudo-preset for a config typed from scratch: GPT-2 small's defaults. */
export const CUSTOM = "custom";

/** The form that shows a validated config, leaving derived fields blank ("auto"). */
export function formFromConfig(c: GPTConfig): Form {
  const s = String;
  const autoHead = c.dModel % c.nHeads === 0 && c.headDim === c.dModel / c.nHeads;
  const form: Form = {
    vocabSize: s(c.vocabSize),
    contextLength: s(c.contextLength),
    dModel: s(c.dModel),
    nLayers: s(c.nLayers),
    nHeads: s(c.nHeads),
    nKVHeads: c.nKVHeads === c.nHeads ? "" : s(c.nKVHeads),
    headDim: autoHead ? "" : s(c.headDim),
    dFF: c.dFF === 4 * c.dModel ? "" : s(c.dFF),
    mlp: c.mlp,
    norm: c.norm,
    position: c.position,
    positionRows: c.position !== "learned" || c.positionRows === c.contextLength ? "" : s(c.positionRows),
    normsPerLayer: s(c.normsPerLayer),
    finalNorm: s(c.finalNorm),
    embeddingNorm: s(c.embeddingNorm),
    qkNorm: c.qkNorm,
    tiedEmbeddings: s(c.tiedEmbeddings),
    "bias.qkv": s(c.bias.qkv),
    "bias.attnOut": s(c.bias.attnOut),
    "bias.mlp": s(c.bias.mlp),
    "bias.lmHead": s(c.bias.lmHead),
    // A dense model keeps Mixtral-like MoE values ready for when the reader switches MoE on.
    moe: s(c.moe !== null),
    "moe.nExperts": s(c.moe?.nExperts ?? 8),
    "moe.expertsPerToken": s(c.moe?.expertsPerToken ?? 2),
    "moe.nSharedExperts": s(c.moe?.nSharedExperts ?? 0),
    "moe.expertDFF": c.moe && c.moe.expertDFF !== c.dFF ? s(c.moe.expertDFF) : "",
    "moe.sharedExpertDFF": c.moe && c.moe.sharedExpertDFF !== c.moe.expertDFF ? s(c.moe.sharedExpertDFF) : "",
    "moe.layers":
      c.moe && !(c.moe.layers.length === c.nLayers && c.moe.layers.every((l, i) => l === i))
        ? c.moe.layers.join(",")
        : "",
    "moe.routerBias": s(c.moe?.routerBias ?? false),
    "moe.sharedExpertGate": s(c.moe?.sharedExpertGate ?? false),
    // A model without latent attention keeps DeepSeek-V3's values ready for when the reader switches it on.
    mla: s(c.mla !== null),
    "mla.qLoraRank": s(c.mla?.qLoraRank ?? 1536),
    "mla.kvLoraRank": s(c.mla?.kvLoraRank ?? 512),
    "mla.qkNopeHeadDim": s(c.mla?.qkNopeHeadDim ?? 128),
    "mla.qkRopeHeadDim": s(c.mla?.qkRopeHeadDim ?? 64),
    "mla.vHeadDim": s(c.mla?.vHeadDim ?? 128),
    mtpModules: s(c.mtpModules),
  };
  return form;
}

/** The form of a preset id (or of the custom GPT-2-default config); undefined for an unknown id. */
export function presetForm(id: string): Form | undefined {
  if (id === CUSTOM) return formFromConfig(validateConfig({}));
  const p = presets[id];
  return p ? formFromConfig(p.config) : undefined;
}

// Numbers become numbers; anything else is passed through unchanged so validateConfig reports it verbatim.
function parseNumber(text: string): unknown {
  const t = text.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function parseBool(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  return text;
}

/**
 * The config input a form describes. Blank fields are left out, so the library derives them; text that is
 * not a number is passed through so the library's ConfigError names the field and shows the text.
 */
export function inputFromForm(form: Form, name = "custom"): GPTConfigInput {
  const out: Record<string, unknown> = { name };
  const bias: Record<string, unknown> = {};
  const moe: Record<string, unknown> = {};
  const mla: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const text = form[f.key] ?? "";
    let value: unknown;
    if (f.kind === "int") value = parseNumber(text);
    else if (f.kind === "bool") value = parseBool(text);
    else if (f.kind === "enum") value = text === "" ? undefined : text;
    else value = text.trim() === "" ? undefined : text.split(",").map((p) => parseNumber(p) ?? p);
    if (value === undefined) continue;
    if (f.key === "moe" || f.key === "mla") continue;
    if (f.key.startsWith("bias.")) bias[f.key.slice(5)] = value;
    else if (f.key.startsWith("moe.")) moe[f.key.slice(4)] = value;
    else if (f.key.startsWith("mla.")) mla[f.key.slice(4)] = value;
    else out[f.key] = value;
  }
  out.bias = bias;
  out.moe = form.moe === "true" ? moe : null;
  out.mla = form.mla === "true" ? mla : null;
  return out as GPTConfigInput;
}

/** The keys whose text differs between two forms (what the URL stores on top of a preset). */
export function changedFields(form: Form, base: Form): string[] {
  return FIELD_KEYS.filter((k) => (form[k] ?? "") !== (base[k] ?? ""));
}
