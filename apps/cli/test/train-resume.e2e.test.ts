// End-to-end: Ctrl-C during `paramlens train` saves the run, and `train --resume` finishes it exactly as an
// uninterrupted run would have. A cnn trains on 256 images of the shipped subset for 2 epochs at batch 16
// (32 steps); one copy gets SIGINT once its first progress line is out, a second copy runs undisturbed.
// The resumed run's weights must equal the undisturbed run's byte for byte (fit() resumes bit-identically),
// its per-epoch history too. Tensors are read back per the safetensors spec (8-byte length, JSON header).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binPath, packageDir } from "./bin-path";
import { runBin } from "./run-bin";

const SUBSET = join(packageDir, "..", "..", "packages", "datasets", "data", "fashion-mnist-subset");
const RUN = ["--model", "cnn", "--data", SUBSET, "--limit", "256", "--batch", "16", "--epochs", "2"];

let dir: string;
const at = (...parts: string[]) => join(dir, ...parts);

/** Tensor name → [shape, data bytes] of a safetensors file. */
function tensorsOf(path: string): Map<string, [number[], Buffer]> {
  const bytes = readFileSync(path);
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString("utf8"));
  const out = new Map<string, [number[], Buffer]>();
  for (const [name, info] of Object.entries(header) as [
    string,
    { shape: number[]; data_offsets: [number, number] },
  ][]) {
    if (name === "__metadata__") continue;
    out.set(name, [info.shape, bytes.subarray(8 + n + info.data_offsets[0], 8 + n + info.data_offsets[1])]);
  }
  return out;
}

/** Runs train in a child and sends SIGINT once the first progress line (at 10%) is printed. */
function trainAndInterrupt(out: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [binPath, "train", ...RUN, "--out", out], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let sent = false;
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    if (!sent && /\nstep \d+\/32/.test(stderr)) {
      sent = true;
      child.kill("SIGINT");
    }
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr })));
}

let interrupted: { code: number | null; stderr: string };
let reference: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "paramlens-resume-"));
  [interrupted, reference] = await Promise.all([
    trainAndInterrupt("cnn.safetensors"),
    runBin(["train", ...RUN, "--out", "reference.safetensors", "--json"], { cwd: dir }),
  ]);
  expect(reference.code, reference.stderr).toBe(0);
}, 180_000); // two 32-step cnn runs side by side on a shared 2-core machine
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("paramlens train: Ctrl-C and --resume", () => {
  it("saves the run on the first SIGINT, exits 130 and says how to continue", () => {
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr.trimEnd().split("\n").at(-1)).toMatch(
      /^error interrupted at step (\d+) of 32: saved the run to cnn\.resume\.safetensors; continue it with: paramlens train --resume cnn\.resume\.safetensors --out cnn\.safetensors$/,
    );
    // The run, not a model: no checkpoint yet, no temporary file left.
    expect(readdirSync(dir).filter((n) => n.startsWith("cnn") || n.startsWith(".cnn"))).toEqual([
      "cnn.resume.safetensors",
    ]);
  });

  it("refuses to treat the saved run as a model, and to change its settings or overwrite it with --out", async () => {
    const summary = await runBin(["summary", "cnn.resume.safetensors"], { cwd: dir });
    expect(summary.code).toBe(1);
    expect(summary.stderr).toBe(
      "error cnn.resume.safetensors: a training run saved by Ctrl-C, not a finished model; continue it with `paramlens train --resume cnn.resume.safetensors`\n",
    );
    const lr = await runBin(["train", "--resume", "cnn.resume.safetensors", "--lr", "0.1"], { cwd: dir });
    expect(lr.code).toBe(2);
    expect(lr.stderr).toMatch(/--resume continues the saved run with its own settings; drop --lr/);
    const over = await runBin(
      ["train", "--resume", "cnn.resume.safetensors", "--out", "cnn.resume.safetensors"],
      {
        cwd: dir,
      },
    );
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(
      /--out cnn\.resume\.safetensors is also the --resume file this command reads/,
    );
  });

  it("finishes the resumed run with the weights and history of an uninterrupted one", async () => {
    const stop = Number(/interrupted at step (\d+)/.exec(interrupted.stderr)?.[1]);
    expect(stop).toBeGreaterThan(0);
    expect(stop).toBeLessThan(32);
    const resumed = await runBin(
      ["train", "--resume", "cnn.resume.safetensors", "--out", "cnn.safetensors", "--json"],
      { cwd: dir },
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming cnn.resume.safetensors at step ${stop}\n`);
    const report = JSON.parse(resumed.stdout);
    const ref = JSON.parse(reference.stdout);
    expect(report.training.steps).toBe(32);
    expect(report.history).toEqual(ref.history);
    const a = tensorsOf(at("cnn.safetensors"));
    const b = tensorsOf(at("reference.safetensors"));
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, [shape, data]] of a) {
      expect(shape, name).toEqual(b.get(name)?.[0]);
      expect(data.equals(b.get(name)![1]), name).toBe(true);
    }
    expect(existsSync(at("cnn.safetensors"))).toBe(true);
  }, 120_000);
});
