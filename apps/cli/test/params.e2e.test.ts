// End-to-end: `paramlens params` through the built bin — presets, comparisons, flags, a Hugging Face
// config.json, JSON output, colour rules, and every kind of bad input with its exit code.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./run-bin";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "paramlens-params-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// nanoGPT transformer_sizing's count for a GPT-2/GPT-3-style model (tied head, learned positions).
const gptCount = (V: number, P: number, d: number, L: number) =>
  V * d + P * d + L * (12 * d * d + 13 * d) + 2 * d;
const grouped = (n: number) => n.toLocaleString("en-US");

const oneLine = (stderr: string) => {
  expect(stderr.endsWith("\n")).toBe(true);
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
};

describe("paramlens params", () => {
  it("prints GPT-2's 124,439,808", async () => {
    const r = await runBin(["params", "gpt2"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^total\s+124,439,808\s+100\.0%$/m);
    expect(r.stdout).toContain("GPT-2 small (gpt2)");
    expect(r.stdout).toContain("per layer");
    expect(r.stdout).toContain("KV cache");
  });

  it("writes stable JSON to stdout with --json", async () => {
    const r = await runBin(["params", "gpt2", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout);
    expect(report.parameters.total).toBe(124439808);
    expect(report.parameters.breakdown["embedding/token"]).toBe(50257 * 768);
    expect(report.model.published.count).toBe(124439808);
    expect(Object.keys(report)).toEqual(["model", "config", "parameters", "flops", "memory"]);
    const again = await runBin(["params", "gpt2", "--json"]);
    expect(again.stdout).toBe(r.stdout);
  });

  it("compares GPT-1, GPT-2 and GPT-3 175B side by side", async () => {
    const r = await runBin(["params", "--compare", "gpt1", "gpt2", "gpt3-175b"]);
    expect(r.code).toBe(0);
    // GPT-1: no final LayerNorm (post-LN), so 2·d less than the formula; V 40478, 512 positions.
    const gpt1 = gptCount(40478, 512, 768, 12) - 2 * 768;
    const gpt3 = gptCount(50257, 2048, 12288, 96);
    expect(gpt1).toBe(116534784);
    const row = r.stdout.split("\n").find((l) => l.startsWith("parameters"));
    expect(row?.split(/\s{2,}/)).toEqual(["parameters", grouped(gpt1), "124,439,808", grouped(gpt3)]);
    expect(r.stdout.split("\n")[0]).toMatch(/gpt1\s+gpt2\s+gpt3-175b$/);
    const json = JSON.parse((await runBin(["params", "--compare", "gpt1", "gpt2", "--json"])).stdout);
    expect(json.map((m: { parameters: { total: number } }) => m.parameters.total)).toEqual([gpt1, 124439808]);
  });

  it("sizes a model described by flags, and overrides a preset's fields", async () => {
    const medium = await runBin(["params", "--layers", "24", "--d-model", "1024", "--heads", "16", "--json"]);
    expect(JSON.parse(medium.stdout).parameters.total).toBe(gptCount(50257, 1024, 1024, 24));
    const untied = await runBin(["params", "gpt2", "--no-tie", "--json"]);
    expect(JSON.parse(untied.stdout).parameters.total).toBe(124439808 + 50257 * 768);
    const llama = await runBin([
      "params",
      "llama2-7b",
      "--context",
      "32768",
      "--batch",
      "8",
      "--precision",
      "bf16,int4",
      "--json",
    ]);
    const report = JSON.parse(llama.stdout);
    expect(report.parameters.total).toBe(6738415616);
    // 2 (K, V) · 32 layers · 32 KV heads · 128 · 32768 tokens · 8 sequences · 2 bytes.
    expect(report.memory.inference[0]).toMatchObject({
      precision: "bf16",
      kvCache: 2 * 32 * 32 * 128 * 32768 * 8 * 2,
    });
    expect(report.memory.inference[1]).toMatchObject({ precision: "int4", weights: 6738415616 / 2 });
  });

  it("reads a Hugging Face config.json, or the folder holding it", async () => {
    const folder = join(dir, "gpt2-medium");
    const path = join(dir, "config.json");
    const hf = {
      model_type: "gpt2",
      vocab_size: 50257,
      n_positions: 1024,
      n_embd: 1024,
      n_layer: 24,
      n_head: 16,
    };
    writeFileSync(path, JSON.stringify(hf));
    const r = await runBin(["params", "--config", path, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).parameters.total).toBe(354823168);
    const { mkdirSync } = await import("node:fs");
    mkdirSync(folder);
    writeFileSync(join(folder, "config.json"), JSON.stringify(hf));
    const fromFolder = await runBin(["params", "--config", "gpt2-medium", "--json"], { cwd: dir });
    expect(JSON.parse(fromFolder.stdout).parameters.total).toBe(354823168);
  });

  it("lists the presets", async () => {
    const r = await runBin(["params", "--list", "--json"]);
    const ids = JSON.parse(r.stdout).map((p: { id: string }) => p.id);
    expect(ids).toEqual(
      expect.arrayContaining(["gpt1", "gpt2", "gpt2-medium", "gpt3-175b", "llama2-7b", "mixtral-8x7b"]),
    );
  });

  it("colours a forced terminal, never with NO_COLOR, and never a pipe", async () => {
    const forced = await runBin(["params", "gpt2"], { env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain("\u001b[1m");
    const noColor = await runBin(["params", "gpt2"], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } });
    expect(noColor.stdout).not.toContain("\u001b[");
    const piped = await runBin(["params", "gpt2"]);
    expect(piped.stdout).not.toContain("\u001b[");
  });
});

describe("paramlens params: errors", () => {
  it("suggests the nearest preset for an unknown one (exit 1, one line)", async () => {
    const r = await runBin(["params", "gtp2"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    oneLine(r.stderr);
    expect(r.stderr).toContain('no preset "gtp2"; did you mean "gpt2"');
  });

  it("prints the stack trace only with --debug", async () => {
    const r = await runBin(["params", "gtp2", "--debug"]);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n").length).toBeGreaterThan(3);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it("reports an invalid config with the field and values (exit 1)", async () => {
    const r = await runBin(["params", "--d-model", "1000", "--heads", "12"]);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toContain("d_model 1000 is not divisible by n_heads 12");
  });

  it("reports bad flag values (exit 1)", async () => {
    const layers = await runBin(["params", "--layers", "twelve"]);
    expect(layers.code).toBe(1);
    expect(layers.stderr).toBe(
      'error --layers: expected a number such as 7e9, 7B or 7000000000, got "twelve"\n',
    );
    const precision = await runBin(["params", "gpt2", "--precision", "fp7"]);
    expect(precision.code).toBe(1);
    expect(precision.stderr).toContain('--precision: unknown precision "fp7"');
  });

  it("names a missing, an unreadable or an unsupported config.json (exit 1)", async () => {
    const missing = await runBin(["params", "--config", join(dir, "absent.json")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error ${join(dir, "absent.json")}: no such file or directory\n`);
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{"model_type": "gpt2",');
    const r = await runBin(["params", "--config", broken]);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`${broken}: not valid JSON`);
    const t5 = join(dir, "t5.json");
    writeFileSync(t5, JSON.stringify({ model_type: "t5" }));
    const r2 = await runBin(["params", "--config", t5]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('model_type "t5" is not supported');
  });

  it("treats a malformed command line as a usage error (exit 2)", async () => {
    const cases: [string[], string][] = [
      [["params", "gpt1", "gpt2"], "add --compare to compare them"],
      [["params", "--compare", "gpt2"], "--compare needs at least two preset ids"],
      [["params", "gpt2", "--layrs", "4"], "unknown flag --layrs (did you mean --layers?)"],
      [["params", "gpt2", "--mlp", "relu"], "Expected one of: gelu, swiglu, geglu"],
      [["params", "gpt2", "--layers"], "flag --layers needs a value"],
      [["params"], "name a preset"],
      [["params", "gpt2", "--config", "config.json"], "give a preset (gpt2) or --config, not both"],
      [["parms", "gpt2"], 'unknown command "parms" (did you mean "params"?)'],
    ];
    for (const [args, message] of cases) {
      const r = await runBin(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      oneLine(r.stderr);
      expect(r.stderr).toContain(message);
    }
  });

  it("documents every flag with examples in --help", async () => {
    const r = await runBin(["params", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of [
      "--compare",
      "--config",
      "--layers",
      "--d-model",
      "--kv-heads",
      "--context",
      "--batch",
      "--precision",
      "--no-tie",
      "--json",
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain("EXAMPLES");
    expect(r.stdout).toContain("$ paramlens params --compare gpt1 gpt2 gpt3-175b");
  });
});
