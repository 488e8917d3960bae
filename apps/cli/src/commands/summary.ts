// `paramlens summary`: the layer/parameter table of a model trained by `paramlens train` (nn's summary and
// formatSummary, torchinfo-style) with the totals and how the model was trained. The model is rebuilt
// from the checkpoint's metadata; any other safetensors file is referred to `inspect`.
import { formatSummary, type ModelSummary, summary } from "@paramlens/nn";
import { outputArgs } from "../args/fragments";
import { defineCliCommand } from "../command";
import type { Colors } from "../context";
import { UsageError } from "../errors";
import { readCheckpoint } from "../model/checkpoint-file";
import { describeSpec, type ModelSpec, type TrainingRecord } from "../model/model-spec";
import { emit } from "../output/emit";

export interface SummaryReport {
  path: string;
  model: ModelSpec;
  training: TrainingRecord | null;
  summary: ModelSummary;
}

/** One line on how the checkpoint was trained, shared by summary, explain and analyze. */
export function describeTraining(t: TrainingRecord | null): string {
  if (t === null) return "no training record";
  const acc =
    t.valAccuracy === null
      ? `val loss ${t.valLoss === null ? "–" : t.valLoss.toFixed(4)}`
      : `val accuracy ${(t.valAccuracy * 100).toFixed(1)}%`;
  return `${t.epochs} epoch${t.epochs === 1 ? "" : "s"} on ${t.trainSamples.toLocaleString("en-US")} ${t.dataset === "text-corpus" ? "text windows" : "images"} · ${acc}`;
}

function render(r: SummaryReport, c: Colors): string {
  return [
    `${c.bold(r.path)}  ${describeSpec(r.model)}`,
    `trained ${describeTraining(r.training)}`,
    "",
    formatSummary(r.summary),
  ].join("\n");
}

export const summaryCommand = defineCliCommand({
  name: "summary",
  description: "Layer/parameter table of a checkpoint written by `paramlens train`",
  args: {
    checkpoint: { type: "positional", required: false, description: "A checkpoint from `paramlens train`" },
    ...outputArgs,
  },
  examples: ["paramlens summary mlp.safetensors", "paramlens summary cnn.safetensors --json"],
  run(args, ctx) {
    const [path, ...extra] = args._;
    if (path === undefined) throw new UsageError("give a checkpoint written by `paramlens train`", "summary");
    if (extra.length > 0)
      throw new UsageError(`summary takes one checkpoint, got ${args._.length}`, "summary");
    const ckpt = readCheckpoint(ctx.cwd, path);
    const spec = ckpt.spec;
    const s =
      spec.kind === "gpt-char"
        ? summary(ckpt.model, [1, spec.config.contextLength ?? 64], { dtype: "int32" })
        : summary(ckpt.model, [1, ...spec.inputShape]);
    const report: SummaryReport = { path, model: spec, training: ckpt.training, summary: s };
    emit(ctx, args.json === true, report, (r) => render(r, ctx.color));
  },
});
