// `paramlens train`: trains an MLP or a small CNN on Fashion-MNIST (the full set when installed, else the
// shipped subset; stderr says which) or a character GPT on the text corpus, with progress on stderr, and
// writes a checkpoint whose metadata lets `summary`, `explain` and `analyze` rebuild the model. Training
// runs in short stretches so Ctrl-C stops it cleanly: the first Ctrl-C saves the run (fit()'s resumable
// state and the run's settings) to <name>.resume.safetensors and exits 130 with the command that continues
// it (`train --resume`, bit-identical to an uninterrupted run); a second Ctrl-C ends the process at once.
// The checkpoint is only written after the last step; every file goes to a temporary file renamed into
// place, so none is ever half-written.
// Training runs on @paramlens/tensor's wasm SIMD backend where the runtime has it (stderr names the backend);
// --threads n splits its large matmuls and convolutions over n threads (same results, bit for bit).
// --hidden and --channels size the mlp and cnn (args/model-sizes.ts); the spec in the checkpoint records them.
import { resolve } from "node:path";
import { FASHION_MNIST_CLASSES } from "@paramlens/datasets";
import { initBackend } from "@paramlens/tensor";
import { initNodeThreads } from "@paramlens/tensor/node";
import { outputArgs } from "../args/fragments";
import { readModelSizes } from "../args/model-sizes";
import { parseNonNegativeInteger, parsePositive, parsePositiveInteger } from "../args/numbers";
import { defineCliCommand } from "../command";
import { InterruptedError, InvalidValueError, UsageError } from "../errors";
import { refuseOutputOverInput } from "../files/output-guard";
import { checkWritable, writeFileAtomic } from "../files/write-atomic";
import { checkpointBytes, writeCheckpoint } from "../model/checkpoint-file";
import { imageDataFiles } from "../model/data";
import { describeSpec, MODEL_KINDS, type ModelKind } from "../model/model-spec";
import { type ResumeFile, readResumeFile, resumePathFor } from "../model/resume-file";
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

/** Flags that fix what a run trains; a resumed run takes them from its saved state. */
const RUN_SETTINGS = ["model", "epochs", "lr", "batch", "seed", "limit", "hidden", "channels"] as const;

/** `path` as one shell word: as is when plain, else in single quotes. */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

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
      description:
        "Checkpoint to write (default <model>.safetensors); Ctrl-C saves the run beside it as <name>.resume.safetensors",
    },
    resume: {
      type: "string",
      valueHint: "file",
      description:
        "Continue a run saved by Ctrl-C (<name>.resume.safetensors) with its own settings, bit-identically",
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
    "paramlens train --resume cnn.resume.safetensors --out cnn.safetensors",
  ],
  async run(args, ctx) {
    if (args._.length > 0) throw new UsageError(`unexpected argument "${args._[0]}"`, "train");
    let resume: ResumeFile | undefined;
    if (args.resume !== undefined) {
      const fixed = RUN_SETTINGS.find((k) => args[k] !== undefined);
      if (fixed !== undefined) {
        throw new UsageError(
          `--resume continues the saved run with its own settings; drop --${fixed}`,
          "train",
        );
      }
      resume = readResumeFile(ctx.cwd, String(args.resume));
    }
    const saved = resume?.record.settings;
    if (saved === undefined && args.model === undefined) {
      throw new UsageError(`give --model (${MODEL_KINDS.join(", ")}) or --resume`, "train");
    }
    const kind = (saved?.model ?? args.model) as ModelKind;
    const defaults = TRAIN_DEFAULTS[kind];
    if (kind === "gpt-char" && args.data !== undefined) {
      throw new UsageError(
        "--data is for the image models; gpt-char trains on the built-in text corpus",
        "train",
      );
    }
    const options: TrainOptions = saved
      ? { model: kind, epochs: saved.epochs, lr: saved.lr, batch: saved.batch, seed: saved.seed }
      : {
          model: kind,
          epochs: args.epochs === undefined ? defaults.epochs : parsePositiveInteger("epochs", args.epochs),
          lr: args.lr === undefined ? defaults.lr : parsePositive("lr", args.lr),
          batch: args.batch === undefined ? defaults.batch : parsePositiveInteger("batch", args.batch),
          seed: args.seed === undefined ? 0 : parseNonNegativeInteger("seed", args.seed),
        };
    const sizes = saved ? (saved.sizes ?? {}) : readModelSizes(kind, args);
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
      if (!saved || saved.sizes !== undefined) options.sizes = sizes;
    }
    // Absolute, so a saved run resumes from any working directory.
    if (args.data !== undefined) options.data = resolve(ctx.cwd, String(args.data));
    else if (saved?.data !== undefined) options.data = saved.data;
    if (args.sample !== undefined) {
      if (kind !== "gpt-char") throw new UsageError("--sample is for gpt-char (it generates text)", "train");
      options.sampleLength = parseNonNegativeInteger("sample", args.sample);
    }
    const fullSetDir = ctx.io.env?.PARAMLENS_FASHION_MNIST_DIR;
    if (fullSetDir) options.fullSetDir = fullSetDir;
    if (args.limit !== undefined) options.limit = parsePositiveInteger("limit", args.limit);
    else if (saved?.limit !== undefined) options.limit = saved.limit;
    if (resume && saved) {
      options.resume = {
        bytes: resume.bytes,
        step: resume.step,
        spec: resume.record.spec,
        source: saved.source,
        trainSamples: saved.trainSamples,
      };
    }
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
    const resumeInput =
      args.resume === undefined ? [] : [{ role: "--resume file", path: String(args.resume) }];
    refuseOutputOverInput(ctx.cwd, "--out", out, [...dataInputs, ...resumeInput]);
    // Where Ctrl-C saves the run. It may replace the --resume file it continues (a later state of the same
    // run, written atomically), never the data.
    const resumePath = resumePathFor(out);
    refuseOutputOverInput(ctx.cwd, "the Ctrl-C save", resumePath, dataInputs);
    if (resume) ctx.log(`resuming ${String(args.resume)} at step ${resume.step}`);

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
          writeFileAtomic(ctx.cwd, resumePath, error.checkpoint);
          throw new InterruptedError(
            `${error.message}: saved the run to ${resumePath}; continue it with: ` +
              `paramlens train --resume ${shellWord(resumePath)} --out ${shellWord(out)}`,
          );
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
