// `paramlens params`: the exact parameter breakdown of a preset, a Hugging Face config.json or a model
// described by flags, with FLOPs and memory; `--compare a b c` puts presets side by side; `--list` lists
// the presets. Reading --config from disk happens here; the numbers come from params-report.ts.
import { countParameters, formatCount, presetIds, presets } from "@paramlens/gpt-params";
import { fitArgs, memoryArgs, modelArgs, outputArgs } from "../args/fragments";
import { readKvPrecision, readOverrides, readPrecisions } from "../args/model-overrides";
import { parsePositiveInteger } from "../args/numbers";
import { defineCliCommand } from "../command";
import { UsageError } from "../errors";
import { readJsonFile } from "../files/read-json";
import { fitReport } from "../fit/fit-report";
import { readFitOptions } from "../fit/read-fit-options";
import { renderFit } from "../fit/render-fit";
import { emit } from "../output/emit";
import { renderTable } from "../output/table";
import { type ParamsOptions, paramsReport } from "../params/params-report";
import { renderComparison, renderParams } from "../params/render-params";
import { resolveModel } from "../params/resolve-model";

export const paramsCommand = defineCliCommand({
  name: "params",
  description: "Exact parameter count, per-layer breakdown, FLOPs and memory of a GPT-style model",
  args: {
    preset: {
      type: "positional",
      required: false,
      description: "Preset id (gpt2, gpt3-175b, llama2-7b …; see --list); several with --compare",
    },
    compare: { type: "boolean", description: "Compare the given presets side by side" },
    list: { type: "boolean", description: "List the preset ids with their parameter counts" },
    config: { type: "string", valueHint: "path", description: "A Hugging Face config.json (or its folder)" },
    ...modelArgs,
    ...memoryArgs,
    ...fitArgs,
    ...outputArgs,
  },
  examples: [
    "paramlens params gpt2",
    "paramlens params --compare gpt1 gpt2 gpt3-175b",
    "paramlens params llama2-7b --context 32768 --batch 8 --precision bf16,int4",
    "paramlens params --layers 24 --d-model 1024 --heads 16",
    "paramlens params --config ./Llama-2-7b-hf/config.json --json",
    "paramlens params gpt2 --no-tie",
    "paramlens params --list",
    "paramlens params llama2-7b --gpu rtx-4090 --quant q4_k_m --context 8192",
  ],
  run(args, ctx) {
    const positionals = args._;
    if (args.list) {
      const list = presetIds.flatMap((id) => {
        const p = presets[id];
        if (!p) return [];
        return [
          { id, name: p.name, parameters: countParameters(p.config).total, published: p.published.label },
        ];
      });
      emit(ctx, args.json === true, list, (rows) =>
        renderTable(
          [
            { header: "id" },
            { header: "model" },
            { header: "parameters", align: "right" },
            { header: "published", align: "right" },
          ],
          rows.map((r) => [r.id, r.name, formatCount(r.parameters, { style: "exact" }), r.published]),
          { header: ctx.color.bold },
        ),
      );
      return;
    }
    const overrides = readOverrides(args);
    const shared: ParamsOptions = {
      batch: args.batch === undefined ? 1 : parsePositiveInteger("batch", args.batch),
      overrides,
    };
    const precisions = readPrecisions(args.precision);
    if (precisions) shared.precisions = precisions;
    const kvPrecision = readKvPrecision(args["kv-precision"]);
    if (kvPrecision) shared.kvPrecision = kvPrecision;

    if (args.compare) {
      if (positionals.length < 2) throw new UsageError("--compare needs at least two preset ids", "params");
      if (args.config !== undefined)
        throw new UsageError("--compare takes preset ids, not --config", "params");
      const reports = positionals.map((preset) => paramsReport({ ...shared, preset }));
      emit(ctx, args.json === true, reports, (r) => renderComparison(r, ctx.color));
      return;
    }
    if (positionals.length > 1) {
      throw new UsageError(
        `got ${positionals.length} presets (${positionals.join(", ")}); add --compare to compare them`,
        "params",
      );
    }
    if (positionals[0] !== undefined && args.config !== undefined) {
      throw new UsageError(`give a preset (${positionals[0]}) or --config, not both`, "params");
    }
    const options: ParamsOptions = { ...shared };
    if (positionals[0] !== undefined) options.preset = positionals[0];
    if (args.config !== undefined) {
      const file = readJsonFile(ctx.cwd, String(args.config), "config.json");
      options.hfConfig = file.value;
      options.hfConfigLabel = file.path;
    }
    if (
      options.preset === undefined &&
      options.hfConfig === undefined &&
      Object.keys(overrides).length === 0
    ) {
      throw new UsageError(
        "name a preset (e.g. gpt2), give --config path/to/config.json, or describe the model with flags such as --layers",
        "params",
      );
    }
    const report = paramsReport(options);
    if (args.gpu === undefined) {
      const fitOnly = ["gpus", "quant", "kv-cache", "prompt", "train"] as const;
      const stray = fitOnly.find((k) => args[k] !== undefined && args[k] !== false);
      if (stray) throw new UsageError(`--${stray} needs --gpu (the device to size for)`, "params");
      emit(ctx, args.json === true, report, (r) => renderParams(r, ctx.color));
      return;
    }
    const model = resolveModel({
      ...(options.preset === undefined ? {} : { preset: options.preset }),
      ...(options.hfConfig === undefined ? {} : { hfConfig: options.hfConfig }),
      overrides,
    });
    const fit = fitReport(model, readFitOptions(args, "params"));
    emit(
      ctx,
      args.json === true,
      { ...report, fit },
      (r) => `${renderParams(r, ctx.color)}\n\n${renderFit(r.fit, ctx.color)}`,
    );
  },
});
