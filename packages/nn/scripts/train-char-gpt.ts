// The character-level GPT experiment: trains a small GPT on the shipped text corpus (Pride and Prejudice
// excerpt from @paramlens/datasets), reports train/held-out loss against the unigram entropy, and samples.
// Run: node packages/nn/scripts/run-script.mjs packages/nn/scripts/train-char-gpt.ts [--steps 1500]
//      [--layers 4] [--d 128] [--heads 4] [--ctx 64] [--batch 16] [--lr 0.003]
import { CharTokenizer, TEXT_CORPUS, unigramEntropy } from "@paramlens/datasets";
import {
  AdamW,
  CosineWarmupLR,
  charGptConfig,
  countParameters,
  evaluate,
  fit,
  GPT,
  languageModelLoss,
  windowDataset,
} from "@paramlens/nn";
import { Generator, initBackend, manualSeed, Tensor } from "@paramlens/tensor";

// wasm SIMD kernels where the runtime has them, else the JS reference; stderr records which one ran
const backend = await initBackend();
console.error(`backend: ${backend}`);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const steps = arg("steps", 1500);
const ctx = arg("ctx", 64);
const batchSize = arg("batch", 16);
const tok = CharTokenizer.fromText(TEXT_CORPUS);
const ids = tok.encode(TEXT_CORPUS);
const split = Math.floor(ids.length * 0.9);
const train = windowDataset(ids.subarray(0, split), ctx, ctx / 2);
const val = windowDataset(ids.subarray(split), ctx, ctx);
const h = unigramEntropy(TEXT_CORPUS);
manualSeed(0);
const model = new GPT(
  charGptConfig(tok.size, {
    contextLength: ctx,
    dModel: arg("d", 128),
    nLayers: arg("layers", 4),
    nHeads: arg("heads", 4),
  }),
);
console.log(
  `corpus ${ids.length} chars, vocab ${tok.size}, unigram entropy ${h.toFixed(3)} nats; model ${countParameters(model)} parameters; ${steps} steps of ${batchSize}×${ctx}`,
);
const optimizer = new AdamW(model.parameters(), { lr: arg("lr", 3e-3), weightDecay: 0.01 });
const scheduler = new CosineWarmupLR(optimizer, {
  warmupSteps: Math.floor(steps / 20),
  totalSteps: steps,
  minLr: 3e-4,
});
const stepsPerEpoch = Math.ceil(train.x.shape[0]! / batchSize);
const t0 = Date.now();
let window = 0;
fit(model, {
  train,
  loss: languageModelLoss,
  optimizer,
  scheduler,
  epochs: Math.ceil(steps / stepsPerEpoch),
  maxSteps: steps,
  batchSize,
  seed: 1,
  clipGradNorm: 1,
  callbacks: (e) => {
    if (e.type === "step") {
      window += e.loss;
      if (e.step % 50 === 0) {
        console.log(
          `step ${e.step}: mean train loss (last 50) ${(window / 50).toFixed(3)} | ${e.samplesPerSecond.toFixed(1)} seq/s, ${((Date.now() - t0) / 60000).toFixed(1)} min`,
        );
        window = 0;
      }
    }
  },
});
const valLoss = evaluate(model, val, { loss: languageModelLoss, batchSize: 32 }).loss;
console.log(
  `held-out loss ${valLoss.toFixed(3)} nats vs unigram entropy ${h.toFixed(3)} (${((Date.now() - t0) / 60000).toFixed(1)} min)`,
);
for (const prompt of ["It is a truth", "Elizabeth"]) {
  const out = model.generate(new Tensor(tok.encode(prompt), [1, [...prompt].length]), {
    maxNewTokens: 200,
    temperature: 0.8,
    generator: new Generator(7),
  });
  console.log(`--- sample (temperature 0.8) ---\n${tok.decode(out.toTypedArray() as Int32Array)}`);
}
