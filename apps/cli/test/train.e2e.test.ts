// End-to-end: `paramlens train`, `summary`, `explain` and `analyze` through the built bin. Models train on
// the Fashion-MNIST subset shipped in @paramlens/datasets (--data, so results do not depend on whether the
// full set is installed) with --limit and one epoch, so the whole file stays within seconds. Parameter
// counts are hand-counted from the layer sizes; checkpoints are read back with our own header parser.
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode, encode } from "fast-png";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binPath, packageDir } from "./bin-path";
import { writeSafetensors } from "./fixtures/write-safetensors";
import { runBin } from "./run-bin";

const SUBSET = join(packageDir, "..", "..", "packages", "datasets", "data", "fashion-mnist-subset");
// Flatten → Linear 784→256 → ReLU → Linear 256→128 → ReLU → Linear 128→10: weights + biases.
const MLP_PARAMS = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10;
// conv 1→16 3×3, conv 16→32 3×3, Linear 32·7·7→128, Linear 128→10.
const CNN_PARAMS = 16 * 9 + 16 + 32 * 16 * 9 + 32 + 32 * 7 * 7 * 128 + 128 + 128 * 10 + 10;
const CLASSES = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

let dir: string;
const at = (...parts: string[]) => join(dir, ...parts);
let charJson: string;
let mlpJson: {
  parameters: number;
  training: Record<string, number>;
  history: unknown[];
  checkpoint: { path: string; bytes: number };
  stderr: string;
};

/** The `__metadata__` of a safetensors file, parsed per the format spec (8-byte length + JSON header). */
function metadataOf(path: string): Record<string, string> {
  const bytes = readFileSync(path);
  const n = Number(bytes.readBigUInt64LE(0));
  return JSON.parse(bytes.subarray(8, 8 + n).toString("utf8")).__metadata__;
}

const oneLine = (stderr: string) => {
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "paramlens-train-"));
  const [mlp, cnn, char] = await Promise.all([
    runBin([
      "train",
      "--model",
      "mlp",
      "--data",
      SUBSET,
      "--limit",
      "256",
      "--epochs",
      "1",
      "--out",
      at("mlp.safetensors"),
      "--json",
    ]),
    runBin([
      "train",
      "--model",
      "cnn",
      "--data",
      SUBSET,
      "--limit",
      "128",
      "--epochs",
      "1",
      "--out",
      at("cnn.safetensors"),
    ]),
    runBin([
      "train",
      "--model",
      "gpt-char",
      "--limit",
      "8",
      "--epochs",
      "1",
      "--batch",
      "8",
      "--sample",
      "20",
      "--out",
      at("char.safetensors"),
      "--json",
    ]),
  ]);
  expect(mlp.code, mlp.stderr).toBe(0);
  expect(cnn.code, cnn.stderr).toBe(0);
  expect(char.code, char.stderr).toBe(0);
  charJson = char.stdout;
  mlpJson = JSON.parse(mlp.stdout);
  mlpJson.stderr = mlp.stderr;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent("paramlens train", () => {
  it("trains the mlp, reports metrics as JSON and writes a checkpoint that records its architecture", () => {
    expect(mlpJson.parameters).toBe(MLP_PARAMS);
    expect(mlpJson.training).toMatchObject({
      dataset: "fashion-mnist",
      trainSamples: 256,
      valSamples: 256,
      epochs: 1,
      batchSize: 64,
      steps: 4,
    });
    expect(mlpJson.training.trainLoss).toBeGreaterThan(0);
    expect(mlpJson.training.valAccuracy).toBeGreaterThanOrEqual(0);
    expect(mlpJson.training.valAccuracy).toBeLessThanOrEqual(1);
    expect(mlpJson.history).toHaveLength(1);
    expect(mlpJson.checkpoint).toEqual({
      path: at("mlp.safetensors"),
      bytes: readFileSync(at("mlp.safetensors")).length,
    });
    const meta = metadataOf(at("mlp.safetensors"));
    expect(meta["paramlens.format"]).toBe("paramlens-model/1");
    expect(JSON.parse(meta["paramlens.model"] ?? "")).toEqual({
      kind: "mlp",
      sizes: [784, 256, 128, 10],
      inputShape: [1, 28, 28],
      classes: CLASSES,
    });
    expect(JSON.parse(meta["paramlens.training"] ?? "").steps).toBe(4);
    // Float32 weights: 4 bytes per parameter plus the header.
    expect(mlpJson.checkpoint.bytes).toBeGreaterThan(4 * MLP_PARAMS);
  });

  it("says which data it trains on and shows progress lines on stderr when it is not a terminal", () => {
    // Node 20 has WebAssembly SIMD, so training runs on tensor's wasm backend and says so before the data line.
    expect(mlpJson.stderr).toMatch(/(^|\n)backend: wasm\ndata: /);
    expect(mlpJson.stderr).toContain(
      `data: Fashion-MNIST files (${SUBSET}) · 256 train / 256 validation images`,
    );
    expect(mlpJson.stderr).toMatch(
      /step 4\/4 \(100%\) · epoch 1\/1 · loss \d+\.\d{4} · acc \d+\.\d% · [\d,]+ samples\/s · ETA 0:00/,
    );
    expect(mlpJson.stderr).toMatch(
      /epoch 1\/1 done: train loss [\d.]+ acc [\d.]+% · val loss [\d.]+ acc [\d.]+%/,
    );
    expect(mlpJson.stderr).not.toContain("\r");
  });

  it("falls back to the subset shipped in @paramlens/datasets when the full set is not installed", async () => {
    const r = await runBin(
      ["train", "--model", "mlp", "--limit", "64", "--epochs", "1", "--out", at("fallback.safetensors")],
      {
        env: { PARAMLENS_FASHION_MNIST_DIR: at("no-such-dir") },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("data: Fashion-MNIST shipped subset (2,000 train / 1,000 test images");
    expect(r.stdout).toContain("trained mlp 784→256→128→10");
    expect(r.stdout).toContain(`saved  ${at("fallback.safetensors")}`);
  });

  it("trains a character GPT on the text corpus and prints a sample", () => {
    const out = JSON.parse(charJson);
    expect(out.training).toMatchObject({
      dataset: "text-corpus",
      trainSamples: 8,
      steps: 1,
      trainAccuracy: null,
    });
    expect(out.sample.prompt).toBe("Elizabeth");
    expect(out.sample.text.startsWith("Elizabeth")).toBe(true);
    expect(out.sample.text.length).toBe("Elizabeth".length + 20);
    const spec = JSON.parse(metadataOf(at("char.safetensors"))["paramlens.model"] ?? "");
    expect(spec.kind).toBe("gpt-char");
    expect(spec.vocab).toHaveLength(71); // 71 distinct characters in the corpus (datasets README)
    // GPT with learned positions, 2 pre-LN blocks, untied head: V·d + T·d + L·(12d² + 13d) + 2d + d·V + V? no
    // head bias: nn's GPT has no LM-head bias, so the head adds d·V.
    const [V, T, d, L] = [71, 64, 64, 2];
    expect(out.parameters).toBe(V * d + T * d + L * (12 * d * d + 13 * d) + 2 * d + d * V);
  });

  it("documents the new commands in --help", async () => {
    const [top, train, explain] = await Promise.all([
      runBin(["--help"]),
      runBin(["train", "--help"]),
      runBin(["explain", "--help"]),
    ]);
    for (const command of ["train", "summary", "explain", "analyze"])
      expect(top.stdout).toContain(`  ${command}  `);
    for (const flag of [
      "--model",
      "--epochs",
      "--lr",
      "--batch",
      "--seed",
      "--data",
      "--limit",
      "--out",
      "--json",
      "--hidden",
      "--channels",
    ]) {
      expect(train.stdout).toContain(flag);
    }
    expect(train.stdout).toContain("$ paramlens train --model mlp --out mlp.safetensors");
    expect(explain.stdout).toContain("ig, saliency, smoothgrad, gradcam, occlusion, shap");
  });

  it("rejects bad flags before training", async () => {
    const cases: [string[], number, string][] = [
      [["train"], 2, "give --model (mlp, cnn, gpt-char)"],
      [["train", "--model", "rnn"], 2, "Expected one of"],
      [["train", "--model", "mlp", "--epochs", "0"], 1, "--epochs: 0 must be positive (greater than 0)"],
      [
        ["train", "--model", "mlp", "--lr", "fast"],
        1,
        '--lr: expected a number such as 7e9, 7B or 7000000000, got "fast"',
      ],
      [["train", "--model", "mlp", "--epoch", "2"], 2, "unknown flag --epoch (did you mean --epochs?)"],
      [
        ["train", "--model", "mlp", "--out", join("/nonexistent-dir", "m.safetensors")],
        1,
        "cannot write here: the directory /nonexistent-dir does not exist",
      ],
      [["train", "--model", "mlp", "--data", at("empty")], 1, "has no train-images-idx3-ubyte.gz"],
      [["train", "--model", "gpt-char", "--data", SUBSET], 2, "gpt-char trains on the built-in text corpus"],
      [["train", "--model", "mlp", "--sample", "10"], 2, "--sample is for gpt-char"],
      [["train", "--model", "cnn", "--threads", "0"], 1, "--threads: 0 must be positive (greater than 0)"],
      [["train", "--model", "cnn", "--threads", "1.5"], 1, "--threads: 1.5 must be a whole number"],
      [["train", "--model", "cnn", "--threads", "65"], 1, "--threads: 65 is more than 64"],
    ];
    const runs = await Promise.all(cases.map(([args]) => runBin(args, { cwd: dir })));
    for (const [i, [args, code, message]] of cases.entries()) {
      const r = runs[i]!;
      expect(r.code, args.join(" ")).toBe(code);
      oneLine(r.stderr);
      expect(r.stderr).toContain(message);
    }
  });

  it("stops cleanly on SIGINT (exit 130), saving the run but no checkpoint and no temporary file", async () => {
    const out = at("interrupted", "cnn.safetensors");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(at("interrupted"));
    const child = spawn(
      process.execPath,
      [binPath, "train", "--model", "cnn", "--data", SUBSET, "--epochs", "5", "--out", out],
      {
        env: { PATH: process.env.PATH ?? "" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("close", (code, signal) => resolve({ code, signal })),
    );
    await new Promise<void>((resolve) => {
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        if (stderr.includes("data: ")) resolve();
      });
    });
    // Training has started (the data line is printed just before the first step); 5 epochs of the CNN on
    // 2,000 images take far longer than this wait.
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    const { code, signal } = await done;
    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(stderr).toMatch(
      /\nerror interrupted at step \d+ of 160: saved the run to .*cnn\.resume\.safetensors; continue it with: paramlens train --resume .*\n$/,
    );
    expect(stderr).not.toContain("epoch 1/5 done");
    expect(existsSync(out)).toBe(false);
    // The saved run (train-resume.e2e.test.ts resumes one), no model and no temporary file.
    expect(readdirSync(at("interrupted"))).toEqual(["cnn.resume.safetensors"]);
  });
});

describe.concurrent("paramlens train --channels / --hidden", () => {
  // The docs demo's CNN: conv 1→8 3×3 (8·9 weights + 8 biases), conv 8→16 3×3 (16·8·9 + 16), two 2×2
  // max-pools leave 16·7·7 = 784 features, Linear 784→32 (784·32 + 32), Linear 32→10 (32·10 + 10).
  const SMALL_CNN_PARAMS = 8 * 9 + 8 + (16 * 8 * 9 + 16) + (16 * 7 * 7 * 32 + 32) + (32 * 10 + 10);
  // Flatten → Linear 784→64 → ReLU → Linear 64→32 → ReLU → Linear 32→10.
  const SMALL_MLP_PARAMS = 784 * 64 + 64 + (64 * 32 + 32) + (32 * 10 + 10);

  it("trains a cnn with custom channels and hidden width, records them, and summary/explain/inspect load it", async () => {
    const out = at("small-cnn.safetensors");
    const r = await runBin([
      "train",
      "--model",
      "cnn",
      "--channels",
      "8,16",
      "--hidden",
      "32",
      "--data",
      SUBSET,
      "--limit",
      "64",
      "--out",
      out,
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(SMALL_CNN_PARAMS).toBe(26_698); // the demo sidecar's published count
    expect(report.parameters).toBe(SMALL_CNN_PARAMS);
    const spec = JSON.parse(metadataOf(out)["paramlens.model"] ?? "");
    expect(spec).toEqual({
      kind: "cnn",
      options: { inChannels: 1, imageSize: 28, channels: [8, 16], hidden: 32, classes: 10 },
      inputShape: [1, 28, 28],
      classes: CLASSES,
    });
    const [summary, explain, inspect] = await Promise.all([
      runBin(["summary", out, "--json"]),
      runBin(["explain", out, "--image", "2", "--method", "gradcam", "--data", SUBSET, "--json"]),
      runBin(["inspect", out, "--json"]),
    ]);
    expect(summary.code, summary.stderr).toBe(0);
    expect(JSON.parse(summary.stdout).summary.totalParams).toBe(SMALL_CNN_PARAMS);
    expect(explain.code, explain.stderr).toBe(0);
    expect(JSON.parse(explain.stdout).map).toHaveLength(28);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.stdout).toContain(String(SMALL_CNN_PARAMS));
  });

  it("--threads 2 trains the same weights bit for bit as one thread, and says so on stderr", async () => {
    const run = (threads: string, out: string) =>
      runBin([
        "train",
        "--model",
        "cnn",
        "--data",
        SUBSET,
        "--limit",
        "64",
        "--threads",
        threads,
        "--out",
        out,
      ]);
    const [one, two] = await Promise.all([
      run("1", at("cnn-1t.safetensors")),
      run("2", at("cnn-2t.safetensors")),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(one.stderr).toMatch(/^backend: wasm$/m);
    expect(two.stderr).toMatch(/^backend: wasm · 2 threads$/m);
    // The tensor bytes after the safetensors header (8-byte length + JSON): the weights themselves.
    const weights = (path: string) => {
      const bytes = readFileSync(path);
      return bytes.subarray(8 + Number(bytes.readBigUInt64LE(0)));
    };
    expect(weights(at("cnn-2t.safetensors")).equals(weights(at("cnn-1t.safetensors")))).toBe(true);
  });

  it("trains an mlp with two custom hidden layers and prints the hand-counted total", async () => {
    const out = at("small-mlp.safetensors");
    const r = await runBin([
      "train",
      "--model",
      "mlp",
      "--hidden",
      "64,32",
      "--data",
      SUBSET,
      "--limit",
      "64",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `trained mlp 784→64→32→10 (10 classes) · ${SMALL_MLP_PARAMS.toLocaleString("en-US")} parameters`,
    );
    expect(JSON.parse(metadataOf(out)["paramlens.model"] ?? "").sizes).toEqual([784, 64, 32, 10]);
    const summary = await runBin(["summary", out, "--json"]);
    expect(JSON.parse(summary.stdout).summary.totalParams).toBe(SMALL_MLP_PARAMS);
  });

  it("rejects bad sizes with one line naming the flag and the rule, before reading any data", async () => {
    const cases: [string[], number, string][] = [
      [
        ["--model", "cnn", "--channels", "8"],
        1,
        "--channels 8: the cnn takes two channel counts (whole numbers ≥ 1, e.g. 8,16); got 1 value",
      ],
      [["--model", "cnn", "--channels", "8,0"], 1, "--channels 8,0: 0 is not ≥ 1"],
      [["--model", "cnn", "--hidden", "2.5"], 1, '--hidden 2.5: "2.5" is not a whole number'],
      [["--model", "cnn", "--hidden", "64,32"], 1, "the cnn takes one hidden width"],
      [["--model", "mlp", "--hidden="], 1, "--hidden: the mlp takes one or more hidden widths"],
      [
        ["--model", "mlp", "--hidden", "4096,4096,4096"],
        1,
        "--hidden 4096,4096,4096: mlp 784→4096→4096→4096→10 (10 classes) would have 36,818,954 parameters; paramlens train takes at most 20,000,000",
      ],
      [["--model", "mlp", "--channels", "8,16"], 2, "--channels is for the cnn model"],
      [["--model", "gpt-char", "--hidden", "64"], 2, "--hidden is for the mlp and cnn models"],
    ];
    // --data names a missing folder (gpt-char takes no --data): the size errors must come first.
    const runs = await Promise.all(
      cases.map(([args]) =>
        runBin(["train", ...args, ...(args.includes("gpt-char") ? [] : ["--data", at("no-such-dir")])], {
          cwd: dir,
        }),
      ),
    );
    for (const [i, [args, code, message]] of cases.entries()) {
      const r = runs[i]!;
      expect(r.code, args.join(" ")).toBe(code);
      oneLine(r.stderr);
      expect(r.stderr).toContain(message);
    }
  });
});

describe.concurrent("paramlens summary", () => {
  it("prints nn's layer table with the hand-counted total", async () => {
    const r = await runBin(["summary", at("mlp.safetensors")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("mlp 784→256→128→10 (10 classes)");
    expect(r.stdout).toContain("trained 1 epoch on 256 images");
    expect(r.stdout).toMatch(/Linear: 1\s+\[1, 256\]\s+200,704\s+256/);
    expect(r.stdout).toContain(`Total params: ${MLP_PARAMS.toLocaleString("en-US")}`);
    const cnn = JSON.parse((await runBin(["summary", at("cnn.safetensors"), "--json"])).stdout);
    expect(cnn.summary.totalParams).toBe(CNN_PARAMS);
    expect(cnn.model.kind).toBe("cnn");
    expect(cnn.summary.rows.find((row: { path: string }) => row.path === "6").outputShape).toEqual([
      1,
      32 * 7 * 7,
    ]);
  });

  it("summarises a character GPT (token-id input)", async () => {
    const r = await runBin(["summary", at("char.safetensors"), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.summary.rows[0].outputShape).toEqual([1, 64, 71]);
  });
});

describe.concurrent("paramlens explain", () => {
  it("explains a test image: prediction, probabilities, heatmap PNG and deletion AUC vs random order", async () => {
    const r = await runBin([
      "explain",
      at("cnn.safetensors"),
      "--image",
      "7",
      "--method",
      "ig",
      "--data",
      SUBSET,
      "--out",
      at("map.png"),
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.image).toMatchObject({ index: 7 });
    expect(CLASSES).toContain(e.image.label);
    const total = e.probabilities.reduce((s: number, p: { probability: number }) => s + p.probability, 0);
    expect(total).toBeCloseTo(1, 5);
    expect(e.prediction).toEqual(e.probabilities[0]);
    expect(e.method.id).toBe("ig");
    const f = e.faithfulness;
    expect(f.deletionAuc).toBeGreaterThanOrEqual(0);
    expect(f.deletionAuc).toBeLessThanOrEqual(1);
    expect(f.randomAuc.orders).toBe(5);
    expect(f.randomAuc.min).toBeLessThanOrEqual(f.randomAuc.mean);
    // IG completeness: Σ attributions = f(x) − f(0) for the predicted logit, up to the reported delta.
    expect(Math.abs(e.convergenceDelta)).toBeLessThan(
      0.05 * Math.max(1e-3, Math.abs(e.attributionStats.sum)) + 1e-3,
    );
    expect(e.map).toHaveLength(28);
    const png = decode(readFileSync(at("map.png")));
    expect([png.width, png.height]).toEqual([224, 224]);
  });

  it("runs every method (Grad-CAM on the cnn, the others on the mlp), and prints a readable report", async () => {
    const methods = ["saliency", "smoothgrad", "gradcam", "occlusion", "shap"];
    const runs = await Promise.all(
      methods.map((method) =>
        runBin([
          "explain",
          at(method === "gradcam" ? "cnn.safetensors" : "mlp.safetensors"),
          "--image",
          "3",
          "--method",
          method,
          "--data",
          SUBSET,
        ]),
      ),
    );
    for (const [i, r] of runs.entries()) {
      expect(r.code, `${methods[i]}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^predicted \S/m);
      expect(r.stdout).toMatch(/this map\s+\d\.\d{3}/);
      expect(r.stdout).toContain("heatmap not written (add --out map.png)");
    }
  });

  it("explains a 28×28 PNG and rejects other sizes", async () => {
    const side = 28;
    const pixels = new Uint8Array(side * side);
    for (let i = 8; i < 20; i++) for (let j = 6; j < 22; j++) pixels[i * side + j] = 200; // a bright block
    writeFileSync(
      at("block.png"),
      encode({ width: side, height: side, data: pixels, channels: 1, depth: 8 }),
    );
    const r = await runBin([
      "explain",
      at("mlp.safetensors"),
      "--image",
      at("block.png"),
      "--method",
      "saliency",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).image).toEqual({ source: "file", file: at("block.png") });
    writeFileSync(
      at("big.png"),
      encode({ width: 30, height: 30, data: new Uint8Array(900), channels: 1, depth: 8 }),
    );
    const big = await runBin(["explain", at("mlp.safetensors"), "--image", at("big.png")]);
    expect(big.code).toBe(1);
    oneLine(big.stderr);
    expect(big.stderr).toContain(
      `${at("big.png")}: the image is 30×30; the model takes 28×28 grayscale images`,
    );
    writeFileSync(at("fake.png"), "not a png");
    const fake = await runBin(["explain", at("mlp.safetensors"), "--image", at("fake.png")]);
    expect(fake.code).toBe(1);
    expect(fake.stderr).toContain("not a PNG file");
  });

  it("reports unknown methods, out-of-range images and unsupported models", async () => {
    const method = await runBin(["explain", at("mlp.safetensors"), "--method", "igg"]);
    expect(method.code).toBe(2);
    oneLine(method.stderr);
    expect(method.stderr).toContain('unknown --method "igg" (did you mean "ig"?)');
    const smooth = await runBin(["explain", at("mlp.safetensors"), "--method", "smoothgard"]);
    expect(smooth.stderr).toContain('did you mean "smoothgrad"?');
    const long = await runBin(["explain", at("mlp.safetensors"), "--method", "integrated-gradientz"]);
    expect(long.stderr).toContain('did you mean "ig"?');
    const range = await runBin(["explain", at("mlp.safetensors"), "--image", "1000", "--data", SUBSET]);
    expect(range.code).toBe(1);
    oneLine(range.stderr);
    expect(range.stderr).toContain("--image 1000: the test split has 1,000 images (0–999)");
    const cam = await runBin(["explain", at("mlp.safetensors"), "--method", "grad-cam", "--data", SUBSET]);
    expect(cam.code).toBe(1);
    expect(cam.stderr).toContain("--method gradcam needs a convolutional layer, and this mlp has none");
    const gpt = await runBin(["explain", at("char.safetensors")]);
    expect(gpt.code).toBe(1);
    expect(gpt.stderr).toContain("holds a gpt-char language model");
  });
});

describe.concurrent("paramlens analyze", () => {
  it("reports statistics, spectra, dead ReLUs and important units of the mlp", async () => {
    const r = await runBin(["analyze", at("mlp.safetensors"), "--data", SUBSET, "--limit", "200", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.data.samples).toBe(200);
    expect(a.parameters.total).toBe(MLP_PARAMS);
    expect(a.parameters.tensors.map((t: { name: string }) => t.name)).toEqual([
      "1.weight",
      "1.bias",
      "3.weight",
      "3.bias",
      "5.weight",
      "5.bias",
    ]);
    expect(a.spectra.map((s: { matrixShape: number[] }) => s.matrixShape)).toEqual([
      [256, 784],
      [128, 256],
      [10, 128],
    ]);
    for (const s of a.spectra) {
      expect(s.effectiveRank).toBeLessThanOrEqual(Math.min(...s.matrixShape) + 1e-9);
      expect(s.stableRank).toBeGreaterThanOrEqual(1 - 1e-9);
      expect(s.stableRank).toBeLessThanOrEqual(s.effectiveRank + 1e-9); // stable rank ≤ effective rank
    }
    expect(
      a.deadUnits.map((d: { layer: string; after: string; units: number }) => [d.layer, d.after, d.units]),
    ).toEqual([
      ["2", "1 Linear 784→256", 256],
      ["4", "3 Linear 256→128", 128],
    ]);
    for (const d of a.deadUnits) expect(d.deadFraction).toBeCloseTo(d.dead / d.units, 12);
    expect(a.importance.top).toHaveLength(10);
    expect(a.importance.perTensor.map((t: { tensor: string }) => t.tensor)).toEqual([
      "1.weight",
      "3.weight",
      "5.weight",
    ]);
    for (const t of a.importance.perTensor) expect(t.top).toHaveLength(3);
    const values = a.importance.top.map((u: { importance: number }) => u.importance);
    expect([...values].sort((x, y) => y - x)).toEqual(values);
  });

  it("prints tables, and handles a model without ReLUs (char GPT)", async () => {
    const r = await runBin(["analyze", at("cnn.safetensors"), "--data", SUBSET, "--limit", "100"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("dead ReLU units (never positive on the 100 samples)");
    expect(r.stdout).toMatch(/^0\.weight\s+16×9\s/m);
    const gpt = await runBin(["analyze", at("char.safetensors"), "--limit", "2"]);
    expect(gpt.code, gpt.stderr).toBe(0);
    expect(gpt.stdout).toContain("dead units: the model has no ReLU layers");
  });
});

describe.concurrent("checkpoint errors (summary, explain, analyze)", () => {
  it("names a missing file, a truncated checkpoint and a file without paramlens metadata (exit 1, one line)", async () => {
    const truncated = at("cut.safetensors");
    writeFileSync(truncated, readFileSync(at("mlp.safetensors")));
    truncateSync(truncated, 5000);
    const foreign = at("foreign.safetensors");
    writeSafetensors(foreign, [{ name: "w", dtype: "F32", shape: [2, 2] }], { metadata: { format: "pt" } });
    for (const command of ["summary", "explain", "analyze"]) {
      const missing = await runBin([command, at("nope.safetensors")]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(`error ${at("nope.safetensors")}: no such file or directory\n`);
      const cut = await runBin([command, truncated]);
      expect(cut.code, cut.stderr).toBe(1);
      oneLine(cut.stderr);
      expect(cut.stderr).toContain(`${truncated}: not a readable safetensors checkpoint`);
      const other = await runBin([command, foreign]);
      expect(other.code).toBe(1);
      oneLine(other.stderr);
      expect(other.stderr).toContain(
        `${foreign}: a safetensors file with 1 tensor but no paramlens metadata`,
      );
      expect(other.stderr).toContain(`\`paramlens inspect ${foreign}\` works on any safetensors file`);
    }
  });

  it("treats a missing checkpoint argument as a usage error", async () => {
    for (const command of ["summary", "explain", "analyze"]) {
      const r = await runBin([command]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("give a checkpoint written by `paramlens train`");
    }
  });
});
