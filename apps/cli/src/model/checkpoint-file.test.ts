// Checkpoint files: weights, spec and training record round-trip; untrusted or foreign metadata is refused.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SGD, saveCheckpoint } from "@paramlens/nn";
import { saveSafetensors, Tensor } from "@paramlens/tensor";
import { afterAll, describe, expect, it } from "vitest";
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
      /bigger\.safetensors: the weights do not load: .*size mismatch/s,
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
});
