// summary(model, inputShape | sampleInput): runs one forward (noGrad, eval mode by default, all-zero input
// for a shape) with forward hooks on every module and reports, per module in tree order, its output shape
// and its own parameters split into weights, biases and others, plus totals and memory in bytes — the
// numbers torchinfo shows. Counts are of each module's *own* parameters and a tied tensor is counted once,
// so the rows add up to countParameters(model). formatSummary (summary-format.ts) draws the table.
import { noGrad, Tensor, zeros } from "@paramlens/tensor";
import type { AnyModule } from "./module";

export interface SummaryRow {
  /** dotted path from the model ("" for the model itself) */
  path: string;
  /** class name */
  type: string;
  /** 0 for the model, 1 for its children, … */
  depth: number;
  /** true when this module is its parent's last child (for drawing the tree) */
  isLast: boolean;
  /** shape of the last output (an array of shapes for a tuple output), null if the module never ran */
  outputShape: number[] | number[][] | null;
  /** elements of own parameters whose name ends in "weight" */
  weightParams: number;
  /** elements of own parameters whose name ends in "bias" */
  biasParams: number;
  /** elements of other own parameters (e.g. position embeddings, gains) */
  otherParams: number;
  /** "yes" all own parameters train, "no" all frozen, "partial" mixed, "--" none */
  trainable: "yes" | "no" | "partial" | "--";
  /** forward calls during the summary run */
  calls: number;
}

export interface ModelSummary {
  rows: SummaryRow[];
  /** every distinct parameter element (equals countParameters(model)) */
  totalParams: number;
  trainableParams: number;
  frozenParams: number;
  /** bytes of the input tensors */
  inputBytes: number;
  /** bytes of all distinct parameters */
  paramBytes: number;
  /** bytes of all distinct buffers (persistent or not) */
  bufferBytes: number;
  /** bytes of the outputs of leaf modules during the forward (activations kept for backward) */
  outputBytes: number;
  /** inputBytes + paramBytes + bufferBytes + outputBytes */
  totalBytes: number;
}

export interface SummaryOptions {
  /** element type of the zero input built from a shape (default "float32"; "int32" for token ids) */
  dtype?: "float32" | "int32";
  /** run the forward in "eval" (default) or "train" mode; every module's own flag is restored afterwards */
  mode?: "eval" | "train";
}

function bytes(t: Tensor): number {
  return t.size * t.data.BYTES_PER_ELEMENT;
}

function shapesOf(out: unknown): number[] | number[][] | null {
  if (out instanceof Tensor) return [...out.shape];
  if (Array.isArray(out) && out.length > 0 && out.every((o) => o instanceof Tensor)) {
    return out.map((o: Tensor) => [...o.shape]);
  }
  return null;
}

function outputBytesOf(out: unknown): number {
  if (out instanceof Tensor) return bytes(out);
  if (Array.isArray(out)) return out.reduce((s: number, o) => s + (o instanceof Tensor ? bytes(o) : 0), 0);
  return 0;
}

/**
 * Summarizes `model` by running it on `input`: a shape (an all-zero tensor is built), one tensor, or the
 * whole argument list as an array of tensors.
 */
export function summary(
  model: AnyModule,
  input: readonly number[] | Tensor | readonly Tensor[],
  options: SummaryOptions = {},
): ModelSummary {
  let args: Tensor[];
  if (input instanceof Tensor) args = [input];
  else if (Array.isArray(input) && input.every((d) => typeof d === "number")) {
    args = [zeros(input as readonly number[], { dtype: options.dtype ?? "float32" })];
  } else if (Array.isArray(input) && input.length > 0 && input.every((t) => t instanceof Tensor)) {
    args = [...(input as readonly Tensor[])];
  } else {
    throw new TypeError(
      "summary: input must be a shape (array of integers), a Tensor or an array of Tensors",
    );
  }

  // Tree order with the sibling information needed to draw ├─ and └─.
  const rows: SummaryRow[] = [];
  const modules: AnyModule[] = [];
  const seen = new Set<AnyModule>();
  const walk = (m: AnyModule, path: string, depth: number, isLast: boolean) => {
    if (seen.has(m)) return;
    seen.add(m);
    modules.push(m);
    rows.push({
      path,
      type: m.typeName,
      depth,
      isLast,
      outputShape: null,
      weightParams: 0,
      biasParams: 0,
      otherParams: 0,
      trainable: "--",
      calls: 0,
    });
    const kids = m.namedChildren().filter(([, c]) => !seen.has(c));
    kids.forEach(([name, c], i) => {
      walk(c, path === "" ? name : `${path}.${name}`, depth + 1, i === kids.length - 1);
    });
  };
  walk(model, "", 0, true);

  // Own parameters per row; a tensor tied under two modules counts at its first appearance.
  const counted = new Set<Tensor>();
  let totalParams = 0;
  let trainableParams = 0;
  let paramBytes = 0;
  modules.forEach((m, i) => {
    const row = rows[i]!;
    let on = 0;
    let off = 0;
    for (const [name, p] of m.namedParameters({ recurse: false })) {
      if (counted.has(p)) continue;
      counted.add(p);
      if (name.endsWith("weight")) row.weightParams += p.size;
      else if (name.endsWith("bias")) row.biasParams += p.size;
      else row.otherParams += p.size;
      totalParams += p.size;
      paramBytes += bytes(p);
      if (p.requiresGrad) {
        trainableParams += p.size;
        on++;
      } else off++;
    }
    row.trainable = on + off === 0 ? "--" : off === 0 ? "yes" : on === 0 ? "no" : "partial";
  });
  const bufferBytes = model.buffers().reduce((s, b) => s + bytes(b), 0);

  // One forward with a hook on every module; modes and hooks restored whatever happens.
  let outputBytes = 0;
  const modes = modules.map((m) => m.training);
  const handles = modules.map((m, i) =>
    m.registerForwardHook((_mod, _in, out) => {
      const row = rows[i]!;
      row.calls++;
      row.outputShape = shapesOf(out);
      if (m.children().length === 0) outputBytes += outputBytesOf(out);
    }),
  );
  try {
    model.train(options.mode === "train");
    noGrad(() => model.call(...args));
  } finally {
    for (const h of handles) h.remove();
    modules.forEach((m, i) => {
      m.training = modes[i]!;
    });
  }
  const inputBytes = args.reduce((s, t) => s + bytes(t), 0);
  return {
    rows,
    totalParams,
    trainableParams,
    frozenParams: totalParams - trainableParams,
    inputBytes,
    paramBytes,
    bufferBytes,
    outputBytes,
    totalBytes: inputBytes + paramBytes + bufferBytes + outputBytes,
  };
}
