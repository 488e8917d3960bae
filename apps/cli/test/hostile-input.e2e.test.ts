// End-to-end: what a hostile or careless command line does to the built bin. Every file input must be a
// regular file within its kind's size cap (/dev/zero, a FIFO, a directory, a sparse 5 MiB "config" are
// refused at once, never read or waited on); an output may never be one of the command's inputs (same
// path, a symlink or a hard link); a PNG's declared size is checked from its header; a diverged training
// run writes nothing; stale temporary files of killed writers are removed. Checkpoints are written with
// the CLI's own checkpoint writer, the PNG and sparse files by hand.
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModel } from "../src/model/build-model";
import { checkpointBytes } from "../src/model/checkpoint-file";
import type { ModelSpec, TrainingRecord } from "../src/model/model-spec";
import { packageDir } from "./bin-path";
import { type BinResult, runBin } from "./run-bin";

const SUBSET = join(packageDir, "..", "..", "packages", "datasets", "data", "fashion-mnist-subset");
const GPT2 = join(packageDir, "..", "..", "packages", "nn", "fixtures", "pretrained", "gpt2");
const CLASSES = Array.from({ length: 10 }, (_, i) => `class ${i}`);
const SPEC: ModelSpec = { kind: "mlp", sizes: [784, 8, 10], inputShape: [1, 28, 28], classes: CLASSES };
const TRAINING: TrainingRecord = {
  dataset: "fashion-mnist",
  source: "test",
  trainSamples: 1,
  valSamples: 1,
  epochs: 1,
  batchSize: 1,
  lr: 0.1,
  seed: 0,
  steps: 1,
  trainLoss: 1,
  trainAccuracy: 1,
  valLoss: 1,
  valAccuracy: 1,
  elapsedMs: 1,
};

let dir: string;
const at = (...parts: string[]) => join(dir, ...parts);
/** A hang is a failure, not a stuck test run. */
const run = (args: string[]) => runBin(args, { cwd: dir, timeoutMs: 30_000 });

/** Exit code and exactly one line on stderr, never an internal error or a stack. */
function refused(r: BinResult, code: number, message: RegExp): void {
  expect(r.timedOut, "the command hung").toBeUndefined();
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.trimEnd().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stderr).toMatch(message);
}

/** A PNG with only a signature, an IHDR chunk declaring width × height (8-bit grey), and IEND. */
function pngDeclaring(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth; colour type 0 (grey), compression 0, filter 0, interlace 0 follow
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IEND", new Uint8Array(0))]);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "paramlens-hostile-"));
  writeFileSync(at("ck.safetensors"), checkpointBytes(buildModel(SPEC), SPEC, TRAINING));
  execFileSync("mkfifo", [at("fifo")]);
  mkdirSync(at("fifo-data"));
  execFileSync("mkfifo", [at("fifo-data", "train-images-idx3-ubyte")]);
  mkdirSync(at("hf"));
  execFileSync("mkfifo", [at("hf", "config.json")]);
  mkdirSync(at("folder"));
  writeFileSync(at("big.json"), "{}");
  truncateSync(at("big.json"), 5 * 1024 * 1024); // sparse: 5 MiB of NULs, costs no disk
  writeFileSync(at("deep.json"), "[".repeat(100_000));
  writeFileSync(at("huge.png"), pngDeclaring(20_000, 20_000));
  writeFileSync(at("image.png"), pngDeclaring(28, 28));
  // A copy of the shipped test split, so --out can aim at a data file without touching the package.
  mkdirSync(at("data"));
  for (const name of readdirSync(SUBSET)) writeFileSync(at("data", name), readFileSync(join(SUBSET, name)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent("every file input is a regular file of a sane size", () => {
  it("refuses /dev/zero as a checkpoint, config, image and runs file at once", async () => {
    const device =
      /\/dev\/zero: is a character device, not a regular file; paramlens reads only regular files/;
    refused(await run(["summary", "/dev/zero"]), 1, device);
    refused(await run(["params", "--config", "/dev/zero"]), 1, device);
    refused(await run(["explain", "ck.safetensors", "--image", "/dev/zero"]), 1, device);
    refused(await run(["scale", "--fit", "/dev/zero"]), 1, device);
    refused(await run(["inspect", "/dev/zero"]), 1, device);
  });

  it("refuses a FIFO without waiting for a writer, and a directory", async () => {
    const fifo = /fifo: is a FIFO \(named pipe\), not a regular file/;
    refused(await run(["inspect", "fifo"]), 1, fifo);
    refused(await run(["summary", "fifo"]), 1, fifo);
    refused(await run(["params", "--config", "fifo"]), 1, fifo);
    refused(await run(["scale", "--fit", "fifo"]), 1, fifo);
    refused(await run(["explain", "ck.safetensors", "--image", "fifo"]), 1, fifo);
    refused(
      await run(["generate", "hf", "--prompt", "hi"]),
      1,
      /config\.json in .*hf is a FIFO, not a regular file/,
    );
    refused(
      await run(["train", "--model", "mlp", "--data", "fifo-data", "--limit", "4", "--out", "x.safetensors"]),
      1,
      /fifo-data\/train-images-idx3-ubyte: is a FIFO \(named pipe\), not a regular file/,
    );
    refused(await run(["summary", "folder"]), 1, /folder: is a directory, expected a file/);
    refused(await run(["scale", "--fit", "folder"]), 1, /folder: is a directory, expected a file/);
  });

  it("refuses files larger than their kind can be, before reading them", async () => {
    refused(
      await run(["params", "--config", "big.json"]),
      1,
      /big\.json: is 5 MiB; a config JSON is at most 4 MiB, so this is not one/,
    );
    truncateSync(at("big.json"), 600 * 1024 * 1024);
    refused(
      await run(["summary", "big.json"]),
      1,
      /big\.json: is 600 MiB; a paramlens checkpoint is at most 512 MiB/,
    );
    refused(await run(["scale", "--fit", "big.json"]), 1, /a runs file is at most 16 MiB/);
    refused(
      await run(["explain", "ck.safetensors", "--image", "big.json"]),
      1,
      /a PNG image is at most 16 MiB/,
    );
  });

  it("refuses a config nested 100,000 deep with one line, not a stack overflow", async () => {
    refused(
      await run(["params", "--config", "deep.json"]),
      1,
      /deep\.json: JSON nested deeper than 128 levels/,
    );
  });

  it("refuses a PNG declaring 20000×20000 from its header, before decoding", async () => {
    const r = await run(["explain", "ck.safetensors", "--image", "huge.png"]);
    refused(r, 1, /huge\.png: the image is 20000×20000; the model takes 28×28 grayscale images/);
  });
});

describe.concurrent("no output is one of the command's inputs", () => {
  const ckBytes = () => readFileSync(at("ck.safetensors"));

  it("explain --out refuses the checkpoint, by name, symlink and hard link, and leaves it intact", async () => {
    const before = ckBytes();
    symlinkSync(at("ck.safetensors"), at("ck-link.safetensors"));
    linkSync(at("ck.safetensors"), at("ck-hard.safetensors"));
    for (const out of [
      "ck.safetensors",
      "./ck.safetensors",
      at("ck.safetensors"),
      "ck-link.safetensors",
      "ck-hard.safetensors",
    ]) {
      refused(
        await run(["explain", "ck.safetensors", "--method", "saliency", "--out", out]),
        2,
        /--out .* is also the checkpoint this command reads; refusing to overwrite an input/,
      );
    }
    expect(ckBytes().equals(before)).toBe(true);
  });

  it("explain --out refuses the --image file and the data files it reads", async () => {
    const png = readFileSync(at("image.png"));
    refused(
      await run(["explain", "ck.safetensors", "--image", "image.png", "--out", "image.png"]),
      2,
      /--out image\.png is also the --image this command reads/,
    );
    expect(readFileSync(at("image.png")).equals(png)).toBe(true);
    const dataFile = readdirSync(at("data")).find((n) => n.startsWith("t10k-images"))!;
    refused(
      await run([
        "explain",
        "ck.safetensors",
        "--image",
        "3",
        "--data",
        "data",
        "--out",
        join("data", dataFile),
      ]),
      2,
      /is also the data file this command reads/,
    );
  });

  it("attribute --html and heads --png never replace a file of the model folder", async () => {
    const model = at("gpt2");
    mkdirSync(model);
    for (const name of readdirSync(GPT2)) writeFileSync(join(model, name), readFileSync(join(GPT2, name)));
    const config = readFileSync(join(model, "config.json"));
    refused(
      await run(["attribute", "gpt2", "--ids", "1,2,3", "--target-ids", "4", "--html", "gpt2/config.json"]),
      2,
      /--html gpt2\/config\.json is also the model folder file this command reads/,
    );
    expect(readFileSync(join(model, "config.json")).equals(config)).toBe(true);
    writeFileSync(join(model, "L0H0.png"), "a file the user keeps in the folder");
    refused(
      await run(["heads", "gpt2", "--seq-len", "4", "--batch", "1", "--png", "gpt2"]),
      2,
      /--png gpt2\/L0H0\.png is also the model folder file this command reads/,
    );
    expect(readFileSync(join(model, "L0H0.png"), "utf8")).toBe("a file the user keeps in the folder");
  });

  it("train --out refuses a training data file, also through a symlinked directory", async () => {
    const name = readdirSync(at("data")).find((n) => n.startsWith("train-images"))!;
    const before = readFileSync(at("data", name));
    symlinkSync(at("data"), at("data-link"));
    for (const out of [join("data", name), join("data-link", name)]) {
      refused(
        await run([
          "train",
          "--model",
          "mlp",
          "--data",
          "data",
          "--limit",
          "64",
          "--epochs",
          "1",
          "--out",
          out,
        ]),
        2,
        /is also the data file this command reads; refusing to overwrite an input/,
      );
    }
    expect(readFileSync(at("data", name)).equals(before)).toBe(true);
  });
});

describe.concurrent("training that diverges and writes that were killed", () => {
  it("refuses NaN weights after the last step and writes no checkpoint", async () => {
    // --limit 64 at batch 64 is one step: no later loss would reveal the NaN weights its update made.
    const r = await run([
      "train",
      "--model",
      "mlp",
      "--data",
      SUBSET,
      "--limit",
      "64",
      "--epochs",
      "1",
      "--lr",
      "1e39",
      "--out",
      "nan.safetensors",
    ]);
    // stderr: the backend and data lines, then the error as one line.
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.slice(0, 2).map((l) => l.split(":")[0])).toEqual(["backend", "data"]);
    expect(lines.slice(2).filter((l) => l.startsWith("error"))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(
      /^error fit: the update of step 1 \(epoch 1, batch 1\) left parameter "\d\.\w+" holds (NaN|-?Infinity)/,
    );
    expect(existsSync(at("nan.safetensors"))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes("nan.safetensors"))).toEqual([]);
  });

  it("removes the temporary files of killed writers on the next write to the same path", async () => {
    // A pid that certainly ended: a child that has exited. Our own (running) pid keeps its file.
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    const stale = `.map.png.${dead}.tmp`;
    const live = `.map.png.${process.pid}.tmp`;
    writeFileSync(at(stale), "left by a killed write");
    writeFileSync(at(live), "a write still running");
    const r = await run(["explain", "ck.safetensors", "--method", "saliency", "--out", "map.png"]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(at("map.png"))).toBe(true);
    expect(existsSync(at(stale))).toBe(false);
    expect(existsSync(at(live))).toBe(true);
  });
});

describe.concurrent("flags", () => {
  it("refuses contradicting booleans and says a negative learning rate must be positive", async () => {
    refused(
      await run(["params", "gpt2", "--tie", "--no-tie"]),
      2,
      /--tie and --no-tie contradict each other/,
    );
    refused(
      await run(["train", "--model", "mlp", "--lr", "-1"]),
      1,
      /--lr: -1 must be positive \(greater than 0\)/,
    );
    refused(await run(["scale", "--compute", "-5"]), 1, /--compute: -5 must be positive/);
    refused(await run(["explain", "ck.safetensors", "--image", "-1"]), 1, /--image: -1 must be 0 or more/);
  });
});
