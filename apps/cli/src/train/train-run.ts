// Trains one of the CLI's models with nn's fit(): builds it from a ModelSpec (so the checkpoint can rebuild
// it), loads the data, runs Adam with the given epochs / lr / batch / seed, and returns the trained model,
// its spec and the training record. Progress goes to the caller's fit callback; nothing here prints or
// touches the file system beyond reading the dataset.
import {
  Adam,
  correctCount,
  countParameters,
  crossEntropy,
  type EpochRecord,
  type FitCallback,
  type FitOptions,
  type FitResult,
  fit,
  GPT,
  type LossFn,
  languageModelLoss,
  type Module,
} from "@paramlens/nn";
import { Generator, manualSeed, Tensor } from "@paramlens/tensor";
import type { ModelSizes } from "../args/model-sizes";
import { InvalidValueError } from "../errors";
import { buildModel } from "../model/build-model";
import { loadImages, loadText } from "../model/data";
import type { CnnSpec, MlpSpec, ModelKind, ModelSpec, TrainingRecord } from "../model/model-spec";
import { RESUME_FORMAT, RESUME_KEY, type ResumeRecord, type ResumeSettings } from "../model/resume-file";
import { clip } from "../output/clip";

export interface TrainOptions {
  model: ModelKind;
  epochs: number;
  lr: number;
  batch: number;
  seed: number;
  /** Directory with the Fashion-MNIST IDX files (image models). */
  data?: string;
  /** PARAMLENS_FASHION_MNIST_DIR: where to look for the full set before falling back to the subset. */
  fullSetDir?: string;
  /** Use only the first N training samples (images or text windows). */
  limit?: number;
  /** gpt-char: characters to generate after training (default 160; 0 for none). */
  sampleLength?: number;
  /** mlp and cnn: hidden widths and conv channels; absent fields take MODEL_SIZE_DEFAULTS. */
  sizes?: ModelSizes;
  /** Continue a run saved on Ctrl-C (resume-file.ts); the options above must be the ones it saved. */
  resume?: { bytes: Uint8Array; step: number; spec: ModelSpec; source: string; trainSamples: number };
}

/** Per-model defaults: small enough to finish in about a minute on the full Fashion-MNIST set. */
export const TRAIN_DEFAULTS: Record<ModelKind, { epochs: number; lr: number; batch: number }> = {
  mlp: { epochs: 3, lr: 1e-3, batch: 64 },
  cnn: { epochs: 1, lr: 2e-3, batch: 64 },
  "gpt-char": { epochs: 1, lr: 3e-3, batch: 32 },
};

/** Layer sizes when --hidden / --channels are not given: mlp 784→256→128→10, cnn conv 16, 32 → 128 → 10. */
export const MODEL_SIZE_DEFAULTS = {
  mlp: { hidden: [256, 128] },
  cnn: { channels: [16, 32] as [number, number], hidden: 128 },
} as const;

/** The spec of the mlp or cnn with these sizes for 28×28 grayscale images and these classes. */
export function imageSpec(
  kind: "mlp" | "cnn",
  sizes: ModelSizes,
  classes: readonly string[],
): MlpSpec | CnnSpec {
  const inputShape = [1, 28, 28];
  if (kind === "mlp") {
    const hidden = sizes.hidden ?? MODEL_SIZE_DEFAULTS.mlp.hidden;
    return { kind, sizes: [784, ...hidden, classes.length], inputShape, classes: [...classes] };
  }
  const d = MODEL_SIZE_DEFAULTS.cnn;
  return {
    kind,
    options: {
      inChannels: 1,
      imageSize: 28,
      channels: sizes.channels ?? [...d.channels],
      hidden: sizes.hidden?.[0] ?? d.hidden,
      classes: classes.length,
    },
    inputShape,
    classes: [...classes],
  };
}

/** Running training accuracy of the current epoch, counted by the loss function as batches go by. */
export interface AccuracyMeter {
  correct: number;
  counted: number;
}

export interface TrainRun {
  spec: ModelSpec;
  model: Module;
  training: TrainingRecord;
  parameters: number;
  history: EpochRecord[];
  /** gpt-char only: text the trained model generated from the prompt. */
  sample?: { prompt: string; text: string };
}

export interface TrainHooks {
  /** Called once the data is loaded, with a description of it (for stderr). */
  onData?: (source: string, trainSamples: number, valSamples: number) => void;
  callback?: FitCallback;
  meter?: AccuracyMeter;
  /** Polled between stretches of training; true stops it with TrainingInterrupted. */
  interrupted?: () => boolean;
  /** Target length of one stretch in ms (default CHUNK_MS); 0 makes every step its own stretch (tests). */
  chunkMs?: number;
}

function countingLoss(base: LossFn, meter: AccuracyMeter | undefined): LossFn {
  if (!meter) return base;
  return (out, y) => {
    const c = correctCount(out, y);
    if (c !== null) {
      meter.correct += c;
      meter.counted += y.shape[0]!;
    }
    return base(out, y);
  };
}

const SAMPLE_PROMPT = "Elizabeth";

/**
 * Thrown when `hooks.interrupted` reports a Ctrl-C between chunks; nothing has been written. `checkpoint`
 * is fit()'s resumable state at `step`, with the run's settings (resume-file.ts), for the caller to save.
 */
export class TrainingInterrupted extends Error {
  readonly step: number;
  readonly totalSteps: number;
  readonly checkpoint: Uint8Array;
  constructor(step: number, totalSteps: number, checkpoint: Uint8Array) {
    super(`interrupted at step ${step} of ${totalSteps}`);
    this.name = "TrainingInterrupted";
    this.step = step;
    this.totalSteps = totalSteps;
    this.checkpoint = checkpoint;
  }
}

/** Wall-clock length of one synchronous stretch of training between checks for Ctrl-C. */
const CHUNK_MS = 200;

/**
 * fit() runs synchronously, so a SIGINT handler could not run until training ends. This runs it in short
 * stretches instead: each stops at `maxSteps`, emits fit's own resumable checkpoint there, yields to the
 * event loop (where the handler runs) and continues with `resumeFrom`, which fit documents as bit-identical
 * to an uninterrupted run. The first stretch is one step; its time sizes the others to about CHUNK_MS.
 */
async function fitInChunks(
  model: Module,
  options: FitOptions,
  hooks: TrainHooks,
  start: { bytes: Uint8Array; step: number } | undefined,
): Promise<FitResult> {
  let chunk = 1;
  let maxSteps = (start?.step ?? 0) + 1;
  let resumeFrom: Uint8Array | undefined = start?.bytes;
  let first = true;
  let totalSteps = 0;
  // fit()'s speed and ETA cover one stretch only; recompute them over the whole run so they do not jump.
  const runStart = Date.now();
  const n = options.train.x.shape[0] ?? 0;
  let samples = 0;
  for (;;) {
    let saved: Uint8Array | undefined;
    const t0 = Date.now();
    const result = fit(model, {
      ...options,
      maxSteps,
      checkpointEvery: chunk,
      ...(resumeFrom ? { resumeFrom } : {}),
      callbacks: (e) => {
        if (e.type === "checkpoint") saved = e.bytes;
        else if (e.type === "start") totalSteps = e.totalSteps;
        // Stretch boundaries are not the end of training.
        if (e.type === "end" && e.reason === "max-steps") return;
        if (e.type === "step") {
          samples += Math.min(options.batchSize, n - e.batch * options.batchSize);
          const elapsedMs = Date.now() - runStart;
          return hooks.callback?.({
            ...e,
            elapsedMs,
            samplesPerSecond: elapsedMs > 0 ? (samples * 1000) / elapsedMs : 0,
            etaMs: (elapsedMs / Math.max(1, e.step - (start?.step ?? 0))) * (e.totalSteps - e.step),
          });
        }
        return hooks.callback?.(e);
      },
    });
    if (result.reason !== "max-steps") return result;
    if (saved === undefined) throw new Error(`fitInChunks: no checkpoint at step ${result.step}`);
    await new Promise((resolve) => setImmediate(resolve));
    if (hooks.interrupted?.()) {
      hooks.callback?.({ type: "end", step: result.step, reason: "callback", elapsedMs: 0 });
      throw new TrainingInterrupted(result.step, totalSteps, saved);
    }
    if (first) {
      first = false;
      const perStep = Math.max(1, Date.now() - t0);
      chunk = Math.max(1, Math.round((hooks.chunkMs ?? CHUNK_MS) / perStep));
    }
    resumeFrom = saved;
    maxSteps = (Math.floor(result.step / chunk) + 1) * chunk;
  }
}

export async function trainModel(o: TrainOptions, hooks: TrainHooks = {}): Promise<TrainRun> {
  let spec: ModelSpec;
  let train: { x: Tensor; y: Tensor };
  let val: { x: Tensor; y: Tensor };
  let source: string;
  let dataset: string;
  let loss: LossFn;
  let tokenizerVocab: string[] | undefined;
  if (o.model === "gpt-char") {
    const context = 64;
    const text = loadText(context, o.limit === undefined ? {} : { limit: o.limit });
    tokenizerVocab = [...text.tokenizer.vocab];
    spec = {
      kind: "gpt-char",
      config: {
        name: "char-gpt",
        vocabSize: text.tokenizer.size,
        contextLength: context,
        dModel: 64,
        nLayers: 2,
        nHeads: 4,
        tiedEmbeddings: false,
      },
      vocab: tokenizerVocab,
    };
    ({ train, val, source } = text);
    dataset = "text-corpus";
    loss = languageModelLoss;
  } else {
    const where = {
      ...(o.data === undefined ? {} : { dir: o.data }),
      ...(o.fullSetDir === undefined ? {} : { fullSetDir: o.fullSetDir }),
      ...(o.limit === undefined ? {} : { limit: o.limit }),
    };
    const trainSet = loadImages("train", where);
    // Validation on the test split, as large as the training set at most (a --limit run stays quick).
    const testSet = loadImages("test", where);
    train = trainSet;
    val = testSet;
    source = trainSet.source;
    dataset = "fashion-mnist";
    spec = imageSpec(o.model, o.sizes ?? {}, trainSet.classes);
    loss = (out, y) => crossEntropy(out, y);
  }
  if (o.resume) {
    // fit() resumes bit-identically only on the same model and the same data.
    const r = o.resume;
    if (JSON.stringify(r.spec) !== JSON.stringify(spec)) {
      throw new InvalidValueError(
        "the saved run's model does not match its own settings; it cannot be resumed",
      );
    }
    if (r.source !== source || r.trainSamples !== train.x.shape[0]) {
      throw new InvalidValueError(
        `the saved run trained on ${r.trainSamples.toLocaleString("en-US")} samples of ${clip(r.source)}; ` +
          `the data now is ${train.x.shape[0]!.toLocaleString("en-US")} samples of ${source} (give the run's --data)`,
      );
    }
  }
  hooks.onData?.(source, train.x.shape[0]!, val.x.shape[0]!);
  const settings: ResumeSettings = {
    model: o.model,
    epochs: o.epochs,
    lr: o.lr,
    batch: o.batch,
    seed: o.seed,
    ...(o.limit === undefined ? {} : { limit: o.limit }),
    ...(o.data === undefined ? {} : { data: o.data }),
    ...(o.sizes === undefined ? {} : { sizes: o.sizes }),
    source,
    trainSamples: train.x.shape[0]!,
  };
  const record: ResumeRecord = { format: RESUME_FORMAT, spec, settings };

  manualSeed(o.seed); // the initial weights depend on the seed alone
  const model = buildModel(spec);
  const started = Date.now();
  const result = await fitInChunks(
    model,
    {
      train,
      val,
      loss: countingLoss(loss, hooks.meter),
      optimizer: new Adam(model.parameters(), { lr: o.lr }),
      epochs: o.epochs,
      batchSize: o.batch,
      seed: o.seed,
      ...(o.model === "gpt-char" ? { clipGradNorm: 1 } : {}),
      checkpointMetadata: { [RESUME_KEY]: JSON.stringify(record) },
    },
    hooks,
    o.resume,
  );
  const elapsedMs = Date.now() - started;
  model.eval();
  const last = result.history[result.history.length - 1];
  const training: TrainingRecord = {
    dataset,
    source,
    trainSamples: train.x.shape[0]!,
    valSamples: val.x.shape[0]!,
    epochs: o.epochs,
    batchSize: o.batch,
    lr: o.lr,
    seed: o.seed,
    steps: result.step,
    trainLoss: last?.trainLoss ?? Number.NaN,
    trainAccuracy: o.model === "gpt-char" ? null : (last?.trainAccuracy ?? null),
    valLoss: last?.valLoss ?? null,
    valAccuracy: o.model === "gpt-char" ? null : (last?.valAccuracy ?? null),
    elapsedMs,
  };
  const run: TrainRun = {
    spec,
    model,
    training,
    parameters: countParameters(model),
    history: result.history,
  };
  const sampleLength = o.sampleLength ?? 160;
  if (model instanceof GPT && tokenizerVocab && sampleLength > 0) {
    const vocab = tokenizerVocab;
    const ids = [...SAMPLE_PROMPT].map((ch) => vocab.indexOf(ch));
    const out = model.generate(new Tensor(new Int32Array(ids), [1, ids.length]), {
      maxNewTokens: sampleLength,
      temperature: 0.8,
      topK: 10,
      generator: new Generator(o.seed),
    });
    const text = out
      .toArray()
      .map((id) => vocab[id] ?? "")
      .join("");
    run.sample = { prompt: SAMPLE_PROMPT, text };
  }
  return run;
}
