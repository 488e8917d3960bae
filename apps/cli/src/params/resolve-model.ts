// Turns what the user named — a preset id, a Hugging Face config.json, command-line fields, or a preset
// plus fields that override it — into one validated GPTConfig. When a field changes, the fields derived
// from it follow (head width, MHA's KV heads, a whole-multiple d_ff, learned position rows) and a note
// says so; where following would be a guess, it asks for the field instead. It reads no files.
import {
  fromHuggingFaceConfig,
  type GPTConfig,
  type GPTConfigInput,
  getPreset,
  type MLPKind,
  type NormKind,
  type PositionKind,
  type PublishedCount,
  presets,
  validateConfig,
} from "@paramlens/gpt-params";
import { InvalidValueError } from "../errors";

/** Config fields settable from the command line (`--layers`, `--d-model` …). */
export interface ConfigOverrides {
  nLayers?: number;
  dModel?: number;
  nHeads?: number;
  nKVHeads?: number;
  headDim?: number;
  vocabSize?: number;
  contextLength?: number;
  dFF?: number;
  mlp?: MLPKind;
  norm?: NormKind;
  position?: PositionKind;
  tiedEmbeddings?: boolean;
  /** Bias on the attention and MLP projections (the LM head's bias is left as it is). */
  bias?: boolean;
  /** Routed experts per MoE layer; with `expertsPerToken`, makes the MLPs mixtures of experts. */
  nExperts?: number;
  expertsPerToken?: number;
}

/** Where the model comes from: at most one of `preset` and `hfConfig`, plus optional overrides. */
export interface ModelSource {
  preset?: string;
  /** A parsed Hugging Face config.json. */
  hfConfig?: unknown;
  /** Shown as the model's source when `hfConfig` is given (e.g. the file's path). */
  hfConfigLabel?: string;
  overrides?: ConfigOverrides;
}

export interface ResolvedModel {
  /** Preset id, "config.json" path, or "custom". */
  id: string;
  name: string;
  config: GPTConfig;
  /** Where the architecture comes from. */
  source: string;
  /** The published parameter count, for presets. */
  published?: PublishedCount;
  /** Assumptions: the preset's, the importer's, and any field derived from an override. */
  notes: string[];
}

const OVERRIDE_FLAGS: Record<keyof ConfigOverrides, string> = {
  nLayers: "--layers",
  dModel: "--d-model",
  nHeads: "--heads",
  nKVHeads: "--kv-heads",
  headDim: "--head-dim",
  vocabSize: "--vocab",
  contextLength: "--context",
  dFF: "--d-ff",
  mlp: "--mlp",
  norm: "--norm",
  position: "--pos",
  tiedEmbeddings: "--tie",
  bias: "--bias",
  nExperts: "--experts",
  expertsPerToken: "--experts-per-token",
};

const given = (o: ConfigOverrides) =>
  (Object.keys(o) as (keyof ConfigOverrides)[]).filter((k) => o[k] !== undefined);

/** Command-line fields alone, on validateConfig's defaults (GPT-2 small's). */
function fromOverrides(o: ConfigOverrides): GPTConfigInput {
  const input: GPTConfigInput = {};
  for (const key of given(o)) {
    if (key === "bias") input.bias = { qkv: o.bias, attnOut: o.bias, mlp: o.bias };
    else if (key === "nExperts" || key === "expertsPerToken") continue;
    else (input as Record<string, unknown>)[key] = o[key];
  }
  if (o.position !== undefined && o.position !== "learned") input.positionRows = 0;
  const moe = moeFromOverrides(o, null);
  if (moe !== undefined) input.moe = moe;
  return input;
}

function moeFromOverrides(o: ConfigOverrides, base: GPTConfig | null): GPTConfigInput["moe"] | undefined {
  if (o.nExperts === undefined && o.expertsPerToken === undefined) return undefined;
  const nExperts = o.nExperts ?? base?.moe?.nExperts;
  const expertsPerToken = o.expertsPerToken ?? base?.moe?.expertsPerToken;
  if (nExperts === undefined || expertsPerToken === undefined) {
    throw new InvalidValueError(
      `${o.nExperts === undefined ? "--experts-per-token" : "--experts"}: a dense model becomes a mixture of experts only with both --experts and --experts-per-token`,
    );
  }
  return { ...(base?.moe ?? {}), nExperts, expertsPerToken };
}

/** `base` with the overrides applied and the fields derived from them recomputed. */
function applyOverrides(base: GPTConfig, id: string, o: ConfigOverrides, notes: string[]): GPTConfigInput {
  const input: GPTConfigInput = { ...base, bias: { ...base.bias }, moe: base.moe ? { ...base.moe } : null };
  const dModel = o.dModel ?? base.dModel;
  const nHeads = o.nHeads ?? base.nHeads;
  const nLayers = o.nLayers ?? base.nLayers;

  // Head width: derived (d_model / n_heads) unless the base set it apart from that.
  if (o.headDim !== undefined) input.headDim = o.headDim;
  else if ((o.dModel !== undefined || o.nHeads !== undefined) && base.headDim * base.nHeads === base.dModel) {
    delete input.headDim;
  }
  // Multi-head attention stays multi-head; a GQA/MQA base keeps its KV heads (validation checks they divide).
  if (o.nKVHeads !== undefined) input.nKVHeads = o.nKVHeads;
  else if (o.nHeads !== undefined && base.nKVHeads === base.nHeads) input.nKVHeads = nHeads;

  // d_ff follows d_model only when it was a whole multiple of it (GPT's 4·d); anything else would be a guess.
  if (o.dFF !== undefined) input.dFF = o.dFF;
  else if (o.dModel !== undefined && o.dModel !== base.dModel) {
    const ratio = base.dFF / base.dModel;
    if (!Number.isInteger(ratio)) {
      throw new InvalidValueError(
        `--d-model: ${id}'s d_ff ${base.dFF} is not a whole multiple of its d_model ${base.dModel}; give --d-ff as well`,
      );
    }
    input.dFF = ratio * dModel;
    notes.push(`d_ff kept at ${ratio} × d_model = ${input.dFF}`);
  }
  const dFF = input.dFF ?? base.dFF;
  if (input.moe && base.moe) {
    if (base.moe.expertDFF === base.dFF) input.moe.expertDFF = dFF;
    if (base.moe.sharedExpertDFF === base.dFF) input.moe.sharedExpertDFF = dFF;
    if (o.nLayers !== undefined && base.moe.layers.length === base.nLayers) {
      input.moe.layers = Array.from({ length: nLayers }, (_, i) => i);
    }
  }
  const moe = moeFromOverrides(o, base);
  if (moe !== undefined) input.moe = moe;

  if (o.nLayers !== undefined) input.nLayers = o.nLayers;
  if (o.dModel !== undefined) input.dModel = o.dModel;
  if (o.nHeads !== undefined) input.nHeads = o.nHeads;
  if (o.vocabSize !== undefined) input.vocabSize = o.vocabSize;
  if (o.mlp !== undefined) input.mlp = o.mlp;
  if (o.norm !== undefined) input.norm = o.norm;
  if (o.tiedEmbeddings !== undefined) input.tiedEmbeddings = o.tiedEmbeddings;
  if (o.bias !== undefined) input.bias = { ...base.bias, qkv: o.bias, attnOut: o.bias, mlp: o.bias };

  // Learned position rows follow the context, keeping any extra rows the base had (OPT keeps 2).
  const position = o.position ?? base.position;
  if (o.contextLength !== undefined) input.contextLength = o.contextLength;
  if (o.position !== undefined) input.position = o.position;
  if (position !== "learned") input.positionRows = 0;
  else if (base.position !== "learned") delete input.positionRows;
  else if (o.contextLength !== undefined) {
    input.positionRows = o.contextLength + (base.positionRows - base.contextLength);
  }
  return input;
}

/**
 * Resolves a preset, a Hugging Face config or command-line fields (optionally over a preset or config)
 * into a validated model.
 * @throws PresetError (did-you-mean) for an unknown preset, ImportError for an unusable config.json,
 *   ConfigError for an invalid combination, InvalidValueError when an override needs another flag.
 */
export function resolveModel(source: ModelSource): ResolvedModel {
  const overrides = source.overrides ?? {};
  const changed = given(overrides);
  let base: GPTConfig | null = null;
  let resolved: Omit<ResolvedModel, "config">;
  if (source.preset !== undefined && source.hfConfig !== undefined) {
    throw new InvalidValueError("params: give a preset or --config, not both");
  }
  if (source.preset !== undefined) {
    // An exact id first; getPreset adds loose spelling ("GPT-2 Medium") and did-you-mean suggestions.
    const exact = Object.hasOwn(presets, source.preset) ? presets[source.preset] : undefined;
    const preset = exact ?? getPreset(source.preset);
    base = preset.config;
    resolved = {
      id: preset.id,
      name: preset.name,
      source: preset.source,
      published: preset.published,
      notes: [...preset.notes],
    };
  } else if (source.hfConfig !== undefined) {
    base = fromHuggingFaceConfig(source.hfConfig as Record<string, unknown>);
    const label = source.hfConfigLabel ?? "config.json";
    resolved = { id: label, name: base.name, source: label, notes: [...base.notes] };
  } else {
    resolved = { id: "custom", name: "custom", source: "command-line flags", notes: [] };
  }
  if (base === null) {
    const config = validateConfig({ name: "custom", ...fromOverrides(overrides) });
    return { ...resolved, config };
  }
  if (changed.length === 0) return { ...resolved, config: base };

  const notes = resolved.notes;
  const input = applyOverrides(base, resolved.id, overrides, notes);
  const flags = changed.map((k) => OVERRIDE_FLAGS[k]).join(" ");
  const name = `${resolved.name} (${flags})`;
  // An override changes the model: the preset's published count no longer describes it.
  const { published: _published, ...rest } = resolved;
  return { ...rest, name, config: validateConfig({ ...input, name }) };
}
