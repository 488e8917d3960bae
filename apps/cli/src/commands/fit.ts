// `paramlens fit`: will a model fit on a device, how fast will it serve, and what does training or
// fine-tuning it need. The model is named as in `params` (preset, --config, or flags); the numbers and
// their formulas come from fit/fit-report.ts.
import { deviceIds, devices, formatBytes } from "@paramlens/gpt-params";
import { fitArgs, modelArgs, outputArgs } from "../args/fragments";
import { readOverrides } from "../args/model-overrides";
import { defineCliCommand } from "../command";
import { UsageError } from "../errors";
import { readJsonFile } from "../files/read-json";
import { fitReport } from "../fit/fit-report";
import { readFitOptions } from "../fit/read-fit-options";
import { renderFit } from "../fit/render-fit";
import { emit } from "../output/emit";
import { renderTable } from "../output/table";
import { type ModelSource, resolveModel } from "../params/resolve-model";

export const fitCommand = defineCliCommand({
  name: "fit",
  description: "Will a model fit on a GPU, how fast will it run, and what does training or fine-tuning need",
  args: {
    preset: { type: "positional", required: false, description: "Preset id (llama2-7b, mixtral-8x7b …)" },
    config: { type: "string", valueHint: "path", description: "A Hugging Face config.json (or its folder)" },
    "list-gpus": { type: "boolean", description: "List the device catalogue with sources" },
    batch: {
      type: "string",
      valueHint: "n",
      description: "Sequences decoded together / micro-batch (default 1)",
    },
    ...fitArgs,
    ...modelArgs,
    ...outputArgs,
  },
  examples: [
    "paramlens fit llama2-7b --gpu rtx-4090 --quant q4_k_m --context 8192",
    "paramlens fit llama2-70b --gpu h100-sxm --gpus 2 --quant fp8 --batch 16",
    "paramlens fit --config ./Mistral-7B/config.json --gpu m2-ultra --quant q8_0 --kv-cache q8_0",
    "paramlens fit llama2-7b --gpu a100-80gb --train --recompute full --tokens 2e12 --price 2",
    "paramlens fit llama2-7b --gpu rtx-4090 --train --lora 16 --qlora --lora-targets q,k,v,o",
    "paramlens fit --list-gpus",
  ],
  run(args, ctx) {
    if (args["list-gpus"]) {
      const rows = deviceIds.map((id) => devices[id]!);
      emit(ctx, args.json === true, rows, (list) =>
        renderTable(
          [
            { header: "id" },
            { header: "device" },
            { header: "memory", align: "right" },
            { header: "bandwidth", align: "right" },
            { header: "BF16 dense", align: "right" },
          ],
          list.map((d) => [
            d.id,
            d.name,
            formatBytes(d.memoryBytes),
            `${formatBytes(d.bandwidth)}/s`,
            `${(d.peakFlops.bf16 / 1e12).toFixed(1)} TFLOPS`,
          ]),
          { header: ctx.color.bold },
        ),
      );
      return;
    }
    if (args.gpu === undefined) throw new UsageError("name a device with --gpu (see --list-gpus)", "fit");
    const positionals = args._;
    if (positionals.length > 1) throw new UsageError(`give one model, got ${positionals.length}`, "fit");
    if (positionals[0] !== undefined && args.config !== undefined) {
      throw new UsageError(`give a preset (${positionals[0]}) or --config, not both`, "fit");
    }
    const source: ModelSource = { overrides: readOverrides(args) };
    if (positionals[0] !== undefined) source.preset = positionals[0];
    if (args.config !== undefined) {
      const file = readJsonFile(ctx.cwd, String(args.config), "config.json");
      source.hfConfig = file.value;
      source.hfConfigLabel = file.path;
    }
    if (
      source.preset === undefined &&
      source.hfConfig === undefined &&
      Object.keys(source.overrides ?? {}).length === 0
    ) {
      throw new UsageError(
        "name a preset (e.g. llama2-7b), give --config path/to/config.json, or describe the model with flags",
        "fit",
      );
    }
    const model = resolveModel(source);
    const options = readFitOptions(args, "fit");
    emit(ctx, args.json === true, fitReport(model, options), (r) => renderFit(r, ctx.color));
  },
});
