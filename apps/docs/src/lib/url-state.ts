// The calculator's state ⇄ the page URL's query string, so a copied link reproduces every model and
// option, including a not-yet-valid entry. Encoding only: it never validates a config (the page shows
// whatever validateConfig says about the decoded fields) and never throws on a hand-edited URL.
import { deviceIds } from "@paramlens/gpt-params";
import { CUSTOM, changedFields, FIELD_KEYS, type Form, presetForm } from "./form";
import { KV_NAMES, QUANT_NAMES } from "./serve";

export type DTypeName = "fp32" | "fp16" | "bf16" | "fp8" | "int8" | "int4";
export const DTYPE_NAMES: readonly DTypeName[] = ["fp32", "fp16", "bf16", "fp8", "int8", "int4"];
export type FitName = "hoffmann2022" | "epoch2024";

/** One model column: the preset it started from and its current field texts. */
export interface ModelState {
  preset: string;
  form: Form;
  /** A name for a model that is not a preset (e.g. an imported config.json). */
  label?: string;
  /** The fields an imported model started from: "Reset" returns to them, and edits are measured from them. */
  base?: Form;
}

/** Options shared by every model (inference, training, scaling). Text fields keep what was typed. */
export interface CalcOptions {
  /** KV-cache context ("" = each model's context length). */
  context: string;
  batch: string;
  kvDtype: DTypeName;
  weightDtype: DTypeName;
  /** Training tokens ("" = 20 per parameter, Chinchilla's ratio). Accepts 300B, 1.4T, 3e11. */
  tokens: string;
  /** Peak FLOP/s of one device. */
  peak: string;
  devices: string;
  mfu: string;
  zeroStage: "0" | "1" | "2" | "3";
  dataParallel: string;
  tensorParallel: string;
  pipelineParallel: string;
  fit: FitName;
  /** Serving: device id from gpt-params' catalogue. */
  gpu: string;
  /** Serving: devices the model is split over (tensor parallel). */
  gpuCount: string;
  /** Serving: weight storage (a QUANT_NAMES entry). */
  quant: string;
  /** Serving: KV-cache storage type. */
  kvCache: string;
}

export interface CalcState {
  models: ModelState[];
  /** Index of the model whose fields are being edited. */
  focus: number;
  options: CalcOptions;
}

export const DEFAULT_OPTIONS: Readonly<CalcOptions> = Object.freeze({
  context: "",
  batch: "1",
  kvDtype: "bf16",
  weightDtype: "bf16",
  tokens: "",
  // H100 SXM dense BF16 tensor-core peak: NVIDIA H100 datasheet, 989 TFLOPS (1979 with sparsity).
  peak: "989T",
  devices: "1024",
  mfu: "0.4",
  zeroStage: "1",
  dataParallel: "8",
  tensorParallel: "1",
  pipelineParallel: "1",
  fit: "hoffmann2022",
  gpu: "rtx-4090",
  gpuCount: "1",
  quant: "q4_k_m",
  kvCache: "f16",
});

/** Most models the comparison holds. */
export const MAX_MODELS = 4;

export function defaultState(): CalcState {
  return { models: [modelFromPreset("gpt2")], focus: 0, options: { ...DEFAULT_OPTIONS } };
}

export function modelFromPreset(id: string): ModelState {
  const form = presetForm(id);
  if (form) return { preset: id, form };
  return { preset: CUSTOM, form: presetForm(CUSTOM) as Form };
}

/** What "Reset" gives: an imported model's own starting fields, otherwise its preset's. */
export function resetModel(m: ModelState): ModelState {
  if (m.base) return { ...m, form: { ...m.base } };
  return modelFromPreset(m.preset);
}

/**
 * The model ids in a query string's `m=` entries that are neither a preset nor "custom" (a mistyped link),
 * with their column numbers (1-based), each cut to 40 characters for display.
 */
export function unknownPresets(search: string): { id: string; column: number }[] {
  const q = new URLSearchParams(search.startsWith("?") ? search.slice(1) : search);
  return q
    .getAll("m")
    .slice(0, MAX_MODELS)
    .map((t, i) => ({ id: safeDecode(t.split(",")[0] ?? ""), column: i + 1 }))
    .filter(({ id }) => presetForm(id) === undefined)
    .map(({ id, column }) => ({ id: id.length > 40 ? `${id.slice(0, 40)}…` : id, column }));
}

// URL keys of the options, short to keep links readable.
const OPTION_KEYS: Record<keyof CalcOptions, string> = {
  context: "ctx",
  batch: "batch",
  kvDtype: "kv",
  weightDtype: "w",
  tokens: "tokens",
  peak: "peak",
  devices: "gpus",
  mfu: "mfu",
  zeroStage: "zero",
  dataParallel: "dp",
  tensorParallel: "tp",
  pipelineParallel: "pp",
  fit: "fit",
  gpu: "gpu",
  gpuCount: "ngpu",
  quant: "quant",
  kvCache: "kvq",
};

const ENUM_OPTIONS: Partial<Record<keyof CalcOptions, readonly string[]>> = {
  kvDtype: DTYPE_NAMES,
  weightDtype: DTYPE_NAMES,
  zeroStage: ["0", "1", "2", "3"],
  fit: ["hoffmann2022", "epoch2024"],
  gpu: deviceIds,
  quant: QUANT_NAMES,
  kvCache: KV_NAMES,
};

// Keeps , : and the characters common in numbers and ids literal so links stay legible.
function enc(text: string): string {
  return encodeURIComponent(text).replace(/%2C/g, ",").replace(/%3A/g, ":");
}

/** One model as `preset` followed by `,field:text` for each field that differs from the preset. */
export function encodeModel(m: ModelState): string {
  const base = presetForm(m.preset) ?? (presetForm(CUSTOM) as Form);
  const parts = [m.preset];
  if (m.label) parts.push(`name:${encodeURIComponent(m.label)}`);
  for (const key of changedFields(m.form, base)) {
    // Each value is percent-encoded on its own, so a comma inside it (a layer list) cannot split the model.
    parts.push(`${key}:${encodeURIComponent(m.form[key] ?? "")}`);
  }
  return parts.join(",");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a hand-edited "%" that is not an escape: keep the text as typed
  }
}

/** Inverse of encodeModel; an unknown preset falls back to custom, unknown fields are ignored. */
export function decodeModel(text: string): ModelState {
  const [id = "", ...fields] = text.split(",");
  const m = modelFromPreset(id);
  const form = { ...m.form };
  let label: string | undefined;
  for (const f of fields) {
    const colon = f.indexOf(":");
    if (colon < 0) continue;
    const key = f.slice(0, colon);
    if (key === "name") {
      label = safeDecode(f.slice(colon + 1)).slice(0, 80);
      continue;
    }
    if (!FIELD_KEYS.includes(key)) continue;
    form[key] = safeDecode(f.slice(colon + 1));
  }
  if (!label) return { preset: m.preset, form };
  // A named custom model (an import) resets to the fields the link gives it.
  return m.preset === CUSTOM
    ? { preset: m.preset, form, label, base: { ...form } }
    : { preset: m.preset, form, label };
}

/** The query string (without "?") for a state; default options are left out. */
export function encodeState(s: CalcState): string {
  const parts = s.models.map((m) => `m=${enc(encodeModel(m))}`);
  if (s.focus !== 0) parts.push(`focus=${s.focus}`);
  for (const [k, urlKey] of Object.entries(OPTION_KEYS) as [keyof CalcOptions, string][]) {
    if (s.options[k] !== DEFAULT_OPTIONS[k]) parts.push(`${urlKey}=${enc(s.options[k])}`);
  }
  return parts.join("&");
}

/** Reads a query string (with or without "?"); anything missing or unreadable takes its default. */
export function decodeState(search: string): CalcState {
  const q = new URLSearchParams(search.startsWith("?") ? search.slice(1) : search);
  const state = defaultState();
  const models = q
    .getAll("m")
    .slice(0, MAX_MODELS)
    .map((t) => decodeModel(t));
  if (models.length > 0) state.models = models;
  const focus = Number(q.get("focus") ?? "0");
  state.focus = Number.isInteger(focus) && focus >= 0 && focus < state.models.length ? focus : 0;
  const options: Record<string, string> = { ...state.options };
  for (const [k, urlKey] of Object.entries(OPTION_KEYS) as [keyof CalcOptions, string][]) {
    const v = q.get(urlKey);
    if (v === null) continue;
    const allowed = ENUM_OPTIONS[k];
    if (allowed && !allowed.includes(v)) continue;
    options[k] = v;
  }
  state.options = options as unknown as CalcOptions;
  return state;
}
