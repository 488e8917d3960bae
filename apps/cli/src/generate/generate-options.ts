// Reads `paramlens generate`'s flags into the settings of one run: the prompt (text or ids), how many
// tokens, greedy or sampled (temperature, top-k, seed) and the size of the per-step report. Conflicting
// or missing flags are UsageErrors (exit 2), bad values InvalidValueErrors (exit 1), each one line naming
// the flag. It does not read the model folder or check ids against a vocabulary (the command does).
import { parseNonNegativeInteger, parseNumber, parsePositiveInteger } from "../args/numbers";
import { InvalidValueError, UsageError } from "../errors";

export type PromptInput = { kind: "text"; text: string } | { kind: "ids"; ids: number[] };

export interface GenerateOptions {
  prompt: PromptInput;
  maxNewTokens: number;
  /** 0: greedy. */
  temperature: number;
  topK?: number;
  seed: number;
  /** Alternatives per step in --json. */
  reportTopK: number;
}

export interface GenerateFlags {
  prompt?: unknown;
  ids?: unknown;
  "max-new-tokens"?: unknown;
  greedy?: unknown;
  temperature?: unknown;
  "top-k"?: unknown;
  seed?: unknown;
  top?: unknown;
}

export const GENERATE_DEFAULTS = { maxNewTokens: 32, reportTopK: 5, seed: 0 } as const;
// Guards against a typo allocating a huge report or loop; far above any context length we load.
const MAX_NEW_TOKENS = 1_000_000;
const MAX_REPORT_TOP = 100;

/** `"1,2,3"` → [1, 2, 3]: comma-separated whole numbers ≥ 0 in digits. */
export function parseIdList(raw: unknown): number[] {
  const text = typeof raw === "string" ? raw.trim() : "";
  const parts = text === "" ? [] : text.split(",").map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => !/^[0-9]+$/.test(p) || !Number.isSafeInteger(Number(p)))) {
    const shown =
      typeof raw === "string" ? JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw) : "no value";
    throw new InvalidValueError(`--ids: expected comma-separated token ids such as 15496,995, got ${shown}`);
  }
  return parts.map(Number);
}

export function readGenerateOptions(flags: GenerateFlags): GenerateOptions {
  const hasPrompt = flags.prompt !== undefined;
  const hasIds = flags.ids !== undefined;
  if (hasPrompt === hasIds) {
    throw new UsageError(
      hasPrompt
        ? "give either --prompt or --ids, not both"
        : 'give the prompt: --prompt "text" or --ids 1,2,3',
      "generate",
    );
  }
  let prompt: PromptInput;
  if (hasPrompt) {
    if (typeof flags.prompt !== "string") throw new UsageError("--prompt needs a text", "generate");
    if (flags.prompt === "")
      throw new InvalidValueError("--prompt: the prompt is empty (give some text, or --ids)");
    prompt = { kind: "text", text: flags.prompt };
  } else {
    prompt = { kind: "ids", ids: parseIdList(flags.ids) };
  }

  const maxNewTokens =
    flags["max-new-tokens"] === undefined
      ? GENERATE_DEFAULTS.maxNewTokens
      : parsePositiveInteger("max-new-tokens", flags["max-new-tokens"]);
  if (maxNewTokens > MAX_NEW_TOKENS) {
    throw new InvalidValueError(
      `--max-new-tokens: ${maxNewTokens} is more than ${MAX_NEW_TOKENS.toLocaleString("en-US")}`,
    );
  }

  const greedy = flags.greedy === true;
  if (greedy && flags.temperature !== undefined) {
    throw new UsageError("--greedy and --temperature conflict (greedy is temperature 0)", "generate");
  }
  const temperature = flags.temperature === undefined ? 0 : parseNumber("temperature", flags.temperature);
  let topK: number | undefined;
  if (flags["top-k"] !== undefined) {
    if (temperature === 0) {
      throw new UsageError("--top-k only applies when sampling: give --temperature above 0", "generate");
    }
    topK = parsePositiveInteger("top-k", flags["top-k"]);
  }
  if (flags.seed !== undefined && temperature === 0) {
    throw new UsageError("--seed only applies when sampling: give --temperature above 0", "generate");
  }
  const seed =
    flags.seed === undefined ? GENERATE_DEFAULTS.seed : parseNonNegativeInteger("seed", flags.seed);
  const reportTopK =
    flags.top === undefined ? GENERATE_DEFAULTS.reportTopK : parseNonNegativeInteger("top", flags.top);
  if (reportTopK > MAX_REPORT_TOP)
    throw new InvalidValueError(`--top: ${reportTopK} is more than ${MAX_REPORT_TOP}`);
  const options: GenerateOptions = { prompt, maxNewTokens, temperature, seed, reportTopK };
  if (topK !== undefined) options.topK = topK;
  return options;
}
