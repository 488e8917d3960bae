import { readFileSync } from "node:fs";
import { makeBlobs, makeMoons } from "@paramlens/datasets";
import {
  Generator,
  type GeneratorState,
  getRngState,
  loadSafetensors,
  manualSeed,
  randn,
  readSafetensorsHeader,
  saveSafetensors,
  Tensor,
  tensor,
} from "@paramlens/tensor";
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

/** The JSON metadata of checkpoint bytes. */
function checkpointMeta(bytes: Uint8Array): Record<string, unknown> {
  return JSON.parse(readSafetensorsHeader(bytes).metadata!["paramlens.checkpoint"]!) as Record<
    string,
    unknown
  >;
}

/** The same checkpoint with some metadata fields replaced. */
function withMeta(bytes: Uint8Array, patch: Record<string, unknown>): Uint8Array {
  const meta = { ...checkpointMeta(bytes), ...patch };
  return saveSafetensors(loadSafetensors(bytes), { "paramlens.checkpoint": JSON.stringify(meta) });
}

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
    const run = (resume?: Uint8Array, maxSteps?: number, noisy = false) => {
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
          // A callback that uses the global generator must not change the training draws.
          if (noisy) randn([e.type === "step" ? e.step : 3]);
          if (e.type === "checkpoint" && e.step === 10) saved = e.bytes;
        },
      });
      return { r, params: model.parameters().map((p) => Array.from(p.toTypedArray())), saved };
    };
    const full = run();
    const first = run(undefined, 10);
    expect(first.r.reason).toBe("max-steps");
    expect(first.r.step).toBe(10);
    // The checkpoint carries the training stream's generator state, past the dropout draws of 10 steps.
    const meta = checkpointMeta(first.saved!);
    expect(meta.format).toBe("paramlens-checkpoint/2");
    const rng = meta.rngState as GeneratorState;
    expect(rng.algorithm).toBe("xoshiro128**");
    expect(rng.state).toHaveLength(4);
    const resumed = run(first.saved!);
    expect(resumed.r.step).toBe(28);
    expect(resumed.params).toEqual(full.params);
    expect(resumed.r.history).toEqual(full.r.history);
    // Callbacks drawing from the global generator, before or after the checkpoint, change nothing.
    expect(run(undefined, undefined, true).params).toEqual(full.params);
    expect(run(run(undefined, 10, true).saved!, undefined, true).params).toEqual(full.params);
    // A checkpoint whose stream state is replaced continues differently: the state is what is restored.
    const otherRng = { ...rng, state: [1, 2, 3, 4] };
    expect(run(withMeta(first.saved!, { rngState: otherRng })).params).not.toEqual(full.params);
  });

  it("resumes a checkpoint written before RNG state was saved exactly like the run that wrote it", () => {
    // Made by scripts/legacy-checkpoint-fixture.ts with the old fit(), which re-seeded the global generator
    // from (seed, step) before every step: the step-10 checkpoint of the run above, and that run's result.
    const dir = new URL("./fixtures/", import.meta.url);
    const bytes = new Uint8Array(readFileSync(new URL("legacy-checkpoint.safetensors", dir)));
    const expected = JSON.parse(readFileSync(new URL("legacy-checkpoint.json", dir), "utf8")) as {
      step: number;
      params: number[][];
      history: unknown[];
    };
    expect(checkpointMeta(bytes).format).toBe("paramlens-checkpoint/1");
    expect(checkpointMeta(bytes).rngState).toBeUndefined();
    const resume = (b: Uint8Array) => {
      const model = mlp(99, 0.2);
      const optimizer = new Adam(model.parameters(), { lr: 0.01 });
      const scheduler = new CosineWarmupLR(optimizer, { warmupSteps: 5, totalSteps: 28 });
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
        resumeFrom: b,
      });
      return { r, params: model.parameters().map((p) => Array.from(p.toTypedArray())) };
    };
    const probe = mlp(98, 0.2);
    const probeOpt = new Adam(probe.parameters());
    const probeSched = new CosineWarmupLR(probeOpt, { warmupSteps: 5, totalSteps: 28 });
    expect(restoreCheckpoint(bytes, probe, probeOpt, probeSched).rngState).toBeNull();
    const resumed = resume(bytes);
    expect(resumed.r.step).toBe(expected.step);
    expect(resumed.params).toEqual(expected.params);
    expect(resumed.r.history).toEqual(expected.history);
    // Control: the same file given a stream state continues differently, so the match above is the
    // per-step re-seeding at work and not dropout being irrelevant.
    const streamed = withMeta(bytes, { rngState: new Generator(5).getState() });
    expect(resume(streamed).params).not.toEqual(expected.params);
  });

  it("keeps its RNG stream to itself: the caller's generator is untouched and does not steer dropout", () => {
    const train = (callerSeed: number) => {
      const model = mlp(3, 0.5);
      manualSeed(callerSeed);
      const before = getRngState();
      let seenInCallback: number[] = [];
      fit(model, {
        train: moons,
        loss: "crossEntropy",
        optimizer: new SGD(model.parameters(), { lr: 0.1 }),
        epochs: 1,
        batchSize: 50,
        seed: 4,
        callbacks: (e) => {
          if (e.type === "start") seenInCallback = randn([2]).toArray();
        },
      });
      const after = getRngState();
      manualSeed(callerSeed);
      expect(seenInCallback).toEqual(randn([2]).toArray()); // callbacks draw from the caller's stream
      return { params: model.parameters().map((p) => p.toArray()), before, after };
    };
    const a = train(1);
    const b = train(2);
    expect(b.params).toEqual(a.params); // dropout followed `seed`, not the caller's manualSeed
    expect(a.after).not.toEqual(a.before); // the callback drew two normals from the caller's stream…
    manualSeed(1);
    randn([2]);
    expect(a.after).toEqual(getRngState()); // …and nothing else touched it
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
  it("store a generator state when given one and check it on save and on restore", () => {
    const a = mlp(1);
    const opt = new SGD(a.parameters(), { lr: 0.1 });
    const g = new Generator(17);
    g.nextNormal(); // a cached Box-Muller normal travels too
    const rngState = g.getState();
    const bytes = saveCheckpoint(a, opt, { step: 3, seed: 0, rngState });
    rngState.state[0] = 0; // saveCheckpoint kept its own copy
    const restored = restoreCheckpoint(bytes, mlp(2), new SGD(mlp(2).parameters(), { lr: 0.1 })).rngState;
    expect(restored).toEqual(g.getState());
    expect(restored!.spareNormal).not.toBeNull();
    expect(restoreCheckpoint(saveCheckpoint(a, opt, { step: 0, seed: 0 }), a, opt).rngState).toBeNull();

    expect(() =>
      saveCheckpoint(a, opt, { step: 0, seed: 0, rngState: { ...g.getState(), state: [1, 2, 3] } }),
    ).toThrow(
      /saveCheckpoint: rngState is not a generator state: Generator.setState: state must be an array of 4 words/,
    );

    const target = mlp(3);
    const targetParams = target.parameters().map((p) => p.toArray());
    const corrupt = withMeta(bytes, { rngState: { ...g.getState(), state: [1, 2.5, 3, 4] } });
    let err: unknown;
    try {
      restoreCheckpoint(corrupt, target, new SGD(target.parameters(), { lr: 0.1 }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).code).toBe("CHECKPOINT");
    expect((err as Error).message).toMatch(
      /restoreCheckpoint: rngState is not a generator state: .*state\[1\] must be an integer in \[0, 2\^32\), got 2.5/,
    );
    expect(target.parameters().map((p) => p.toArray())).toEqual(targetParams); // nothing was loaded
    expect(() => restoreCheckpoint(withMeta(bytes, { format: "paramlens-checkpoint/3" }), a, opt)).toThrow(
      /format "paramlens-checkpoint\/3" is not one of paramlens-checkpoint\/2, paramlens-checkpoint\/1/,
    );
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

  it("names the step when the last update leaves NaN weights (no later loss would see them)", () => {
    // One step in all (200 samples, batch 200): before this check fit() returned NaN weights silently.
    const model = mlp(4);
    let err: unknown;
    try {
      fit(model, {
        train: moons,
        loss: "crossEntropy",
        // Adam moves each weight by about lr: 1e39 is past float32's largest value (3.4e38).
        optimizer: new Adam(model.parameters(), { lr: 1e39 }),
        epochs: 1,
        batchSize: 200,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).code).toBe("NON_FINITE_PARAMETERS");
    expect((err as TrainingError).step).toBe(1);
    expect((err as Error).message).toMatch(
      /the update of step 1 \(epoch 1, batch 1\) left parameter "\d\.\w+" holds (NaN|-?Infinity)/,
    );
  });

  it("treats a NaN validation loss as a failure naming the step", () => {
    const model = mlp(4);
    const x = moonsVal.x.clone();
    (x.data as Float32Array)[0] = Number.NaN;
    let err: unknown;
    try {
      fit(model, {
        train: moons,
        val: { x, y: moonsVal.y },
        loss: "crossEntropy",
        optimizer: new SGD(model.parameters(), { lr: 0.1 }),
        epochs: 2,
        batchSize: 50,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).code).toBe("NON_FINITE_LOSS");
    expect((err as TrainingError).step).toBe(4);
    expect((err as Error).message).toMatch(/the validation loss is NaN after step 4 \(end of epoch 1\)/);
  });

  it("never writes a checkpoint of non-finite weights", () => {
    const model = mlp(1);
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    const w = model.namedParameters().find(([n]) => n === "3.weight")![1];
    (w.data as Float32Array)[w.offset + 5] = Number.POSITIVE_INFINITY;
    let err: unknown;
    try {
      saveCheckpoint(model, opt, { step: 7, seed: 0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).code).toBe("NON_FINITE_PARAMETERS");
    expect((err as TrainingError).step).toBe(7);
    expect((err as Error).message).toMatch(/parameter "3.weight" holds Infinity \(element 5\) at step 7/);
  });

  it("refuses hostile checkpoint metadata with typed errors before touching the model", () => {
    const a = mlp(1);
    const opt = new SGD(a.parameters(), { lr: 0.1 });
    const bytes = saveCheckpoint(a, opt, { step: 3, seed: 0 });
    const before = a.stateDict()["0.weight"]!.toArray();
    const raw = (meta: string) => saveSafetensors(loadSafetensors(bytes), { "paramlens.checkpoint": meta });
    const cases: [Uint8Array, RegExp][] = [
      [raw("{"), /metadata is not valid JSON/],
      [raw("null"), /metadata is not a JSON object/],
      [raw("[1]"), /metadata is not a JSON object/],
      [raw(JSON.stringify({ format: 7 })), /format number is not one of/],
      [raw(JSON.stringify({ format: "x".repeat(5000) })), /format "x{100}" is not one of/],
      [withMeta(bytes, { step: "3" }), /has no valid step/],
      [withMeta(bytes, { step: -1 }), /has no valid step/],
      [withMeta(bytes, { seed: null }), /has no valid seed/],
      [withMeta(bytes, { optimizer: null }), /has no optimizer state object/],
      [withMeta(bytes, { scheduler: 5 }), /scheduler state that is not an object/],
    ];
    for (const [file, message] of cases) {
      let err: unknown;
      try {
        restoreCheckpoint(file, a, opt);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TrainingError);
      expect((err as TrainingError).code).toBe("CHECKPOINT");
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message.length).toBeLessThan(300);
    }
    expect(a.stateDict()["0.weight"]!.toArray()).toEqual(before);
    // A loop state fit() did not write is refused by fit() with the same code.
    expect(() =>
      fit(a, {
        train: moons,
        loss: "crossEntropy",
        optimizer: opt,
        epochs: 1,
        batchSize: 8,
        resumeFrom: withMeta(bytes, { seed: 0, loop: { lossSum: "x" } }),
      }),
    ).toThrow(/the checkpoint's loop state is not one fit\(\) wrote/);
  });

  it("carries an application's metadata beside its own, and refuses to let it replace its own", () => {
    const a = mlp(1);
    const opt = new SGD(a.parameters(), { lr: 0.1 });
    let bytes: Uint8Array | undefined;
    fit(a, {
      train: moons,
      loss: "crossEntropy",
      optimizer: opt,
      epochs: 1,
      batchSize: 100,
      checkpointEvery: 2,
      checkpointMetadata: { "app.spec": '{"kind":"mlp"}' },
      callbacks: (e) => {
        if (e.type === "checkpoint") bytes = e.bytes;
      },
    });
    const metadata = readSafetensorsHeader(bytes!).metadata!;
    expect(metadata["app.spec"]).toBe('{"kind":"mlp"}');
    expect(checkpointMeta(bytes!).step).toBe(2);
    expect(() =>
      saveCheckpoint(a, opt, { step: 0, seed: 0, metadata: { "paramlens.checkpoint": "{}" } }),
    ).toThrow(/metadata key "paramlens.checkpoint" is the checkpoint's own/);
  });
});
