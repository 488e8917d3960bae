// The `paramlens params` command line that reproduces a calculator model, built from the preset id and
// the changed fields that have a CLI flag (see apps/cli/src/args/fragments.ts). Fields without a flag are
// returned separately so the page can say the command is not exact; it never guesses a flag.
import { CUSTOM, changedFields, type Form, presetForm } from "./form";

// Config field → CLI flag for the integer and enum fields.
const VALUE_FLAGS: Record<string, string> = {
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
  "moe.nExperts": "--experts",
  "moe.expertsPerToken": "--experts-per-token",
};

export interface CliCommand {
  command: string;
  /** Changed fields the command cannot express. */
  unsupported: string[];
}

function quote(text: string): string {
  return /^[\w.,:@%+=/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `paramlens params <preset> --flag value …` for one model, plus the KV-cache batch when it is not 1. */
export function cliCommand(preset: string, form: Form, options: { batch?: string } = {}): CliCommand {
  const base = presetForm(preset) ?? (presetForm(CUSTOM) as Form);
  const args = ["paramlens", "params"];
  // The CLI's default model is GPT-2 small, the same defaults the custom config starts from.
  args.push(preset === CUSTOM ? "gpt2" : preset);
  const unsupported: string[] = [];
  const changed = new Set(changedFields(form, base));
  // Biases: the CLI has one switch for the attention and MLP biases together.
  const biasKeys = ["bias.qkv", "bias.attnOut", "bias.mlp"];
  if (biasKeys.some((k) => changed.has(k))) {
    const values = new Set(biasKeys.map((k) => form[k]));
    if (values.size === 1) args.push(form["bias.qkv"] === "true" ? "--bias" : "--no-bias");
    else unsupported.push(...biasKeys.filter((k) => changed.has(k)));
    for (const k of biasKeys) changed.delete(k);
  }
  for (const key of changed) {
    if (key.startsWith("moe.") && form.moe !== "true") continue; // MoE fields of a dense model are unused
    const value = form[key] ?? "";
    const flag = VALUE_FLAGS[key];
    if (flag && value.trim() !== "") args.push(flag, quote(value.trim()));
    else if (key === "tiedEmbeddings") args.push(value === "true" ? "--tie" : "--no-tie");
    else if (key === "moe" && value === "true") {
      // Switching MoE on is expressed by the experts flags.
      for (const k of ["moe.nExperts", "moe.expertsPerToken"]) {
        if (!changed.has(k)) args.push(VALUE_FLAGS[k] as string, quote(form[k] ?? ""));
      }
    } else unsupported.push(key);
  }
  if (options.batch !== undefined && options.batch.trim() !== "" && options.batch.trim() !== "1") {
    args.push("--batch", quote(options.batch.trim()));
  }
  return { command: args.join(" "), unsupported };
}
