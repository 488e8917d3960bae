// trainModel: training in resumable stretches equals one uninterrupted fit(), and stops when interrupted.
import { Adam, crossEntropy, fit } from "@paramlens/nn";
import { manualSeed } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { buildModel } from "../model/build-model";
import { loadImages } from "../model/data";
import { TrainingInterrupted, trainModel } from "./train-run";

const SUBSET = new URL("../../../../packages/datasets/data/fashion-mnist-subset", import.meta.url).pathname;

describe("trainModel", () => {
  it("trains in resumable stretches to exactly the weights of one uninterrupted fit()", async () => {
    const options = {
      model: "mlp" as const,
      epochs: 2,
      lr: 1e-3,
      batch: 16,
      seed: 3,
      data: SUBSET,
      limit: 48,
    };
    const events: string[] = [];
    const run = await trainModel(options, {
      chunkMs: 0, // one step per stretch: 6 resumes
      callback: (e) => {
        events.push(e.type);
      },
    });

    const train = loadImages("train", { dir: SUBSET, limit: 48 });
    const val = loadImages("test", { dir: SUBSET, limit: 48 });
    manualSeed(3);
    const model = buildModel(run.spec);
    const reference = fit(model, {
      train,
      val,
      loss: (o, y) => crossEntropy(o, y),
      optimizer: new Adam(model.parameters(), { lr: 1e-3 }),
      epochs: 2,
      batchSize: 16,
      seed: 3,
    });
    expect(run.training.steps).toBe(6);
    expect(run.history).toEqual(reference.history);
    const a = run.model.stateDict();
    const b = model.stateDict();
    for (const k of Object.keys(b)) expect(a[k]?.toArray(), k).toEqual(b[k]?.toArray());
    // Stretch boundaries are invisible to the progress callback: one "end", after the last step.
    expect(events.filter((t) => t === "end")).toHaveLength(1);
    expect(events.filter((t) => t === "step")).toHaveLength(6);
    expect(events.at(-1)).toBe("end");
  });

  it("stops between stretches when interrupted, saying where", async () => {
    let steps = 0;
    const run = trainModel(
      { model: "mlp", epochs: 1, lr: 1e-3, batch: 16, seed: 0, data: SUBSET, limit: 64 },
      {
        chunkMs: 0,
        callback: (e) => {
          if (e.type === "step") steps = e.step;
        },
        interrupted: () => steps >= 2,
      },
    );
    await expect(run).rejects.toThrow(TrainingInterrupted);
    await expect(run).rejects.toThrow("interrupted at step 2 of 4");
  });
});
