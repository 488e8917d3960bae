// What `paramlens generate` prints: the new text streamed to stdout as tokens arrive (through the
// tokenizer's streaming decoder, so a multi-byte character split over tokens is printed whole; ids
// separated by spaces when the folder has no tokenizer), the speed line for stderr, and the --json report
// (prompt, generated ids and text, stop reason, per-step top-k with token strings). It does not run the
// model (generation-loop.ts) or read files.
import type { Tokenizer } from "@paramlens/nn";
import type { GenerateOptions } from "./generate-options";
import type { GenerationResult, StopReason } from "./generation-loop";

export interface ReportedToken {
  id: number;
  /** The vocabulary entry (e.g. "Ġworld"), null without a tokenizer. */
  token: string | null;
  /** What it decodes to on its own (e.g. " world"), null without a tokenizer. */
  text: string | null;
  prob: number;
}

export interface GenerateReport {
  model: string;
  prompt: { text: string | null; ids: number[] };
  generated: { ids: number[]; text: string | null };
  stopReason: StopReason;
  settings: { maxNewTokens: number; temperature: number; topK: number | null; seed: number | null };
  /** One entry per generated token: the chosen id and the model's top alternatives at that step. */
  steps: { id: number; token: string | null; top: ReportedToken[] }[];
}

/** Writes generated tokens to a stream as they come: decoded text, or ids when there is no tokenizer. */
export function createTokenPrinter(write: (text: string) => void, tokenizer: Tokenizer | null) {
  const stream = tokenizer?.decodeStream({ skipSpecialTokens: true }) ?? null;
  let first = true;
  return {
    push(id: number): void {
      if (stream) {
        const text = stream.push(id);
        if (text !== "") write(text);
      } else {
        write(first ? String(id) : ` ${id}`);
      }
      first = false;
    },
    end(): void {
      const rest = stream?.flush() ?? "";
      write(`${rest}\n`);
    },
  };
}

/** "12 tokens in 0.53 s, 22.6 tokens/s (prompt: 5 tokens in 40 ms), stopped at the end token". */
export function speedLine(promptLength: number, result: GenerationResult): string {
  const n = result.ids.length;
  // the first new token comes out of the prompt pass; the rate counts the steps after it
  const rate =
    n > 1 && result.decodeMs > 0 ? `, ${(((n - 1) * 1000) / result.decodeMs).toFixed(1)} tokens/s` : "";
  const why =
    result.stopReason === "eos"
      ? "stopped at the end token"
      : result.stopReason === "context"
        ? "stopped: the context is full"
        : "reached --max-new-tokens";
  const total = (result.promptMs + result.decodeMs) / 1000;
  return `${n} token${n === 1 ? "" : "s"} in ${total.toFixed(2)} s${rate} (prompt: ${promptLength} tokens in ${Math.round(result.promptMs)} ms), ${why}`;
}

export function buildGenerateReport(
  model: string,
  options: GenerateOptions,
  promptIds: number[],
  result: GenerationResult,
  tokenizer: Tokenizer | null,
): GenerateReport {
  const token = (id: number) => tokenizer?.idToToken(id) ?? null;
  const piece = (id: number) => (tokenizer ? tokenizer.decode([id]) : null);
  const sampling = options.temperature > 0;
  return {
    model,
    prompt: { text: options.prompt.kind === "text" ? options.prompt.text : null, ids: promptIds },
    generated: {
      ids: result.ids,
      text: tokenizer ? tokenizer.decode(result.ids, { skipSpecialTokens: true }) : null,
    },
    stopReason: result.stopReason,
    settings: {
      maxNewTokens: options.maxNewTokens,
      temperature: options.temperature,
      topK: options.topK ?? null,
      seed: sampling ? options.seed : null,
    },
    steps: result.steps.map((s) => ({
      id: s.id,
      token: token(s.id),
      top: s.top.map((t) => ({ id: t.id, token: token(t.id), text: piece(t.id), prob: t.prob })),
    })),
  };
}
