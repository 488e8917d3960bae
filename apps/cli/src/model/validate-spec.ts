// Checks a checkpoint's model description (the `paramlens.model` metadata) before anything is allocated:
// field types, sane limits on the sizes that set activation memory (input shape, image side, context
// length), and — the bound that matters — the weights the spec would build against the tensors the file
// actually stores. mlp and cnn must match tensor by tensor (names and shapes, as nn's builders name them);
// a gpt-char spec must not count more parameters than the file stores (tied embeddings are stored twice).
// So a 26 KB file claiming a 400,000-wide layer is refused, not allocated. It does not read files or build
// models: checkpoint-file.ts does, after this passes.
import { countParameters } from "@paramlens/gpt-params";
import { MODEL_KINDS, type ModelSpec } from "./model-spec";

/** A stored tensor as the safetensors header describes it. */
export interface StoredTensor {
  name: string;
  shape: readonly number[];
}

/** Largest per-example input (elements) a checkpoint may declare: 1024×1024 images, far above 28×28. */
export const MAX_INPUT_ELEMENTS = 1 << 20;
/** Largest activation of one conv layer (elements, batch 1) a cnn spec may imply: 64 MiB of float32. */
export const MAX_CONV_ACTIVATION = 1 << 24;
/** Longest gpt-char context: attention holds heads × context² scores per example. */
export const MAX_CONTEXT = 4096;
/** Largest attention score tensor (heads × context², batch 1) a gpt-char spec may imply. */
export const MAX_ATTENTION_SCORES = 1 << 26;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isPositiveInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isPositiveIntArray = (v: unknown, maxLength: number): v is number[] =>
  Array.isArray(v) && v.length > 0 && v.length <= maxLength && v.every(isPositiveInt);
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === "string");
const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** The state-dict shapes nn's builders give a spec (build-model.ts), by name. */
function expectedShapes(spec: ModelSpec): Map<string, number[]> | undefined {
  const shapes = new Map<string, number[]>();
  if (spec.kind === "mlp") {
    // Sequential(Flatten, Linear, ReLU, Linear, …): Linear i sits at child 1 + 2i.
    for (let i = 0; i + 1 < spec.sizes.length; i++) {
      shapes.set(`${1 + 2 * i}.weight`, [spec.sizes[i + 1]!, spec.sizes[i]!]);
      shapes.set(`${1 + 2 * i}.bias`, [spec.sizes[i + 1]!]);
    }
    return shapes;
  }
  if (spec.kind === "cnn") {
    // smallCnn: 0 Conv2d, 3 Conv2d, 7 Linear, 9 Linear (nn/src/models/builders.ts).
    const o = spec.options;
    const [c1, c2] = o.channels;
    const side = o.imageSize / 4;
    shapes.set("0.weight", [c1, o.inChannels, 3, 3]);
    shapes.set("0.bias", [c1]);
    shapes.set("3.weight", [c2, c1, 3, 3]);
    shapes.set("3.bias", [c2]);
    shapes.set("7.weight", [o.hidden, c2 * side * side]);
    shapes.set("7.bias", [o.hidden]);
    shapes.set("9.weight", [o.classes, o.hidden]);
    shapes.set("9.bias", [o.classes]);
    return shapes;
  }
  return undefined;
}

/** Field types and limits of the parsed `paramlens.model` value; the reason it is unusable, if any. */
function specFieldProblem(v: unknown): string | undefined {
  if (!isObject(v)) return "is not a JSON object";
  if (!MODEL_KINDS.includes(v.kind as never)) {
    const kind = typeof v.kind === "string" ? `"${v.kind.slice(0, 40)}"` : typeof v.kind;
    return `has kind ${kind}; this paramlens knows ${MODEL_KINDS.join(", ")}`;
  }
  if (v.kind === "mlp") {
    if (!isPositiveIntArray(v.sizes, 64) || v.sizes.length < 2) return "has no valid mlp sizes";
    if (!isPositiveIntArray(v.inputShape, 4)) return "has no valid inputShape";
    if (product(v.inputShape) > MAX_INPUT_ELEMENTS) {
      return `has inputShape with more than ${MAX_INPUT_ELEMENTS.toLocaleString("en-US")} elements`;
    }
    if (product(v.inputShape) !== v.sizes[0]) {
      return `has inputShape [${v.inputShape.join(", ")}], which does not flatten to the first layer's ${v.sizes[0]} inputs`;
    }
    if (!isStringArray(v.classes) || v.classes.length !== v.sizes[v.sizes.length - 1]) {
      return "has class names that do not match the output size";
    }
  } else if (v.kind === "cnn") {
    const o = v.options;
    if (!isObject(o) || !isPositiveIntArray(o.channels, 2) || o.channels.length !== 2) {
      return "has no valid cnn options";
    }
    for (const k of ["inChannels", "imageSize", "hidden", "classes"]) {
      if (!isPositiveInt(o[k])) return `has an invalid cnn option ${k}`;
    }
    const size = o.imageSize as number;
    const inChannels = o.inChannels as number;
    if (size % 4 !== 0) return `has cnn imageSize ${size}, which is not a multiple of 4`;
    if (inChannels * size * size > MAX_INPUT_ELEMENTS) {
      return `has a cnn input of more than ${MAX_INPUT_ELEMENTS.toLocaleString("en-US")} elements`;
    }
    if (o.channels[0]! * size * size > MAX_CONV_ACTIVATION) {
      return `has cnn channels ${o.channels[0]} at ${size}×${size}, an activation larger than ${MAX_CONV_ACTIVATION.toLocaleString("en-US")} elements`;
    }
    const shape = v.inputShape;
    if (!isPositiveIntArray(shape, 3) || shape.join(",") !== [inChannels, size, size].join(",")) {
      return `has inputShape that is not [inChannels, imageSize, imageSize] = [${inChannels}, ${size}, ${size}]`;
    }
    if (!isStringArray(v.classes) || v.classes.length !== o.classes) {
      return "has class names that do not match the output size";
    }
  } else {
    const c = v.config;
    if (!isObject(c)) return "has no GPT config";
    if (!isStringArray(v.vocab) || v.vocab.length !== c.vocabSize) {
      return "has a vocabulary that does not match config.vocabSize";
    }
    for (const k of ["contextLength", "nHeads", "nLayers", "dModel"]) {
      if (!isPositiveInt(c[k])) return `has an invalid GPT config field ${k}`;
    }
    const context = c.contextLength as number;
    if (context > MAX_CONTEXT) return `has contextLength ${context}; at most ${MAX_CONTEXT}`;
    if ((c.nHeads as number) * context * context > MAX_ATTENTION_SCORES) {
      return `has ${c.nHeads} heads × context ${context}², more attention scores than ${MAX_ATTENTION_SCORES.toLocaleString("en-US")}`;
    }
  }
  return undefined;
}

/**
 * The reason `spec` cannot describe a model with the stored `tensors` (names relative to the model, e.g.
 * "1.weight"), or undefined when it can be built and loaded: the build allocates no more than the file holds.
 */
export function specProblem(spec: unknown, tensors: readonly StoredTensor[]): string | undefined {
  const fields = specFieldProblem(spec);
  if (fields !== undefined) return fields;
  const s = spec as ModelSpec;
  const expected = expectedShapes(s);
  if (expected !== undefined) {
    const stored = new Map(tensors.map((t) => [t.name, t.shape]));
    for (const [name, shape] of expected) {
      const got = stored.get(name);
      if (got === undefined)
        return `describes tensor "${name}" [${shape.join(", ")}], which the file does not store`;
      if (got.join(",") !== shape.join(",")) {
        return `describes tensor "${name}" as [${shape.join(", ")}] but the file stores [${got.join(", ")}]`;
      }
    }
    if (stored.size !== expected.size) {
      const extra = tensors.find((t) => !expected.has(t.name));
      if (extra !== undefined) return `does not describe the stored tensor "${extra.name.slice(0, 100)}"`;
    }
    return undefined;
  }
  // gpt-char: gpt-params validates the config and counts its parameters without allocating anything.
  if (s.kind !== "gpt-char") return undefined;
  let count: number;
  try {
    count = countParameters(s.config).total;
  } catch (error) {
    return `has an invalid GPT config (${(error as Error).message.slice(0, 200)})`;
  }
  const storedElements = tensors.reduce((sum, t) => sum + product(t.shape), 0);
  if (count > storedElements) {
    return `describes a GPT of ${count.toLocaleString("en-US")} parameters but the file stores ${storedElements.toLocaleString("en-US")} values`;
  }
  return undefined;
}

const NUMBER_FIELDS = [
  "trainSamples",
  "valSamples",
  "epochs",
  "batchSize",
  "lr",
  "seed",
  "steps",
  "elapsedMs",
];
/** Losses and accuracies: null when not measured (or NaN, which JSON stores as null). */
const NULLABLE_FIELDS = ["trainLoss", "trainAccuracy", "valLoss", "valAccuracy"];

/** The reason the parsed `paramlens.training` value is not a TrainingRecord, if any. */
export function trainingProblem(v: unknown): string | undefined {
  if (!isObject(v)) return "is not a JSON object";
  for (const k of ["dataset", "source"]) if (typeof v[k] !== "string") return `has no string field ${k}`;
  for (const k of NUMBER_FIELDS) {
    if (typeof v[k] !== "number" || !Number.isFinite(v[k])) return `has a non-numeric field ${k}`;
  }
  for (const k of NULLABLE_FIELDS) {
    if (v[k] !== null && (typeof v[k] !== "number" || !Number.isFinite(v[k]))) {
      return `has a non-numeric field ${k}`;
    }
  }
  return undefined;
}
