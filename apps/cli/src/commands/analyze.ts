// `paramlens analyze`: the parameter report of a checkpoint from `paramlens train` — weight and bias
// statistics, spectra, dead ReLU units on the data (Fashion-MNIST test images or held-out text windows)
// and the most important units by the Taylor estimate.
import { contiguous, slice } from "@paramlens/tensor";
import type { AnalyzeReport } from "../analyze/analyze-output";
import type { AnalyzeData } from "../analyze/analyze-report";
import { analyzeModel } from "../analyze/analyze-report";
import { renderAnalyze } from "../analyze/render-analyze";
import { outputArgs } from "../args/fragments";
import { parsePositiveInteger } from "../args/numbers";
import { defineCliCommand } from "../command";
import { UsageError } from "../errors";
import { readCheckpoint } from "../model/checkpoint-file";
import { loadImages, loadText } from "../model/data";
import { describeSpec } from "../model/model-spec";
import { emit } from "../output/emit";

export const analyzeCommand = defineCliCommand({
  name: "analyze",
  description: "Parameter report of a trained checkpoint: statistics, spectra, dead ReLUs, important units",
  args: {
    checkpoint: { type: "positional", required: false, description: "A checkpoint from `paramlens train`" },
    limit: {
      type: "string",
      valueHint: "n",
      description: "Samples to measure unit activity on (default 1,000 test images or 64 text windows)",
    },
    data: {
      type: "string",
      valueHint: "dir",
      description: "Directory with the Fashion-MNIST IDX files (as for train)",
    },
    ...outputArgs,
  },
  examples: ["paramlens analyze mlp.safetensors", "paramlens analyze cnn.safetensors --limit 500 --json"],
  run(args, ctx) {
    const [path, ...extra] = args._;
    if (path === undefined) throw new UsageError("give a checkpoint written by `paramlens train`", "analyze");
    if (extra.length > 0)
      throw new UsageError(`analyze takes one checkpoint, got ${args._.length}`, "analyze");
    const limit = args.limit === undefined ? undefined : parsePositiveInteger("limit", args.limit);
    const ckpt = readCheckpoint(ctx.cwd, path);
    const spec = ckpt.spec;
    let data: AnalyzeData;
    if (spec.kind === "gpt-char") {
      const text = loadText(spec.config.contextLength ?? 64, {});
      const n = Math.min(limit ?? 64, text.val.x.shape[0]!);
      data = {
        x: contiguous(slice(text.val.x, 0, 0, n)),
        y: contiguous(slice(text.val.y, 0, 0, n)),
        source: `${text.source}, held-out windows`,
        kind: "text",
      };
    } else {
      const fullSetDir = ctx.io.env?.PARAMLENS_FASHION_MNIST_DIR;
      const test = loadImages("test", {
        limit: limit ?? 1000,
        ...(args.data === undefined ? {} : { dir: String(args.data) }),
        ...(fullSetDir ? { fullSetDir } : {}),
      });
      data = { x: test.x, y: test.y, source: `${test.source}, test split`, kind: "images" };
    }
    const report: AnalyzeReport = {
      checkpoint: path,
      model: describeSpec(spec),
      training: ckpt.training,
      ...analyzeModel(ckpt.model, data),
    };
    emit(ctx, args.json === true, report, (r) => renderAnalyze(r, ctx.color));
  },
});
