// Reads `paramlens train`'s model-size flags: `--hidden` (mlp: one or more hidden widths, "256,128"; cnn: the
// one hidden width after the conv blocks) and `--channels` (cnn: the two conv blocks' channels, "8,16"). Bad
// values become one-line errors naming the flag and the rule. It does not apply defaults for absent flags
// or build the model (train-run.ts does), nor cap the total size (spec-parameters.ts).
import { InvalidValueError, UsageError } from "../errors";
import type { ModelKind } from "../model/model-spec";

/** Sizes given on the command line; absent flags stay absent (the model's defaults apply). */
export interface ModelSizes {
  /** mlp: hidden widths, first to last; cnn: exactly one width. */
  hidden?: number[];
  /** cnn: channels of the first and second conv block. */
  channels?: [number, number];
}

export interface ListRule {
  min: number;
  max: number;
  /** How the rule reads in an error, e.g. "the cnn takes two channel counts (whole numbers ≥ 1, e.g. 8,16)". */
  rule: string;
}

// mlpClassifier takes any number of hidden layers; smallCnn has two conv blocks and one hidden Linear.
const HIDDEN_MLP: ListRule = {
  min: 1,
  max: Number.POSITIVE_INFINITY,
  rule: "the mlp takes one or more hidden widths, comma-separated (whole numbers ≥ 1, e.g. 256,128)",
};
const HIDDEN_CNN: ListRule = {
  min: 1,
  max: 1,
  rule: "the cnn takes one hidden width (a whole number ≥ 1, e.g. 64)",
};
const CHANNELS: ListRule = {
  min: 2,
  max: 2,
  rule: "the cnn takes two channel counts (whole numbers ≥ 1, e.g. 8,16)",
};

/** `"8,16"` → [8, 16]: comma-separated whole numbers ≥ 1 written in digits, as many as `list` allows. */
export function parseSizeList(flag: string, raw: unknown, list: ListRule): number[] {
  const text = typeof raw === "string" ? raw.trim() : "";
  const rule = list.rule;
  if (text === "") throw new InvalidValueError(`--${flag}: ${rule}; got an empty value`);
  const given = `--${flag} ${text}`;
  const values = text.split(",").map((part) => {
    const p = part.trim();
    if (p === "") throw new InvalidValueError(`${given}: an entry is empty; ${rule}`);
    if (!/^[+-]?[0-9]+$/.test(p))
      throw new InvalidValueError(`${given}: "${p}" is not a whole number; ${rule}`);
    const n = Number(p);
    if (n < 1) throw new InvalidValueError(`${given}: ${p} is not ≥ 1; ${rule}`);
    if (!Number.isSafeInteger(n)) throw new InvalidValueError(`${given}: ${p} is too large`);
    return n;
  });
  if (values.length < list.min || values.length > list.max) {
    throw new InvalidValueError(
      `${given}: ${rule}; got ${values.length} value${values.length === 1 ? "" : "s"}`,
    );
  }
  return values;
}

/** The size flags for `kind`; a flag the model does not have is a UsageError (exit 2). */
export function readModelSizes(kind: ModelKind, args: { hidden?: unknown; channels?: unknown }): ModelSizes {
  const sizes: ModelSizes = {};
  if (args.hidden !== undefined) {
    if (kind === "gpt-char") {
      throw new UsageError("--hidden is for the mlp and cnn models; gpt-char's size is fixed", "train");
    }
    sizes.hidden = parseSizeList("hidden", args.hidden, kind === "mlp" ? HIDDEN_MLP : HIDDEN_CNN);
  }
  if (args.channels !== undefined) {
    if (kind !== "cnn") {
      throw new UsageError(`--channels is for the cnn model; ${kind} has no conv layers`, "train");
    }
    const [c1 = 0, c2 = 0] = parseSizeList("channels", args.channels, CHANNELS);
    sizes.channels = [c1, c2];
  }
  return sizes;
}
