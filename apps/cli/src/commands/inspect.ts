// `paramlens inspect`: tensors, dtypes, shapes, parameters per layer and in total, and the architecture
// of a checkpoint on disk — a .safetensors or .gguf file, a model.safetensors.index.json, or a directory
// of shards — reading headers only, so a multi-GB checkpoint answers at once.
import { outputArgs } from "../args/fragments";
import { defineCliCommand } from "../command";
import { UsageError } from "../errors";
import { type InspectOptions, inspectPath } from "../inspect/inspect-report";
import { renderInspect } from "../inspect/render-inspect";
import { emit } from "../output/emit";

export const inspectCommand = defineCliCommand({
  name: "inspect",
  description:
    "Tensors, dtypes, parameters per layer and total of a safetensors or GGUF checkpoint (headers only)",
  args: {
    path: {
      type: "positional",
      required: false,
      description: "A .safetensors or .gguf file, a model.safetensors.index.json, or a directory of shards",
    },
    config: {
      type: "string",
      valueHint: "path",
      description: "config.json for the architecture and cross-check (default: the one beside the weights)",
    },
    tensors: {
      type: "boolean",
      description: "List every tensor (default: those outside layers and layer 0)",
    },
    ...outputArgs,
  },
  examples: [
    "paramlens inspect model.safetensors",
    "paramlens inspect ./Llama-2-7b-hf/",
    "paramlens inspect ./Llama-2-7b-hf/model.safetensors.index.json --json",
    "paramlens inspect llama-2-7b.Q4_K_M.gguf --tensors",
  ],
  run(args, ctx) {
    const [path, ...extra] = args._;
    if (path === undefined) throw new UsageError("give a checkpoint file or directory to inspect", "inspect");
    if (extra.length > 0) throw new UsageError(`inspect takes one path, got ${args._.length}`, "inspect");
    const options: InspectOptions = { cwd: ctx.cwd };
    if (args.config !== undefined) options.config = String(args.config);
    emit(ctx, args.json === true, inspectPath(path, options), (r) =>
      renderInspect(r, ctx.color, { allTensors: args.tensors === true }),
    );
  },
});
