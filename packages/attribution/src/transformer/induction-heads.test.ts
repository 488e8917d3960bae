// The induction-head result reproduced on a model trained here (Olsson et al. 2022, "In-context Learning and
// Induction Heads"; Elhage et al. 2021 for 2-layer attention-only models): a 2-layer attention-only GPT
// (nn's GPT with every MLP's output projection zeroed and frozen, rotary positions) trained on random token
// segments that repeat at a random offset grows a previous-token head in layer 0 and an induction head in
// layer 1. Shown by TransformerLens' head-detector scores before and after training on repeated random
// sequences, by the in-context loss on the repeated half, and confirmed by ablating the induction head
// (zeroing its hook_z) and watching that loss rise. The repeat offset varies in training, so a head that
// just attends a fixed distance back cannot solve the task. Training stops as soon as both heads are there
// (checked every 50 steps; about 400 steps with this seed). Slow for a unit test (about a minute on a loaded
// 2-core machine), and the demonstration the issue asks for.
import { Adam, charGptConfig, crossEntropy, GPT } from "@paramlens/nn";
import { Generator, initBackend, manualSeed, noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { runWithHooks } from "./activation-cache";
import { headScores, repeatedRandomTokens } from "./head-detectors";
import { patchFrom } from "./hook-patching";

const VOCAB = 12;
const HALF = 8; // probe: 8 random tokens, then the same 8
const T = 2 * HALF;

/** Random rows in which a segment of random length 4..8 repeats right after itself, at a random offset. */
function trainingBatch(batch: number, seed: number): { ids: Tensor; targets: Tensor } {
  const g = new Generator(seed);
  const ids = new Int32Array(batch * T);
  const targets = new Int32Array(batch * (T - 1)).fill(-100); // only the predictable positions count
  for (let r = 0; r < batch; r++) {
    const len = g.nextInt(4, HALF + 1);
    const start = g.nextInt(0, T - 2 * len + 1);
    for (let i = 0; i < T; i++) ids[r * T + i] = g.nextInt(0, VOCAB);
    for (let i = 0; i < len; i++) ids[r * T + start + len + i] = ids[r * T + start + i]!;
    for (let i = start + len; i < start + 2 * len - 1; i++) targets[r * (T - 1) + i] = ids[r * T + i + 1]!;
  }
  return { ids: tensor(ids, [batch, T]), targets: tensor(targets, [batch * (T - 1)]) };
}

/** Next-token loss on the repeated half of [B, 2·HALF] rows (positions HALF .. 2·HALF − 2). */
function inContextLoss(logits: Tensor, ids: Tensor): number {
  const b = ids.shape[0]!;
  const l = logits.slice(1, HALF, T - 1);
  return noGrad(() =>
    crossEntropy(l.reshape([-1, VOCAB]), ids.slice(1, HALF + 1, T).reshape([b * (HALF - 1)])),
  ).item();
}

const argmax = (xs: number[]) => xs.reduce((best, x, i) => (x > xs[best]! ? i : best), 0);

describe("a 2-layer attention-only model trained on repeated sequences grows induction heads", () => {
  beforeAll(async () => {
    await initBackend();
  });

  it("scores before and after training, in-context loss, and ablation of the induction head", () => {
    manualSeed(0);
    const gpt = new GPT(
      charGptConfig(VOCAB, {
        contextLength: T,
        position: "rotary",
        dModel: 32,
        nLayers: 2,
        nHeads: 4,
        dFF: 1,
        bias: { qkv: false, attnOut: false, mlp: false, lmHead: false },
      }),
    );
    // attention only: each MLP adds c_proj·gelu(c_fc·x) with c_proj = 0, frozen
    for (let l = 0; l < 2; l++) {
      const mlp = gpt.getSubmodule(`h.${l}.mlp`);
      noGrad(() => (mlp.getSubmodule("c_proj") as unknown as { weight: Tensor }).weight.zero_());
      mlp.requiresGrad_(false);
    }
    const probe = repeatedRandomTokens({ batch: 16, seqLen: HALF, vocabSize: VOCAB, seed: 999 });
    const measure = () => {
      gpt.eval();
      const m = {
        induction: headScores(gpt, probe, "induction"),
        previous: headScores(gpt, probe, "previous-token"),
        loss: inContextLoss(
          noGrad(() => gpt.call(probe)),
          probe,
        ),
      };
      gpt.train();
      return m;
    };
    const before = measure();
    const opt = new Adam(
      gpt.parameters().filter((p) => p.requiresGrad),
      { lr: 3e-3 },
    );
    let after = before;
    let steps = 0;
    for (; steps < 800; steps++) {
      const { ids, targets } = trainingBatch(32, steps);
      opt.zeroGrad();
      const logits = gpt.call(ids).slice(1, 0, T - 1);
      crossEntropy(logits.reshape([-1, VOCAB]), targets).backward();
      opt.step();
      if ((steps + 1) % 50 === 0) {
        after = measure();
        if (Math.max(...after.induction[1]!) > 0.45 && Math.max(...after.previous[0]!) > 0.5) break;
      }
    }
    gpt.eval();
    const fmt = (s: number[][]) => s.map((r) => r.map((x) => x.toFixed(2)).join(" ")).join(" | ");
    console.log(
      `induction heads after ${steps + 1} steps — induction scores (layer 0 | layer 1): before ${fmt(before.induction)}, after ${fmt(after.induction)}; previous-token: before ${fmt(before.previous)}, after ${fmt(after.previous)}; in-context loss ${before.loss.toFixed(3)} → ${after.loss.toFixed(3)}`,
    );
    // before: no head specialised, the repeat not predicted (ln 12 = 2.48)
    expect(Math.max(...before.induction.flat())).toBeLessThan(0.2);
    expect(Math.max(...before.previous.flat())).toBeLessThan(0.25);
    expect(before.loss).toBeGreaterThan(2.2);
    // after: a previous-token head in layer 0, an induction head in layer 1, the repeat predicted
    expect(Math.max(...after.induction[1]!)).toBeGreaterThan(0.45);
    expect(Math.max(...after.previous[0]!)).toBeGreaterThan(0.5);
    expect(Math.max(...after.induction[0]!)).toBeLessThan(0.25); // one layer cannot do it
    expect(after.loss).toBeLessThan(1);
    // confirm: zero-ablating the induction heads (layer-1 heads scoring > 0.3) brings the in-context loss back up
    const heads = after.induction[1]!.flatMap((s, h) => (s > 0.3 ? [h] : []));
    expect(heads).toContain(argmax(after.induction[1]!));
    const ablated = runWithHooks(gpt, probe, {
      "blocks.1.attn.hook_z": (z, name) =>
        patchFrom(
          noGrad(() => z.mul(0)),
          { heads },
        )(z, name),
    });
    const ablatedLoss = inContextLoss(ablated, probe);
    console.log(
      `ablating L1 heads ${heads.join(", ")}: in-context loss ${after.loss.toFixed(3)} → ${ablatedLoss.toFixed(3)}`,
    );
    expect(ablatedLoss).toBeGreaterThan(after.loss + 1);
  }, 600_000);
});
