// The interpretable inputs of prompt attribution, as Captum's TextTokenInput and TextTemplateInput
// (captum/attr/_utils/interpretable_input.py): a prompt seen as M features that are each present or absent.
//   TokenPrompt: every token is a feature (minus skipped ones, e.g. BOS); an absent token is replaced by a
//     baseline token id (Captum's default 0), so the length never changes.
//   TemplatePrompt: user-defined segments filled into a template ("{} feels {}", "{name}"); an absent segment
//     takes its baseline string (default "", i.e. removed) and the text is re-tokenised; `mask` groups
//     segments into one feature, and attributions are spread back to every segment of the group.
// Only the mapping presence → token ids lives here; running the model is llm-attribution.ts.
import { AttributionError } from "../errors";

/** What prompt attribution needs of a tokenizer: text → ids, and (for labels) ids → text. */
export interface PromptTokenizer {
  encode(text: string): number[];
  decode?(ids: readonly number[]): string;
}

/** A prompt as M interpretable features. */
export interface InterpretablePrompt {
  /** M, the features attribution methods see. */
  readonly nFeatures: number;
  /** Labels of the features as reported (after `formatAttr`, one per token or segment). */
  readonly values: readonly string[];
  /** Token ids of the prompt with feature j present where present[j] ≠ 0 (Captum: absent where 0). */
  ids(present: ArrayLike<number>): number[];
  /** Maps attributions per feature (length M) to one per reported value. */
  formatAttr(attr: readonly number[]): number[];
}

function checkIds(op: string, ids: readonly number[], what: string): void {
  for (const [i, v] of ids.entries()) {
    if (!Number.isInteger(v) || v < 0) {
      throw new AttributionError(
        "BAD_INPUT",
        op,
        `${what}[${i}] = ${String(v).slice(0, 30)} is not a token id`,
      );
    }
  }
}

export interface TokenPromptOptions {
  /** Token id an absent token becomes; default 0 (Captum's default, often UNK). */
  baseline?: number;
  /** Token ids that are not features (kept as they are, e.g. BOS); Captum's skip_tokens. */
  skipTokens?: readonly number[];
  /** One label per token of `ids` (default: the tokenizer's decoding, else the id). */
  labels?: readonly string[];
  tokenizer?: PromptTokenizer;
}

/** Every (non-skipped) token of the prompt is one feature. */
export class TokenPrompt implements InterpretablePrompt {
  readonly tokens: readonly number[];
  readonly baseline: number;
  /** Positions in `tokens` of the features, in order. */
  readonly featurePositions: readonly number[];
  readonly values: readonly string[];

  constructor(ids: readonly number[], options: TokenPromptOptions = {}) {
    const op = "TokenPrompt";
    if (!Array.isArray(ids) || ids.length === 0)
      throw new AttributionError("BAD_INPUT", op, "ids must be a non-empty array");
    checkIds(op, ids, "ids");
    const baseline = options.baseline ?? 0;
    checkIds(op, [baseline], "baseline");
    const skip = new Set(options.skipTokens ?? []);
    this.tokens = ids.slice();
    this.baseline = baseline;
    this.featurePositions = ids.flatMap((t, i) => (skip.has(t) ? [] : [i]));
    if (this.featurePositions.length === 0) {
      throw new AttributionError(
        "BAD_INPUT",
        op,
        "every token is in skipTokens: nothing left to attribute to",
      );
    }
    if (options.labels && options.labels.length !== ids.length) {
      throw new AttributionError(
        "BAD_INPUT",
        op,
        `got ${options.labels.length} labels for ${ids.length} tokens`,
      );
    }
    const label = (i: number): string =>
      options.labels?.[i] ??
      (options.tokenizer?.decode ? options.tokenizer.decode([ids[i]!]) : String(ids[i]));
    this.values = this.featurePositions.map(label);
  }

  /** Builds a prompt from text with the tokenizer. */
  static fromText(
    text: string,
    tokenizer: PromptTokenizer,
    options: Omit<TokenPromptOptions, "tokenizer"> = {},
  ): TokenPrompt {
    return new TokenPrompt(tokenizer.encode(text), { ...options, tokenizer });
  }

  get nFeatures(): number {
    return this.featurePositions.length;
  }

  ids(present: ArrayLike<number>): number[] {
    const out = this.tokens.slice();
    this.featurePositions.forEach((p, j) => {
      if (present[j] !== 1) out[p] = this.baseline; // Captum: perturbed_tensor != 1 → baseline
    });
    return out;
  }

  formatAttr(attr: readonly number[]): number[] {
    return attr.slice();
  }
}

type Values = readonly string[] | Readonly<Record<string, string>>;

export interface TemplatePromptOptions {
  /** Value of each absent segment (same form as values); default "" (the segment is removed). */
  baselines?: Values;
  /** Feature id per segment (same form as values): segments with one id are one feature. */
  mask?: readonly number[] | Readonly<Record<string, number>>;
}

/**
 * Python str.format for the forms Captum's templates use: "{}" (next positional), "{0}" (by index),
 * "{name}" (by key), "{{" / "}}" (literal braces).
 */
export function formatTemplate(
  template: string,
  values: readonly string[] | Readonly<Record<string, string>>,
): string {
  const op = "formatTemplate";
  let auto = 0;
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === "{" && template[i + 1] === "{") {
      out += "{";
      i++;
    } else if (c === "}" && template[i + 1] === "}") {
      out += "}";
      i++;
    } else if (c === "{") {
      const end = template.indexOf("}", i);
      if (end < 0) throw new AttributionError("BAD_INPUT", op, `unclosed "{" at ${i} in the template`);
      const key = template.slice(i + 1, end);
      let v: string | undefined;
      if (Array.isArray(values)) {
        const idx = key === "" ? auto++ : Number(key);
        v = Number.isInteger(idx) ? (values as readonly string[])[idx] : undefined;
      } else v = (values as Record<string, string>)[key];
      if (v === undefined) {
        throw new AttributionError(
          "BAD_INPUT",
          op,
          `the template's field {${key.slice(0, 40)}} has no value`,
        );
      }
      out += v;
      i = end;
    } else if (c === "}") {
      throw new AttributionError("BAD_INPUT", op, `single "}" at ${i} in the template (write "}}")`);
    } else out += c;
  }
  return out;
}

/** Segments of a template are the features (Captum's TextTemplateInput). */
export class TemplatePrompt implements InterpretablePrompt {
  readonly values: readonly string[];
  private readonly keys: readonly string[] | null;
  private readonly baselineValues: readonly string[];
  /** feature index of each segment */
  private readonly featureOf: readonly number[];
  readonly nFeatures: number;

  constructor(
    private readonly template: string | ((...values: string[]) => string),
    values: Values,
    private readonly tokenizer: PromptTokenizer,
    options: TemplatePromptOptions = {},
  ) {
    const op = "TemplatePrompt";
    if (typeof template !== "string" && typeof template !== "function") {
      throw new AttributionError("BAD_INPUT", op, "template must be a string or a function of the values");
    }
    if (!tokenizer || typeof tokenizer.encode !== "function") {
      throw new AttributionError(
        "BAD_INPUT",
        op,
        "a tokenizer with encode(text) is needed to tokenise the filled template",
      );
    }
    const asList = (
      v: Values | readonly number[] | Readonly<Record<string, number>>,
      what: string,
    ): unknown[] => {
      if (Array.isArray(v)) return v.slice();
      if (this.keys === null)
        throw new AttributionError("BAD_INPUT", op, `values are a list, so ${what} must be a list too`);
      return this.keys.map((k) => {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined)
          throw new AttributionError("BAD_INPUT", op, `${what} has no entry for "${k.slice(0, 40)}"`);
        return x;
      });
    };
    this.keys = Array.isArray(values) ? null : Object.keys(values);
    const vals = asList(values, "values") as string[];
    if (vals.length === 0)
      throw new AttributionError("BAD_INPUT", op, "values must hold at least one segment");
    this.values = vals;
    const base =
      options.baselines === undefined
        ? vals.map(() => "")
        : (asList(options.baselines, "baselines") as string[]);
    if (base.length !== vals.length) {
      throw new AttributionError("BAD_INPUT", op, `got ${base.length} baselines for ${vals.length} values`);
    }
    this.baselineValues = base;
    if (options.mask === undefined) {
      this.featureOf = vals.map((_, i) => i);
      this.nFeatures = vals.length;
    } else {
      const mask = asList(options.mask, "mask") as number[];
      if (mask.length !== vals.length) {
        throw new AttributionError(
          "BAD_INPUT",
          op,
          `got ${mask.length} mask entries for ${vals.length} values`,
        );
      }
      // Captum compresses the ids to 0..K−1 through a Python set of them (ascending for small ints)
      const index = new Map<number, number>();
      for (const m of [...new Set(mask)].sort((a, b) => a - b)) index.set(m, index.size);
      this.featureOf = mask.map((m) => index.get(m)!);
      this.nFeatures = index.size;
    }
  }

  /** The filled-in text with feature j present where present[j] ≠ 0. */
  text(present?: ArrayLike<number>): string {
    const vals = this.values.map((v, i) =>
      present && !present[this.featureOf[i]!] ? this.baselineValues[i]! : v,
    );
    if (typeof this.template === "function") return this.template(...vals);
    if (this.keys === null) return formatTemplate(this.template, vals);
    return formatTemplate(this.template, Object.fromEntries(this.keys.map((k, i) => [k, vals[i]!])));
  }

  ids(present: ArrayLike<number>): number[] {
    const ids = this.tokenizer.encode(this.text(present));
    checkIds("TemplatePrompt", ids, "encoded ids");
    return ids;
  }

  formatAttr(attr: readonly number[]): number[] {
    return this.featureOf.map((f) => attr[f]!);
  }
}
