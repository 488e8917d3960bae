// `paramlens train`: trains an MLP or a small CNN on Fashion-MNIST (the full set when installed, else the
// shipped subset; stderr says which) or a character GPT on the text corpus, with progress on stderr, and
// writes a checkpoint whose metadata lets `summary`, `explain` and `analyze` rebuild the model. Training
// runs in short stretches so Ctrl-C stops it cleanly (exit 130, nothing written); the checkpoint is only
// written after the last step, to a temporary file renamed into place, so it is never half-written.
// Training runs on @paramlens/tensor's wasm SIMD backend where the runtime has it (stderr names the backend);
// --threads n splits its large matmuls and convolutions over n threads (same results, bit for bit).
// --hidden and --channels size the mlp and cnn (args/model-sizes.ts); the spec in the checkpoint records them.
import { FASHION_MNIST_CLASSES } from "@paramlens/datasets";
import { initBackend } from "@paramlens/tensor";
import { initNodeThreads } from "@paramlens/tensor/node";
import { outputArgs } from "../args/fragments";
import { readModelSizes } from "../args/model-sizes";
import { parseNonNegativeInteger, parsePositive, parsePositiveInteger } from "../args/numbers";
import { defineCliCommand } from "../command";
import { InterruptedError, InvalidValueError, UsageError } from "../errors";
import { refuseOutputOverInput } from "../files/output-guard";
import { checkWritable } from "../files/write-atomic";
import { checkpointBytes, writeCheckpoint } from "../model/checkpoint-file";
import { imageDataFiles } from "../model/data";
import { describeSpec, MODEL_KINDS, type ModelKind } from "../model/model-spec";
import { MAX_TRAIN_PARAMETERS, specParameters } from "../model/spec-parameters";
import { emit } from "../output/emit";
import { createProgress } from "../train/progress";
import { renderTrain } from "../train/render-train";
import type { TrainReport } from "../train/train-report";
import {
  type AccuracyMeter,
  imageSpec,
  TRAIN_DEFAULTS,
  TrainingInterrupted,
  type TrainOptions,
  type TrainRun,
  trainModel,
} from "../train/train-run";

/** Worker threads beyond this buy nothing on any machine we know and cost a wasm instance each. */
const MAX_THREADS = 64;

/** The size flags as given, e.g. "--channels 8,16 --hidden 32", for errors about the model they make. */
function sizeFlags(args: { hidden?: unknown; channels?: unknown }): string {
  const given = [
    args.channels === undefined ? "" : `--channels ${String(args.channels)}`,
    args.hidden === undefined ? "" : `--hidden ${String(args.hidden)}`,
  ].filter((s) => s !== "");
  return given.length > 0 ? given.join(" ") : "the default sizes";
}

export const trainCommand = defineCliCommand({
  name: "train",
  description:
    "Train an MLP or CNN on Fashion-MNIST, or a character GPT on the text corpus, and save a checkpoint",
  args: {
    model: {
      type: "enum",
      options: [...MODEL_KINDS],
      description:
        "mlp (784→256→128→10 by default), cnn (two conv blocks) or gpt-char (2 layers, d_model 64)",
    },
    hidden: {
      type: "string",
      valueHint: "list",
      description:
        "Hidden widths: mlp one or more, comma-separated (default 256,128); cnn one, after the conv blocks (default 128)",
    },
    channels: {
      type: "string",
      valueHint: "c1,c2",
      description: "cnn: channels of its two conv blocks (default 16,32)",
    },
    epochs: {
      type: "string",
      valueHint: "n",
      description: "Passes over the training data (mlp 3, cnn and gpt-char 1)",
    },
    lr: {
      type: "string",
      valueHint: "x",
      description: "Adam learning rate (mlp 1e-3, cnn 2e-3, gpt-char 3e-3)",
    },
    batch: { type: "string", valueHint: "n", description: "Mini-batch size (mlp and cnn 64, gpt-char 32)" },
    seed: {
      type: "string",
      valueHint: "n",
      description: "Seed for initial weights and batch order (default 0)",
    },
    threads: {
      type: "string",
      valueHint: "n",
      description:
        "Threads for the large matmuls and convolutions (wasm backend; default 1). Results are bit-identical whatever n",
    },
    data: {
      type: "string",
      valueHint: "dir",
      description:
        "Directory with the Fashion-MNIST IDX files (default: /usr/share/datasets/fashion-mnist, else the shipped subset)",
    },
    limit: {
      type: "string",
      valueHint: "n",
      description: "Use only the first n training images (or text windows)",
    },
    sample: {
      type: "string",
      valueHint: "n",
      description: "gpt-char: characters to generate after training (default 160; 0 for none)",
    },
    out: {
      type: "string",
      valueHint: "file",
      description: "Checkpoint to write (default <model>.safetensors)",
    },
    ...outputArgs,
  },
  examples: [
    "paramlens train --model mlp --out mlp.safetensors",
    "paramlens train --model cnn --epochs 2 --lr 1e-3 --out cnn.safetensors",
    "paramlens train --model mlp --limit 256 --epochs 1 --json",
    "paramlens train --model cnn --channels 8,16 --hidden 32 --out small-cnn.safetensors",
    "paramlens train --model mlp --hidden 512,256,128",
    "paramlens train --model gpt-char --out char.safetensors",
    "paramlens train --model cnn --data ~/fashion-mnist --seed 1",
    "paramlens train --model cnn --threads 2",
  ],
  async run(args, ctx) {
    if (args._.length > 0) throw new UsageError(`unexpected argument "${args._[0]}"`, "train");
    if (args.model === undefined) throw new UsageError(`give --model (${MODEL_KINDS.join(", ")})`, "train");
    const kind = args.model as ModelKind;
    const defaults = TRAIN_DEFAULTS[kind];
    if (kind === "gpt-char" && args.data !== undefined) {
      throw new UsageError(
        "--data is for the image models; gpt-char trains on the built-in text corpus",
        "train",
      );
    }
    const options: TrainOptions = {
      model: kind,
      epochs: args.epochs === undefined ? defaults.epochs : parsePositiveInteger("epochs", args.epochs),
      lr: args.lr === undefined ? defaults.lr : parsePositive("lr", args.lr),
      batch: args.batch === undefined ? defaults.batch : parsePositiveInteger("batch", args.batch),
      seed: args.seed === undefined ? 0 : parseNonNegativeInteger("seed", args.seed),
    };
    const sizes = readModelSizes(kind, args);
    if (kind !== "gpt-char") {
      // Refused before any data is read or weights allocated; Fashion-MNIST always has 10 classes.
      const spec = imageSpec(kind, sizes, FASHION_MNIST_CLASSES);
      const n = specParameters(spec);
      if (n > MAX_TRAIN_PARAMETERS) {
        throw new InvalidValueError(
          `${sizeFlags(args)}: ${describeSpec(spec)} would have ${n.toLocaleString("en-US")} parameters; ` +
            `paramlens train takes at most ${MAX_TRAIN_PARAMETERS.toLocaleString("en-US")}`,
        );
      }
      options.sizes = sizes;
    }
    if (args.data !== undefined) options.data = String(args.data);
    if (args.sample !== undefined) {
      if (kind !== "gpt-char") throw new UsageError("--sample is for gpt-char (it generates text)", "train");
      options.sampleLength = parseNonNegativeInteger("sample", args.sample);
    }
    const fullSetDir = ctx.io.env?.PARAMLENS_FASHION_MNIST_DIR;
    if (fullSetDir) options.fullSetDir = fullSetDir;
    if (args.limit !== undefined) options.limit = parsePositiveInteger("limit", args.limit);
    const threads = args.threads === undefined ? 1 : parsePositiveInteger("threads", args.threads);
    if (threads > MAX_THREADS) {
      throw new InvalidValueError(`--threads: ${threads} is more than ${MAX_THREADS}`);
    }
    const out = args.out === undefined ? `${kind}.safetensors` : String(args.out);
    checkWritable(ctx.cwd, out); // fail before training, not after
    // The checkpoint must not replace the training data (train --data D --out D/train-images-idx3-ubyte).
    const dataInputs =
      kind === "gpt-char"
        ? []
        : imageDataFiles({
            ...(options.data === undefined ? {} : { dir: options.data }),
            ...(options.fullSetDir === undefined ? {} : { fullSetDir: options.fullSetDir }),
          }).map((file) => ({ role: "data file", path: file }));
    refuseOutputOverInput(ctx.cwd, "--out", out, dataInputs);

    // Once, before any op: "wasm" where WebAssembly SIMD exists, else the JS reference kernels ("js").
    const backendName = await initBackend();
    if (threads > 1) {
      if (backendName !== "wasm") {
        throw new InvalidValueError(
          `--threads ${threads}: threads need the wasm backend, and this runtime has no WebAssembly SIMD`,
        );
      }
      await initNodeThreads(threads);
    }
    const backendLine = threads > 1 ? `${backendName} · ${threads} threads` : backendName;
    const meter: AccuracyMeter = { correct: 0, counted: 0 };
    const stderr = ctx.io.stderr;
    let interrupted = false;
    const unsubscribe = ctx.io.onInterrupt?.(() => {
      interrupted = true;
    });
    try {
      await trainAndSave();
    } finally {
      // Kept until the checkpoint is on disk: a Ctrl-C during the (synchronous) write waits for it.
      unsubscribe?.();
    }
    async function trainAndSave(): Promise<void> {
      let run: TrainRun;
      try {
        run = await trainModel(options, {
          meter,
          interrupted: () => interrupted,
          onData: (source, nTrain, nVal) => {
            const unit = kind === "gpt-char" ? "windows" : "images";
            // Logged with the data line, not before it, so a failure to load data stays a one-line error.
            ctx.log(`backend: ${backendLine}`);
            ctx.log(
              `data: ${source} · ${nTrain.toLocaleString("en-US")} train / ${nVal.toLocaleString("en-US")} validation ${unit}`,
            );
          },
          callback: createProgress({
            write: (text) => stderr.write(text),
            tty: stderr.isTTY === true,
            meter,
            columns: (stderr as { columns?: number }).columns ?? 80,
          }),
        });
      } catch (error) {
        if (error instanceof TrainingInterrupted) {
          throw new InterruptedError(`${error.message}: no checkpoint written`);
        }
        throw error;
      }
      const bytes = checkpointBytes(run.model, run.spec, run.training);
      writeCheckpoint(ctx.cwd, out, bytes);
      const report: TrainReport = {
        spec: run.spec,
        parameters: run.parameters,
        training: run.training,
        history: run.history,
        checkpoint: { path: out, bytes: bytes.length },
        ...(run.sample ? { sample: run.sample } : {}),
      };
      emit(ctx, args.json === true, report, (r) => renderTrain(r, ctx.color));
    }
  },
});
