// fit() with a grouped optimizer (no weight decay on biases) and a scheduler: resuming from a checkpoint
// continues bit-identically, so the groups' hyper-parameters and initial lrs survive the checkpoint file.
import { makeMoons } from "@paramlens/datasets";
import { manualSeed, readSafetensorsHeader } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { ReLU } from "../layers/activations";
import { Sequential } from "../layers/containers";
import { Linear } from "../layers/linear";
import { restoreCheckpoint } from "../train/checkpoint";
import { toTensorDataset } from "../train/data";
import { fit } from "../train/fit";
import { AdamW } from "./adam";
import { CosineWarmupLR } from "./lr-scheduler";

const moons = toTensorDataset(makeMoons({ n: 120, noise: 0.1, seed: 1 }));

function setup(seed: number) {
  manualSeed(seed);
  const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 2));
  const named = model.namedParameters();
  const optimizer = new AdamW(
    [
      { params: named.filter(([n]) => !n.endsWith("bias")).map(([, p]) => p) },
      { params: named.filter(([n]) => n.endsWith("bias")).map(([, p]) => p), weightDecay: 0, lr: 0.003 },
    ],
    { lr: 0.01, weightDecay: 0.1 },
  );
  const scheduler = new CosineWarmupLR(optimizer, { warmupSteps: 3, totalSteps: 16 });
  return { model, optimizer, scheduler };
}

describe("fit with parameter groups", () => {
  it("resumes from a checkpoint bit-identically", () => {
    const run = (resumeFrom?: Uint8Array, maxSteps?: number) => {
      const { model, optimizer, scheduler } = setup(resumeFrom ? 99 : 3);
      let saved: Uint8Array | undefined;
      const r = fit(model, {
        train: moons,
        loss: "crossEntropy",
        optimizer,
        scheduler,
        epochs: 4,
        batchSize: 30,
        seed: 5,
        checkpointEvery: 6,
        resumeFrom,
        maxSteps,
        callbacks: (e) => {
          if (e.type === "checkpoint" && e.step === 6) saved = e.bytes;
        },
      });
      const lrs = optimizer.paramGroups.map((g) => g.lr);
      return { r, lrs, params: model.parameters().map((p) => Array.from(p.toTypedArray())), saved };
    };
    const full = run();
    const first = run(undefined, 6);
    const meta = JSON.parse(readSafetensorsHeader(first.saved!).metadata!["paramlens.checkpoint"]!);
    expect(meta.optimizer.groups.map((g: { hyper: { weightDecay: number } }) => g.hyper.weightDecay)).toEqual(
      [0.1, 0],
    );
    expect(meta.scheduler.baseLrs).toEqual([0.01, 0.003]);
    const resumed = run(first.saved!);
    expect(resumed.r.step).toBe(16);
    expect(resumed.params).toEqual(full.params);
    expect(resumed.lrs).toEqual(full.lrs);
    expect(resumed.r.history).toEqual(full.r.history);
    // The checkpoint does not fit an optimizer with other groups.
    const { model, scheduler } = setup(1);
    const oneGroup = new AdamW(model.parameters(), { lr: 0.01 });
    expect(() => restoreCheckpoint(first.saved!, model, oneGroup, scheduler)).toThrow(
      /AdamW.loadStateDict: the state has 2 groups but this optimizer has 1/,
    );
  });
});
