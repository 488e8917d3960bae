// `paramlens scale`: compute-optimal parameters and tokens, and predicted loss, for a FLOP budget, a
// parameter count or a token count (or a run described by two of them); `--fit runs.csv` fits the
// Chinchilla form to the user's runs and, with a budget, allocates it under the fitted law.
import { fitScalingLaw } from "@paramlens/gpt-params";
import { outputArgs } from "../args/fragments";
import { parsePositive } from "../args/numbers";
import { defineCliCommand } from "../command";
import { UsageError } from "../errors";
import { INPUT_KINDS } from "../files/input-file";
import { readTextFile } from "../files/read-text";
import { emit } from "../output/emit";
import { parseRunsCsv } from "../scale/parse-runs";
import { renderFit, renderScale } from "../scale/render-scale";
import { type LawId, type ScaleOptions, scaleReport } from "../scale/scale-report";

export const scaleCommand = defineCliCommand({
  name: "scale",
  description:
    "Compute-optimal parameters and tokens, and predicted loss, under Chinchilla or Kaplan scaling laws",
  args: {
    compute: { type: "string", valueHint: "flops", description: "Training FLOP budget C, e.g. 1e23" },
    params: { type: "string", valueHint: "n", description: "Parameters N, e.g. 7e9 or 7B" },
    tokens: { type: "string", valueHint: "d", description: "Training tokens D, e.g. 2e12 or 2T" },
    law: {
      type: "enum",
      options: ["chinchilla", "kaplan", "epoch"],
      description:
        "Scaling law: Hoffmann et al. 2022 (default), Kaplan et al. 2020, or Epoch AI's 2024 Chinchilla re-fit",
    },
    fit: {
      type: "string",
      valueHint: "runs.csv",
      description: "Fit L = E + A/N^α + B/D^β to your runs (CSV columns parameters,tokens,loss)",
    },
    ...outputArgs,
  },
  examples: [
    "paramlens scale --compute 1e23",
    "paramlens scale --params 7e9",
    "paramlens scale --tokens 2e12 --law kaplan",
    "paramlens scale --params 7B --tokens 2T",
    "paramlens scale --compute 5.76e23 --law epoch --json",
    "paramlens scale --fit runs.csv",
    "paramlens scale --fit runs.csv --compute 1e21",
  ],
  run(args, ctx) {
    if (args._.length > 0) throw new UsageError(`unexpected argument "${args._[0]}"`, "scale");
    const options: ScaleOptions = { law: (args.law ?? "chinchilla") as LawId };
    if (args.compute !== undefined) options.compute = parsePositive("compute", args.compute);
    if (args.params !== undefined) options.parameters = parsePositive("params", args.params);
    if (args.tokens !== undefined) options.tokens = parsePositive("tokens", args.tokens);
    const wantsAllocation =
      options.compute !== undefined || options.parameters !== undefined || options.tokens !== undefined;

    if (options.compute !== undefined && options.parameters !== undefined && options.tokens !== undefined) {
      throw new UsageError(
        "--compute, --params and --tokens together over-determine the run (C = 6·N·D); give two",
        "scale",
      );
    }
    if (args.fit !== undefined) {
      if (args.law !== undefined) {
        throw new UsageError(
          "--law picks a published law; --fit uses the law fitted to your runs instead",
          "scale",
        );
      }
      const file = readTextFile(ctx.cwd, String(args.fit), INPUT_KINDS.runs);
      const runs = parseRunsCsv(file.text, file.path);
      const fit = fitScalingLaw(runs);
      const report = wantsAllocation ? scaleReport({ ...options, fitted: fit.constants }) : undefined;
      const data = { runs, fit, ...(report ? { allocation: report } : {}) };
      emit(ctx, args.json === true, data, (d) =>
        [
          renderFit(d.runs, d.fit, ctx.color),
          ...(d.allocation ? ["", renderScale(d.allocation, ctx.color)] : []),
        ].join("\n"),
      );
      return;
    }
    if (!wantsAllocation) {
      throw new UsageError("give --compute, --params or --tokens (or --fit runs.csv)", "scale");
    }
    emit(ctx, args.json === true, scaleReport(options), (r) => renderScale(r, ctx.color));
  },
});
