// End-to-end: `paramlens generate`, `inspect` and `params --config` through the built bin on nn's Hugging
// Face fixtures (packages/nn/fixtures/pretrained/<family>: tiny random checkpoints in the hub layout, with
// transformers' greedy tokens and parameter count in reference.json, written by generate.py there), and on
// a copy of one with a tokenizer.json for --prompt; plus the errors and their exit codes.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadTokenizer } from "@paramlens/nn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { charTokenizerFiles } from "./fixtures/char-tokenizer";
import { tinyTokenizerFiles } from "./fixtures/tiny-tokenizer";
import { runBin } from "./run-bin";

const FIXTURES = resolve(import.meta.dirname, "../../../packages/nn/fixtures/pretrained");
// One per loader path: learned positions + Conv1D (gpt2), rotary + GQA (llama), an end token inside the
// reference tokens (mistral), shards + index (qwen2-sharded), BF16 weights (llama3-bf16), fused QKV
// (gpt-neox).
const FAMILIES = ["gpt2", "llama", "mistral", "qwen2-sharded", "llama3-bf16", "gpt-neox"];

interface Reference {
  greedy: { prompt: number[]; tokens: number[] };
  parameters: number;
}
const reference = (family: string): Reference =>
  JSON.parse(readFileSync(join(FIXTURES, family, "reference.json"), "utf8"));

const oneLine = (stderr: string) => {
  expect(stderr.endsWith("\n")).toBe(true);
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
};

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "paramlens-generate-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("paramlens generate on the transformers fixtures", () => {
  it("has the fixtures", () => {
    for (const f of FAMILIES) expect(existsSync(join(FIXTURES, f, "config.json")), f).toBe(true);
  });

  for (const family of FAMILIES) {
    it(`${family}: 8 greedy tokens equal transformers' (--ids, --ignore-eos, --json)`, async () => {
      const ref = reference(family);
      const r = await runBin([
        "generate",
        join(FIXTURES, family),
        "--ids",
        ref.greedy.prompt.join(","),
        "--max-new-tokens",
        String(ref.greedy.tokens.length),
        "--ignore-eos",
        "--json",
      ]);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.prompt).toEqual({ text: null, ids: ref.greedy.prompt });
      expect(report.generated.ids).toEqual(ref.greedy.tokens);
      expect(report.stopReason).toBe("max-new-tokens");
      expect(report.steps).toHaveLength(ref.greedy.tokens.length);
      for (const step of report.steps) {
        expect(step.top).toHaveLength(5);
        expect(step.top[0].id).toBe(step.id); // greedy takes the most likely token
        expect(step.top[0].prob).toBeGreaterThan(0);
        expect(step.top[0].prob).toBeLessThanOrEqual(1);
      }
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/^8 tokens in [0-9.]+ s, [0-9.]+ tokens\/s \(prompt: \d+ tokens in \d+ ms\)/);
    });
  }

  it("gives the same tokens with --threads 2", async () => {
    const ref = reference("llama");
    const r = await runBin([
      "generate",
      join(FIXTURES, "llama"),
      "--ids",
      ref.greedy.prompt.join(","),
      "--max-new-tokens",
      "8",
      "--ignore-eos",
      "--threads",
      "2",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).generated.ids).toEqual(ref.greedy.tokens);
    const bad = await runBin(["generate", join(FIXTURES, "llama"), "--ids", "1", "--threads", "0"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--threads/);
  });

  it("streams ids to stdout without a tokenizer, and stops at the end token unless --ignore-eos", async () => {
    const ref = reference("mistral");
    const eos = JSON.parse(
      readFileSync(join(FIXTURES, "mistral", "generation_config.json"), "utf8"),
    ).eos_token_id;
    const at = ref.greedy.tokens.indexOf(eos);
    expect(at).toBeGreaterThanOrEqual(0); // this fixture's reference produces its end token
    const r = await runBin([
      "generate",
      join(FIXTURES, "mistral"),
      "--ids",
      ref.greedy.prompt.join(","),
      "--max-new-tokens",
      "8",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${ref.greedy.tokens.slice(0, at + 1).join(" ")}\n`);
    expect(r.stderr).toMatch(/stopped at the end token$/m);
  });

  it("stops when the context is full", async () => {
    const hf = JSON.parse(readFileSync(join(FIXTURES, "gpt2", "config.json"), "utf8"));
    const r = await runBin([
      "generate",
      join(FIXTURES, "gpt2"),
      "--ids",
      "1,2,3",
      "--max-new-tokens",
      "1000",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).generated.ids).toHaveLength(hf.n_positions - 3);
    expect(r.stderr).toMatch(/the context is full$/m);
  });
});

describe("paramlens generate --prompt (a fixture with a tokenizer.json)", () => {
  const { tokenizerJson, tokenizerConfig } = charTokenizerFiles();
  const tok = loadTokenizer({ tokenizerJson, tokenizerConfig });
  let dir: string;
  beforeAll(() => {
    dir = join(tmp, "llama-with-tokenizer");
    cpSync(join(FIXTURES, "llama"), dir, { recursive: true });
    writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tokenizerJson));
    writeFileSync(join(dir, "tokenizer_config.json"), JSON.stringify(tokenizerConfig));
  });

  it("encodes the prompt, streams the decoded text and gives the same tokens as --ids", async () => {
    const prompt = "The cat sat.";
    const ids = tok.encode(prompt);
    const json = await runBin([
      "generate",
      dir,
      "--prompt",
      prompt,
      "--max-new-tokens",
      "6",
      "--ignore-eos",
      "--json",
      "--top",
      "3",
    ]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.prompt).toEqual({ text: prompt, ids });
    const byIds = JSON.parse(
      (
        await runBin([
          "generate",
          dir,
          "--ids",
          ids.join(","),
          "--max-new-tokens",
          "6",
          "--ignore-eos",
          "--json",
        ])
      ).stdout,
    );
    expect(report.generated.ids).toEqual(byIds.generated.ids);
    expect(report.generated.text).toBe(tok.decode(report.generated.ids, { skipSpecialTokens: true }));
    expect(report.steps[0].top).toHaveLength(3);
    expect(report.steps[0].top[0]).toEqual({
      id: report.steps[0].id,
      token: tok.idToToken(report.steps[0].id),
      text: tok.decode([report.steps[0].id]),
      prob: report.steps[0].top[0].prob,
    });

    const text = await runBin(["generate", dir, "--prompt", prompt, "--max-new-tokens", "6", "--ignore-eos"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe(`${report.generated.text}\n`);
  });

  it("samples reproducibly with --temperature, --top-k and --seed", async () => {
    const args = [
      "generate",
      dir,
      "--prompt",
      "the",
      "--max-new-tokens",
      "6",
      "--ignore-eos",
      "--json",
      "--temperature",
      "1.5",
      "--top-k",
      "10",
      "--top",
      "10",
    ];
    const a = JSON.parse((await runBin([...args, "--seed", "1"])).stdout);
    const b = JSON.parse((await runBin([...args, "--seed", "1"])).stdout);
    expect(a.generated.ids).toEqual(b.generated.ids);
    expect(a.settings).toEqual({ maxNewTokens: 6, temperature: 1.5, topK: 10, seed: 1 });
    // top-k sampling only picks among the 10 most likely tokens, which --top 10 lists
    for (const s of a.steps) expect(s.top.map((t: { id: number }) => t.id)).toContain(s.id);
  });
});

describe("paramlens generate: errors", () => {
  it("names a missing folder (exit 1, one line)", async () => {
    const r = await runBin(["generate", join(tmp, "nope"), "--ids", "1"]);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toContain("nope");
  });

  it("asks for --ids when the folder has no tokenizer (exit 1)", async () => {
    const r = await runBin(["generate", join(FIXTURES, "gpt2"), "--prompt", "hello"]);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toContain("has no tokenizer.json: give the prompt as token ids with --ids");
  });

  it("rejects an id outside the vocabulary and a prompt that fills the context (exit 1)", async () => {
    const big = await runBin(["generate", join(FIXTURES, "gpt2"), "--ids", "1,64"]);
    expect(big.code).toBe(1);
    expect(big.stderr).toBe("error --ids: 64 is not a token id of this model (vocabulary size 64)\n");
    const long = await runBin(["generate", join(FIXTURES, "gpt2"), "--ids", Array(40).fill(1).join(",")]);
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/the prompt is 40 tokens and the model's context is 32/);
  });

  it("names a tokenizer.json whose ids do not fit the model (exit 1)", async () => {
    const dir = join(tmp, "gpt2-wrong-tokenizer");
    cpSync(join(FIXTURES, "gpt2"), dir, { recursive: true });
    writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tinyTokenizerFiles().tokenizerJson)); // 268 ids
    const r = await runBin(["generate", dir, "--prompt", "hello"]);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(
      /outside the model's vocabulary \(size 64\): tokenizer\.json does not match config\.json/,
    );
  });

  it("treats a missing prompt or folder and conflicting flags as usage errors (exit 2)", async () => {
    for (const args of [
      ["generate", join(FIXTURES, "gpt2")],
      ["generate", "--ids", "1"],
      ["generate", join(FIXTURES, "gpt2"), "--ids", "1", "--greedy", "--temperature", "1"],
      ["generate", join(FIXTURES, "gpt2"), "--ids", "1", "--tempreature", "1"],
    ]) {
      const r = await runBin(args);
      expect(r.code, args.join(" ")).toBe(2);
      oneLine(r.stderr);
    }
  });
});

describe("inspect and params --config on the same folders", () => {
  for (const family of FAMILIES) {
    it(`${family}: both count transformers' parameters`, async () => {
      const ref = reference(family);
      const inspect = await runBin(["inspect", join(FIXTURES, family), "--json"]);
      expect(inspect.code, inspect.stderr).toBe(0);
      const report = JSON.parse(inspect.stdout);
      expect(report.crossCheck?.matches).toBe(true);
      const params = await runBin(["params", "--config", join(FIXTURES, family), "--json"]);
      expect(params.code, params.stderr).toBe(0);
      expect(JSON.parse(params.stdout).parameters.total).toBe(ref.parameters);
      expect(report.parameters).toBe(ref.parameters);
    });
  }
});
