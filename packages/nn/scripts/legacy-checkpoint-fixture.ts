// Writes src/train/fixtures/legacy-checkpoint.{safetensors,json}: a checkpoint in the format fit() wrote
// before checkpoints carried the tensor RNG state (dropout was re-seeded from (seed, step) before every
// step), plus the parameters and history of the same run left uninterrupted. fit.test.ts resumes from it
// to prove old checkpoints still continue exactly like the run that wrote them.
// It only makes sense against the old fit(): the committed fixture was made by running it in a checkout of
// f9dc8b9 (the last commit before the change), from the repository root:
//   node packages/nn/scripts/run-script.mjs packages/nn/scripts/legacy-checkpoint-fixture.ts [out-dir]
// (to redo it: git worktree add /tmp/pl-old f9dc8b9, copy this script in, install, run, copy the files back).
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { makeMoons } from "@paramlens/datasets";
import { Adam, CosineWarmupLR, Dropout, fit, Linear, ReLU, Sequential, toTensorDataset } from "@paramlens/nn";
import { manualSeed } from "@paramlens/tensor";

// run-script.mjs bundles to a temp dir, so the output folder comes from the command line (or the cwd).
const out = resolve(process.argv[2] ?? "packages/nn/src/train/fixtures");
const moons = toTensorDataset(makeMoons({ n: 200, noise: 0.1, seed: 1 }));
const moonsVal = toTensorDataset(makeMoons({ n: 100, noise: 0.1, seed: 2 }));

// The same run as fit.test.ts "resumes from a checkpoint bit-identically": dropout 0.2, Adam, cosine warmup.
function run(maxSteps?: number) {
  manualSeed(3);
  const model = new Sequential(
    new Linear(2, 32),
    new ReLU(),
    new Dropout(0.2),
    new Linear(32, 32),
    new ReLU(),
    new Linear(32, 2),
  );
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
    maxSteps,
    callbacks: (e) => {
      if (e.type === "checkpoint" && e.step === 10) saved = e.bytes;
    },
  });
  return { r, params: model.parameters().map((p) => Array.from(p.toTypedArray())), saved };
}

const full = run();
const first = run(10);
if (!first.saved) throw new Error("no checkpoint at step 10");
writeFileSync(join(out, "legacy-checkpoint.safetensors"), first.saved);
writeFileSync(
  join(out, "legacy-checkpoint.json"),
  `${JSON.stringify({ step: full.r.step, params: full.params, history: full.r.history })}\n`,
);
console.log(`wrote ${first.saved.length} checkpoint bytes; full run ${full.r.step} steps`);
