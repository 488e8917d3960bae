// `paramlens attribute`, `heads`, `lens` and `patch` in-process on nn's tiny GPT-2 fixture folder (no tokenizer.json,
// so prompts and targets go in as ids): exit codes, table and JSON output, the HTML file, and one-line errors.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../run-cli";

const GPT2 = resolve(__dirname, "../../../../packages/nn/fixtures/pretrained/gpt2");

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr };
}

describe("paramlens attribute", () => {
  it("prints the output-token × prompt-token matrix and writes the HTML page", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paramlens-attr-"));
    const html = join(dir, "a.html");
    const r = await run(["attribute", GPT2, "--ids", "1,2,3,4", "--target-ids", "5,6", "--html", html]);
    expect(r.stderr).toContain("wrote");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/feature-ablation/);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(5); // title, header, 2 target rows, (all)
    expect(readFileSync(html, "utf8")).toContain("<table>");
  });

  it("--json gives the result; rows add up to seqAttr for integrated gradients", async () => {
    const r = await run([
      "attribute",
      GPT2,
      "--ids",
      "1,2,3",
      "--target-ids",
      "4,5",
      "--method",
      "integrated-gradients",
      "--steps",
      "8",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.method).toBe("integrated-gradients");
    expect(j.tokenAttr).toHaveLength(2);
    j.seqAttr.forEach((v: number, i: number) => {
      expect(j.tokenAttr[0][i] + j.tokenAttr[1][i]).toBeCloseTo(v, 5);
    });
  });

  it("one-line errors: usage (2) and bad values (1)", async () => {
    const usage = await run(["attribute", GPT2, "--ids", "1,2"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trimEnd().split("\n")).toHaveLength(1);
    const bad = await run(["attribute", GPT2, "--ids", "1,99999", "--target-ids", "2"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/outside the model's vocabulary/);
    const text = await run(["attribute", GPT2, "--prompt", "hi", "--target-ids", "2"]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/no tokenizer.json/);
  });
});

describe("paramlens heads", () => {
  it("lists the strongest heads per kind; --json has every score", async () => {
    const r = await run(["heads", GPT2, "--seq-len", "4", "--batch", "2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^induction\s+L\dH\d/m);
    const j = JSON.parse((await run(["heads", GPT2, "--seq-len", "4", "--batch", "2", "--json"])).stdout);
    expect(Object.keys(j.scores)).toEqual(["previous-token", "duplicate-token", "induction"]);
    expect(j.scores.induction[0].length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), "paramlens-heads-"));
    const png = await run(["heads", GPT2, "--seq-len", "4", "--batch", "1", "--png", dir]);
    expect(png.code).toBe(0);
    expect(png.stderr).toMatch(/wrote 8 attention patterns/);
    expect(
      [...readFileSync(join(dir, "L1H3.png")).subarray(1, 4)].map((c) => String.fromCharCode(c)).join(""),
    ).toBe("PNG");
    const bad = await run(["heads", GPT2, "--seq-len", "100000"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/exceed the model's context/);
  });
});

describe("paramlens lens", () => {
  it("decodes every layer; the last row is the model's own prediction", async () => {
    const r = await run(["lens", GPT2, "--ids", "1,2,3", "--token", "7", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.layers.map((l: { layer: string }) => l.layer)).toEqual(["embeddings", "h.0", "h.1"]);
    expect(j.layers[2].top).toHaveLength(5);
    expect(j.layers[0].tokenProb).toBeGreaterThan(0);
    const table = await run(["lens", GPT2, "--ids", "1,2,3", "--top", "2"]);
    expect(table.stdout.trimEnd().split("\n")).toHaveLength(4);
    expect((await run(["lens", GPT2, "--ids", "1,2", "--position", "5"])).code).toBe(1);
  });
});

describe("paramlens patch", () => {
  it("patching the differing position at layer 0 restores the clean logit difference", async () => {
    const r = await run([
      "patch",
      GPT2,
      "--clean-ids",
      "1,2,3,4",
      "--corrupt-ids",
      "1,9,3,4",
      "--correct",
      "#5",
      "--incorrect",
      "#6",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.scores).toHaveLength(2);
    expect(j.scores[0][1]).toBeCloseTo(j.clean, 4);
    expect(j.scores[0][0]).toBeCloseTo(j.corrupted, 4);
    const heads = await run([
      "patch",
      GPT2,
      "--clean-ids",
      "1,2",
      "--corrupt-ids",
      "1,9",
      "--correct",
      "#5",
      "--incorrect",
      "#6",
      "--kind",
      "head_z",
    ]);
    expect(heads.code).toBe(0);
    expect(heads.stdout).toMatch(/head_z patching/);
    const bad = await run([
      "patch",
      GPT2,
      "--clean-ids",
      "1,2",
      "--corrupt-ids",
      "1",
      "--correct",
      "#5",
      "--incorrect",
      "#6",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/must match/);
  });
});
