import { makeBlobs, makeMoons } from "@paramlens/datasets";
import { manualSeed, saveSafetensors, Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { ReLU } from "../layers/activations";
import { Sequential } from "../layers/containers";
import { Linear } from "../layers/linear";
import { Dropout } from "../layers/shape-layers";
import { Adam } from "../optim/adam";
import { CosineWarmupLR } from "../optim/lr-scheduler";
import { SGD } from "../optim/sgd";
import { restoreCheckpoint, saveCheckpoint } from "./checkpoint";
import { toTensorDataset } from "./data";
import { TrainingError } from "./errors";
import { evaluate, type FitEvent, fit } from "./fit";

function mlp(seed: number, dropout = 0): Sequential {
  manualSeed(seed);
  return new Sequential(
    new Linear(2, 32),
    new ReLU(),
    new Dropout(dropout),
    new Linear(32, 32),
    new ReLU(),
    new Linear(32, 2),
  );
}

const moons = toTensorDataset(makeMoons({ n: 200, noise: 0.1, seed: 1 }));
const moonsVal = toTensorDataset(makeMoons({ n: 100, noise: 0.1, seed: 2 }));

describe("fit", () => {
  it("learns two moons and reports progress events", () => {
    const model = mlp(1);
    const events: FitEvent[] = [];
    const r = fit(model, {
      train: moons,
      val: moonsVal,
      loss: "crossEntropy",
      optimizer: new Adam(model.parameters(), { lr: 0.01 }),
      epochs: 30,
      batchSize: 32,
      seed: 5,
      callbacks: (e) => {
        events.push(e);
      },
    });
    expect(r.reason).toBe("completed");
    expect(r.step).toBe(30 * 7);
    expect(r.history).toHaveLength(30);
    const last = r.history[29]!;
    expect(last.valAccuracy!).toBeGreaterThanOrEqual(0.98);
    expect(last.trainLoss).toBeLessThan(r.history[0]!.trainLoss / 3);
    const steps = events.filter((e) => e.type === "step");
    expect(steps).toHaveLength(210);
    expect(events[0]!.type).toBe("start");
    expect(events.at(-1)).toMatchObject({ type: "end", step: 210, reason: "completed" });
    const s = steps[20]!;
    if (s.type !== "step") throw new Error("unreachable");
    expect(s).toMatchObject({ step: 21, epoch: 2, batch: 6, stepsPerEpoch: 7, totalSteps: 210 });
    expect(s.progress).toBeCloseTo(0.1, 12);
    expect(s.etaMs).toBeGreaterThanOrEqual(0);
    expect(s.samplesPerSecond).toBeGreaterThanOrEqual(0);
    expect(evaluate(model, moonsVal, { loss: "crossEntropy" }).accuracy).toBe(last.valAccuracy);
  });

  it("resumes from a checkpoint bit-identically (dropout, Adam, scheduler, mid-epoch)", () => {
    const run = (resume?: Uint8Array, maxSteps?: number) => {
      const model = mlp(resume ? 99 : 3, 0.2); // a resumed run starts from other weights: all come from the file
      const optimizer = new Adam(model.parameters(), { lr: 0.01 });
      const scheduler = new CosineWarmupLR(optimizer, { warmupSteps: 5, totalSteps: 28 });
      let saved: Uint8Array | undefined;
      const r = fit(model, {
        train: moons,
        val: moonsVal,
        loss: "crossEntropy",
        optimizer,
        scheduler,
        epochs: 4,
        batchSize: 32,
        seed: 11,
        checkpointEvery: 10,
        resumeFrom: resume,
        maxSteps,
        callbacks: (e) => {
          if (e.type === "checkpoint" && e.step === 10) saved = e.bytes;
        },
      });
      return { r, params: model.parameters().map((p) => Array.from(p.toTypedArray())), saved };
    };
    const full = run();
    const first = run(undefined, 10);
    expect(first.r.reason).toBe("max-steps");
    expect(first.r.step).toBe(10);
    const resumed = run(first.saved!);
    expect(resumed.r.step).toBe(28);
    expect(resumed.params).toEqual(full.params);
    expect(resumed.r.history).toEqual(full.r.history);
  });

  it("stops with an error naming the step when the loss turns NaN", () => {
    const model = mlp(4);
    const x = moons.x.clone();
    (x.data as Float32Array)[2 * 70] = Number.NaN; // sample 70
    let err: unknown;
    try {
      fit(model, {
        train: { x, y: moons.y },
        loss: "crossEntropy",
        optimizer: new SGD(model.parameters(), { lr: 0.1 }),
        epochs: 1,
        batchSize: 50,
        shuffle: false,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).code).toBe("NON_FINITE_LOSS");
    expect((err as TrainingError).step).toBe(2);
    expect((err as Error).message).toMatch(/the loss is NaN at step 2 \(epoch 1, batch 2\)/);
  });

  it("early stopping waits `patience` epochs without improvement and can restore the best weights", () => {
    const model = mlp(5);
    const opt = new SGD(model.parameters(), { lr: 0 }); // nothing changes: no epoch improves on the first
    const r = fit(model, {
      train: moons,
      val: moonsVal,
      loss: "crossEntropy",
      optimizer: opt,
      epochs: 10,
      batchSize: 64,
      earlyStopping: { patience: 2, restoreBest: true },
    });
    expect(r.reason).toBe("early-stopping");
    expect(r.history).toHaveLength(3);
    expect(r.bestEpoch).toBe(0);
  });

  it("a callback can stop training; regression with mse has no accuracy", () => {
    const blobs = makeBlobs({ n: 64, centers: 2, dims: 2, seed: 3 });
    const x = new Tensor(blobs.x, blobs.xShape);
    const y = new Tensor(
      Float32Array.from(blobs.y, (v) => v * 2 - 1),
      [64, 1],
    );
    manualSeed(6);
    const model = new Sequential(new Linear(2, 1));
    const r = fit(model, {
      train: { x, y },
      loss: "mse",
      optimizer: new SGD(model.parameters(), { lr: 0.05 }),
      epochs: 5,
      batchSize: 16,
      callbacks: [(e) => (e.type === "epoch" && e.epoch === 1 ? "stop" : undefined)],
    });
    expect(r.reason).toBe("callback");
    expect(r.history).toHaveLength(2);
    expect(r.history[0]!.trainAccuracy).toBeNull();
  });

  it("rejects bad options and data with the field named", () => {
    const model = mlp(7);
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    const base = { train: moons, loss: "crossEntropy" as const, optimizer, epochs: 1, batchSize: 8 };
    expect(() => fit(model, { ...base, batchSize: 0 })).toThrow(
      /batchSize must be a positive integer, got 0/,
    );
    expect(() => fit(model, { ...base, earlyStopping: { patience: 1 } })).toThrow(
      /earlyStopping needs a val set/,
    );
    expect(() => fit(model, { ...base, train: { x: moons.x, y: tensor([1, 2]) } })).toThrow(
      /train.x \[200,2\] and train.y \[2\]/,
    );
  });
});

describe("checkpoints", () => {
  it("round-trip model and optimizer state bit-exactly through safetensors", () => {
    const a = mlp(8);
    const optA = new Adam(a.parameters(), { lr: 0.01 });
    fit(a, { train: moons, loss: "crossEntropy", optimizer: optA, epochs: 1, batchSize: 50 });
    const bytes = saveCheckpoint(a, optA, { step: 4, seed: 0 });
    const b = mlp(9);
    const optB = new Adam(b.parameters(), { lr: 1 });
    const meta = restoreCheckpoint(bytes, b, optB);
    expect(meta.step).toBe(4);
    expect(b.parameters().map((p) => p.toArray())).toEqual(a.parameters().map((p) => p.toArray()));
    expect(optB.stateDict()).toEqual(optA.stateDict());
  });
  it("refuses files that are not paramlens checkpoints", () => {
    const a = mlp(1);
    const opt = new SGD(a.parameters(), { lr: 0.1 });
    const other = saveCheckpoint(a, opt, { step: 0, seed: 0 });
    const plain = saveSafetensors(a.stateDict());
    expect(() => restoreCheckpoint(plain, a, opt)).toThrow(/no "paramlens.checkpoint" metadata/);
    expect(() =>
      fit(a, {
        train: moons,
        loss: "crossEntropy",
        optimizer: opt,
        epochs: 1,
        batchSize: 8,
        seed: 3,
        resumeFrom: other,
      }),
    ).toThrow(/made with seed 0, not 3/);
  });
});
