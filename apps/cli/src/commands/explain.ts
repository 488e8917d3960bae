// `paramlens explain`: why a checkpoint from `paramlens train` classified an image as it did — a
// Fashion-MNIST test image by index or a 28×28 PNG — with an attribution method, the heatmap as a PNG
// and the deletion AUC against random orders. Image classifiers only (mlp, cnn).
import { heatmapPng, interpolate } from "@paramlens/attribution";
import { contiguous, slice, type Tensor } from "@paramlens/tensor";
import { closest } from "../args/closest";
import { outputArgs } from "../args/fragments";
import { parseNonNegativeInteger } from "../args/numbers";
import { defineCliCommand } from "../command";
import { InvalidValueError, UsageError } from "../errors";
import type { ExplainReport } from "../explain/explain-output";
import { EXPLAIN_METHODS, explainImage, METHOD_ALIASES, resolveMethod } from "../explain/explain-report";
import { readGrayPng } from "../explain/read-image";
import { renderExplain } from "../explain/render-explain";
import { refuseOutputOverInput } from "../files/output-guard";
import { checkWritable, writeFileAtomic } from "../files/write-atomic";
import { readCheckpoint } from "../model/checkpoint-file";
import { imageDataFiles, loadImages } from "../model/data";
import { describeSpec } from "../model/model-spec";
import { emit } from "../output/emit";

/** The heatmap PNG is the 28×28 map enlarged by this factor (nearest neighbour), so pixels stay visible. */
const HEATMAP_SCALE = 8;

export const explainCommand = defineCliCommand({
  name: "explain",
  description:
    "Predicted class, attribution heatmap and deletion AUC for one image under a trained classifier",
  args: {
    checkpoint: {
      type: "positional",
      required: false,
      description: "An mlp or cnn checkpoint from `paramlens train`",
    },
    image: {
      type: "string",
      valueHint: "N|file.png",
      description: "Index into the Fashion-MNIST test split (default 0), or a 28×28 grayscale PNG",
    },
    method: {
      type: "string",
      valueHint: "name",
      description: `Attribution method: ${EXPLAIN_METHODS.join(", ")} (default ig)`,
    },
    out: { type: "string", valueHint: "map.png", description: "Write the heatmap over the image as a PNG" },
    data: {
      type: "string",
      valueHint: "dir",
      description: "Directory with the Fashion-MNIST IDX files (as for train)",
    },
    ...outputArgs,
  },
  examples: [
    "paramlens explain cnn.safetensors --image 12 --method ig --out map.png",
    "paramlens explain mlp.safetensors --image sneaker.png --method occlusion",
    "paramlens explain cnn.safetensors --image 3 --method gradcam --json",
  ],
  run(args, ctx) {
    const [path, ...extra] = args._;
    if (path === undefined) throw new UsageError("give a checkpoint written by `paramlens train`", "explain");
    if (extra.length > 0)
      throw new UsageError(`explain takes one checkpoint, got ${args._.length}`, "explain");
    const methodArg = args.method === undefined ? "ig" : String(args.method);
    const method = resolveMethod(methodArg);
    if (method === undefined) {
      const near = closest(methodArg, [...EXPLAIN_METHODS, ...Object.keys(METHOD_ALIASES)]);
      const suggestion = near === undefined ? undefined : (resolveMethod(near) ?? near);
      throw new UsageError(
        `unknown --method "${methodArg}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; choose ${EXPLAIN_METHODS.join(", ")}`,
        "explain",
      );
    }
    const imageArg = args.image === undefined ? "0" : String(args.image);
    // "-1" or "1e3" are index attempts, answered by the index parser, not looked up as file names.
    const imageIsIndex = /^[+-]?[0-9][0-9.e+]*$/i.test(imageArg);
    const fullSetDir = ctx.io.env?.PARAMLENS_FASHION_MNIST_DIR;
    const dataOptions = {
      ...(args.data === undefined ? {} : { dir: String(args.data) }),
      ...(fullSetDir ? { fullSetDir } : {}),
    };
    if (args.out !== undefined) {
      checkWritable(ctx.cwd, String(args.out));
      // Before anything is read: the heatmap must not replace the checkpoint, the image or the data.
      refuseOutputOverInput(ctx.cwd, "--out", String(args.out), [
        { role: "checkpoint", path },
        ...(imageIsIndex
          ? imageDataFiles(dataOptions).map((file) => ({ role: "data file", path: file }))
          : [{ role: "--image", path: imageArg }]),
      ]);
    }
    const ckpt = readCheckpoint(ctx.cwd, path);
    const spec = ckpt.spec;
    if (spec.kind === "gpt-char") {
      throw new InvalidValueError(
        `${path} holds a gpt-char language model; explain works on the image classifiers (mlp, cnn)`,
      );
    }
    const side = spec.inputShape[spec.inputShape.length - 1] ?? 28;
    let x: Tensor;
    let image: ExplainReport["image"];
    if (imageIsIndex) {
      const index = parseNonNegativeInteger("image", imageArg);
      const test = loadImages("test", dataOptions);
      if (index >= test.available) {
        throw new InvalidValueError(
          `--image ${index}: the test split has ${test.available.toLocaleString("en-US")} images (0–${test.available - 1}) in ${test.source}`,
        );
      }
      x = contiguous(slice(test.x, 0, index, index + 1)); // [1, 1, 28, 28]
      const label = test.y.toArray()[index]!;
      image = { source: test.source, index, label: spec.classes[label] ?? String(label) };
    } else {
      x = readGrayPng(ctx.cwd, imageArg, side);
      image = { source: "file", file: imageArg };
    }
    const result = explainImage(ckpt.model, spec.kind, spec.classes, x, method);
    const [, , h, w] = result.attributions.shape as [number, number, number, number];
    let heatmap: ExplainReport["heatmap"];
    if (args.out !== undefined) {
      const size: [number, number] = [h * HEATMAP_SCALE, w * HEATMAP_SCALE];
      const map = interpolate(result.attributions, size, "nearest");
      const background = interpolate(x, size, "nearest").reshape(size);
      writeFileAtomic(ctx.cwd, String(args.out), heatmapPng(map, { background }));
      heatmap = { path: String(args.out), width: size[1], height: size[0] };
    }
    const report: ExplainReport = {
      checkpoint: path,
      model: describeSpec(spec),
      image,
      prediction: result.prediction,
      probabilities: result.probabilities,
      method: result.method,
      attributionStats: result.attributionStats,
      ...(result.convergenceDelta === undefined ? {} : { convergenceDelta: result.convergenceDelta }),
      faithfulness: result.faithfulness,
      ...(heatmap ? { heatmap } : {}),
      map: result.attributions.reshape([h, w]).toNested() as number[][],
    };
    emit(ctx, args.json === true, report, (r) => renderExplain(r, ctx.color));
  },
});
