// generate's flags: defaults, the greedy/sampling rules, and one-line errors naming the flag.
import { describe, expect, it } from "vitest";
import { InvalidValueError, UsageError } from "../errors";
import { readGenerateOptions } from "./generate-options";

describe("readGenerateOptions", () => {
  it("defaults to greedy, 32 new tokens, top 5 in the report", () => {
    expect(readGenerateOptions({ prompt: "Hello" })).toEqual({
      prompt: { kind: "text", text: "Hello" },
      maxNewTokens: 32,
      temperature: 0,
      seed: 0,
      reportTopK: 5,
    });
    expect(readGenerateOptions({ ids: "15496, 995", greedy: true, "max-new-tokens": "8", top: "0" })).toEqual(
      {
        prompt: { kind: "ids", ids: [15496, 995] },
        maxNewTokens: 8,
        temperature: 0,
        seed: 0,
        reportTopK: 0,
      },
    );
  });

  it("samples with --temperature, --top-k and --seed", () => {
    const o = readGenerateOptions({ prompt: "x", temperature: "0.7", "top-k": "40", seed: "3" });
    expect([o.temperature, o.topK, o.seed]).toEqual([0.7, 40, 3]);
  });

  it("rejects missing or conflicting flags as usage errors", () => {
    for (const flags of [
      {},
      { prompt: "a", ids: "1" },
      { prompt: "a", greedy: true, temperature: "1" },
      { prompt: "a", "top-k": "5" },
      { prompt: "a", seed: "1" },
      { prompt: true },
    ]) {
      expect(() => readGenerateOptions(flags)).toThrow(UsageError);
    }
  });

  it("rejects bad values naming the flag", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ids: "1,,2" }, /--ids: expected comma-separated token ids/],
      [{ ids: "-1" }, /--ids/],
      [{ ids: "a".repeat(500) }, /\.\.\."$/],
      [{ prompt: "" }, /--prompt: the prompt is empty/],
      [{ prompt: "a", "max-new-tokens": "0" }, /--max-new-tokens/],
      [{ prompt: "a", "max-new-tokens": "1e9" }, /--max-new-tokens: 1000000000 is more than/],
      [{ prompt: "a", temperature: "hot" }, /--temperature/],
      [{ prompt: "a", temperature: "1", "top-k": "0" }, /--top-k/],
      [{ prompt: "a", top: "1000" }, /--top: 1000 is more than 100/],
    ];
    for (const [flags, message] of cases) {
      expect(() => readGenerateOptions(flags)).toThrow(InvalidValueError);
      expect(() => readGenerateOptions(flags)).toThrow(message);
    }
  });
});
