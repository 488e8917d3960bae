// generate's output: streamed text never splits a character and equals the full decode; ids without a
// tokenizer; the --json report's fields; the speed line.
import { loadTokenizer } from "@paramlens/nn";
import { describe, expect, it } from "vitest";
import { tinyTokenizerFiles } from "../../test/fixtures/tiny-tokenizer";
import { buildGenerateReport, createTokenPrinter, speedLine } from "./generate-report";
import type { GenerationResult } from "./generation-loop";

const tok = loadTokenizer(tinyTokenizerFiles());

describe("createTokenPrinter", () => {
  it("prints decoded pieces as they complete, whole characters only, then a newline", () => {
    const text = "the world 🤗 café";
    const ids = tok.encode(text);
    const writes: string[] = [];
    const printer = createTokenPrinter((t) => writes.push(t), tok);
    for (const id of ids) printer.push(id);
    printer.end();
    expect(writes.join("")).toBe(`${text}\n`);
    expect(writes.some((w) => w.includes("\uFFFD"))).toBe(false);
    expect(writes.length).toBeLessThan(ids.length + 1); // the emoji's 4 byte tokens print once
    expect(writes).toContain("🤗"); // its four byte tokens print as one piece
  });

  it("prints ids separated by spaces without a tokenizer", () => {
    const writes: string[] = [];
    const printer = createTokenPrinter((t) => writes.push(t), null);
    for (const id of [5, 6, 7]) printer.push(id);
    printer.end();
    expect(writes.join("")).toBe("5 6 7\n");
  });
});

const result: GenerationResult = {
  ids: [tok.encode(" world")[0] as number, 267],
  steps: [
    { id: tok.encode(" world")[0] as number, top: [{ id: tok.encode(" world")[0] as number, prob: 0.75 }] },
    {
      id: 267,
      top: [
        { id: 267, prob: 0.5 },
        { id: 104, prob: 0.25 },
      ],
    },
  ],
  stopReason: "eos",
  promptMs: 40,
  decodeMs: 500,
};

describe("buildGenerateReport", () => {
  it("names every token and drops special tokens from the text", () => {
    const r = buildGenerateReport(
      "models/tiny",
      { prompt: { kind: "text", text: "Hello" }, maxNewTokens: 8, temperature: 0, seed: 0, reportTopK: 2 },
      tok.encode("Hello"),
      result,
      tok,
    );
    expect(tok.idToToken(267)).toBe("<|endoftext|>");
    expect(r.generated).toEqual({ ids: result.ids, text: " world" });
    expect(r.settings).toEqual({ maxNewTokens: 8, temperature: 0, topK: null, seed: null });
    expect(r.steps[0]).toEqual({
      id: result.ids[0],
      token: "Ġworld",
      top: [{ id: result.ids[0], token: "Ġworld", text: " world", prob: 0.75 }],
    });
    expect(r.steps[1]?.top[1]).toEqual({ id: 104, token: "h", text: "h", prob: 0.25 });
    expect(r.stopReason).toBe("eos");
  });

  it("has null text and tokens without a tokenizer", () => {
    const r = buildGenerateReport(
      "m",
      {
        prompt: { kind: "ids", ids: [1, 2] },
        maxNewTokens: 2,
        temperature: 0.7,
        topK: 3,
        seed: 4,
        reportTopK: 1,
      },
      [1, 2],
      result,
      null,
    );
    expect(r.prompt).toEqual({ text: null, ids: [1, 2] });
    expect(r.generated.text).toBeNull();
    expect(r.steps[0]?.token).toBeNull();
    expect(r.settings).toEqual({ maxNewTokens: 2, temperature: 0.7, topK: 3, seed: 4 });
  });
});

describe("speedLine", () => {
  it("counts the decode steps after the first token", () => {
    expect(speedLine(5, result)).toBe(
      "2 tokens in 0.54 s, 2.0 tokens/s (prompt: 5 tokens in 40 ms), stopped at the end token",
    );
    expect(speedLine(3, { ...result, ids: [1], stopReason: "context" })).toMatch(
      /^1 token in .*the context is full$/,
    );
  });
});
