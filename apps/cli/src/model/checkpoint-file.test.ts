// Checkpoint files: weights, spec and training record round-trip; untrusted or foreign metadata is refused.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SGD, saveCheckpoint } from "@paramlens/nn";
import { saveSafetensors, Tensor } from "@paramlens/tensor";
import { afterAll, describe, expect, it } from "vitest";
import { BadFileError } from "../errors";
import { buildModel } from "./build-model";
import { checkpointBytes, readCheckpoint, writeCheckpoint } from "./checkpoint-file";
import { CHECKPOINT_FORMAT, type ModelSpec, type TrainingRecord } from "./model-spec";

const dir = mkdtempSync(join(tmpdir(), "paramlens-ckpt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const classes = ["a", "b", "c"];
const spec: ModelSpec = { kind: "mlp", sizes: [4, 5, 3], inputShape: [1, 2, 2], classes };
const training: TrainingRecord = {
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

describe("checkpoint files", () => {
  it("round-trips the weights, the spec and the training record, and leaves no temporary file", () => {
    const model = buildModel(spec);
    writeCheckpoint(dir, "m.safetensors", checkpointBytes(model, spec, training));
    expect(readdirSync(dir)).toEqual(["m.safetensors"]);
    const back = readCheckpoint(dir, "m.safetensors");
    expect(back.spec).toEqual(spec);
    expect(back.training).toEqual(training);
    expect(back.model.training).toBe(false);
    const a = model.stateDict();
    const b = back.model.stateDict();
    expect(Object.keys(b)).toEqual(["1.weight", "1.bias", "3.weight", "3.bias"]);
    for (const k of Object.keys(a)) expect(b[k]?.toArray()).toEqual(a[k]?.toArray());
  });

  it("round-trips custom sizes (cnn channels and hidden width, several mlp hidden layers)", () => {
    const specs: ModelSpec[] = [
      {
        kind: "cnn",
        options: { inChannels: 1, imageSize: 8, channels: [3, 5], hidden: 7, classes: 3 },
        inputShape: [1, 8, 8],
        classes,
      },
      { kind: "mlp", sizes: [4, 6, 5, 2, 3], inputShape: [1, 2, 2], classes },
    ];
    for (const [i, s] of specs.entries()) {
      const model = buildModel(s);
      writeCheckpoint(dir, `sizes-${i}.safetensors`, checkpointBytes(model, s, training));
      const back = readCheckpoint(dir, `sizes-${i}.safetensors`);
      expect(back.spec).toEqual(s);
      const a = model.stateDict();
      const b = back.model.stateDict();
      expect(Object.keys(b)).toEqual(Object.keys(a));
      for (const k of Object.keys(a)) expect(b[k]?.toArray(), k).toEqual(a[k]?.toArray());
    }
    rmSync(join(dir, "sizes-0.safetensors"));
    rmSync(join(dir, "sizes-1.safetensors"));
  });

  it("refuses metadata it cannot trust, naming the field", () => {
    const model = buildModel(spec);
    const write = (name: string, meta: Record<string, string>) => {
      writeFileSync(join(dir, name), saveSafetensors(model.stateDict(), meta));
      return name;
    };
    const base = { "paramlens.format": CHECKPOINT_FORMAT };
    const rnn = write("rnn.safetensors", {
      ...base,
      "paramlens.model": JSON.stringify({ ...spec, kind: "rnn" }),
    });
    expect(() => readCheckpoint(dir, rnn)).toThrow(
      'rnn.safetensors: metadata "paramlens.model" has kind "rnn"; this paramlens knows mlp, cnn, gpt-char',
    );
    const wrongClasses = write("classes.safetensors", {
      ...base,
      "paramlens.model": JSON.stringify({ ...spec, classes: ["a"] }),
    });
    expect(() => readCheckpoint(dir, wrongClasses)).toThrow(
      "has class names that do not match the output size",
    );
    const future = write("v2.safetensors", {
      "paramlens.format": "paramlens-model/2",
      "paramlens.model": "{}",
    });
    expect(() => readCheckpoint(dir, future)).toThrow(
      'v2.safetensors: checkpoint format "paramlens-model/2" is not paramlens-model/1',
    );
    const bigger = write("bigger.safetensors", {
      ...base,
      "paramlens.model": JSON.stringify({ ...spec, sizes: [4, 6, 3] }),
    });
    expect(() => readCheckpoint(dir, bigger)).toThrow(
      /bigger\.safetensors: metadata "paramlens.model" describes tensor "1.weight" as \[6, 4\] but the file stores \[5, 4\]/,
    );
  });

  it("recognises fit()'s training checkpoints, which do not describe the model", () => {
    const model = buildModel(spec);
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    writeFileSync(join(dir, "fit.safetensors"), saveCheckpoint(model, optimizer, { step: 3, seed: 0 }));
    expect(() => readCheckpoint(dir, "fit.safetensors")).toThrow(
      "fit.safetensors: a training checkpoint from nn's fit() (model and optimizer state) without the model description",
    );
  });

  it("refuses a safetensors file without paramlens metadata and points to inspect", () => {
    writeFileSync(
      join(dir, "plain.safetensors"),
      saveSafetensors({ w: new Tensor(new Float32Array(4), [2, 2]) }),
    );
    expect(() => readCheckpoint(dir, "plain.safetensors")).toThrow(
      "plain.safetensors: a safetensors file with 1 tensor but no paramlens metadata",
    );
  });

  it("checks hostile metadata against the stored tensors before building anything", () => {
    // The stored tensors are the small spec's (4→5→3, 43 values); each spec below claims something else.
    const model = buildModel(spec);
    const write = (name: string, meta: Record<string, string>) => {
      writeFileSync(join(dir, name), saveSafetensors(model.stateDict(), meta));
      return name;
    };
    const withSpec = (name: string, s: unknown, extra: Record<string, string> = {}) =>
      write(name, {
        "paramlens.format": CHECKPOINT_FORMAT,
        "paramlens.model": typeof s === "string" ? s : JSON.stringify(s),
        ...extra,
      });
    const cases: [string, RegExp][] = [
      // Building these would allocate 1.25 GB and 5 GB before the weights were compared.
      [
        withSpec("wide.safetensors", { ...spec, sizes: [4, 400_000, 3] }),
        /describes tensor "1.weight" as \[400000, 4\] but the file stores \[5, 4\]/,
      ],
      [
        withSpec("gpt.safetensors", {
          kind: "gpt-char",
          config: { vocabSize: 3, contextLength: 64, dModel: 4096, nLayers: 64, nHeads: 32 },
          vocab: ["a", "b", "c"],
        }),
        /describes a GPT of 12,8\d\d,\d\d\d,\d\d\d parameters but the file stores 43 values/,
      ],
      [
        withSpec("context.safetensors", {
          kind: "gpt-char",
          config: { vocabSize: 1, contextLength: 1_000_000, dModel: 4, nLayers: 1, nHeads: 1 },
          vocab: ["a"],
        }),
        /has contextLength 1000000; at most 4096/,
      ],
      [
        withSpec("input.safetensors", { ...spec, inputShape: [1, 100_000, 100_000] }),
        /has inputShape with more than 1,048,576 elements/,
      ],
      [
        withSpec("flat.safetensors", { ...spec, inputShape: [1, 3, 3] }),
        /inputShape \[1, 3, 3\], which does not flatten to the first layer's 4 inputs/,
      ],
      [
        withSpec("cnn.safetensors", {
          kind: "cnn",
          options: { inChannels: 1, imageSize: 28, channels: [16, 32], hidden: 128, classes: 3 },
          inputShape: [1, 100_000, 28],
          classes,
        }),
        /has inputShape that is not \[inChannels, imageSize, imageSize\] = \[1, 28, 28\]/,
      ],
      [withSpec("brace.safetensors", "{"), /metadata "paramlens.model" is not valid JSON/],
      [withSpec("null.safetensors", "null"), /metadata "paramlens.model" is not a JSON object/],
      [withSpec("deep.safetensors", "[".repeat(100_000)), /metadata "paramlens.model" is not valid JSON/],
      [
        withSpec("kind.safetensors", { ...spec, kind: "k".repeat(100_000) }),
        /has kind "k{40}"; this paramlens knows/,
      ],
      [
        withSpec("training.safetensors", spec, {
          "paramlens.training": JSON.stringify({ ...training, epochs: "three" }),
        }),
        /metadata "paramlens.training" has a non-numeric field epochs/,
      ],
      [
        withSpec("training-null.safetensors", spec, { "paramlens.training": "null" }),
        /metadata "paramlens.training" is not a JSON object/,
      ],
    ];
    for (const [name, message] of cases) {
      let err: unknown;
      try {
        readCheckpoint(dir, name);
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(BadFileError);
      expect((err as Error).message, name).toMatch(message);
      expect((err as Error).message.length, name).toBeLessThan(400);
    }
  });

  it("never writes the weights of a diverged model", () => {
    const model = buildModel(spec);
    const w = model.stateDict()["3.weight"]!;
    (w.data as Float32Array)[w.offset + 2] = Number.NaN;
    expect(() => checkpointBytes(model, spec, { ...training, steps: 9 })).toThrow(
      /parameter "3.weight" holds NaN after step 9; a checkpoint with non-finite weights is not written/,
    );
  });
});
