// Transformer tools on a tiny @paramlens/nn GPT: the logit lens (its last row is the model's own
// logits), activation caching and patching (patching a whole late layer from the clean run restores the
// clean output exactly), and Layer Integrated Gradients on the token embedding for the next token.
import { charGptConfig, GPT } from "@paramlens/nn";
import { manualSeed, noGrad, type Tensor, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { activationPatching, cacheActivations, runWithPatches } from "./activation-patching";
import { LayerIntegratedGradients } from "./layer-integrated-gradients";
import { logitLens } from "./logit-lens";
import { expectClose } from "./test-util";

manualSeed(7);
const gpt = new GPT(charGptConfig(11, { contextLength: 8, dModel: 16, nLayers: 2, nHeads: 2 }));
gpt.eval();
const clean = tensor([
  [1, 2, 3, 4, 5],
  [6, 7, 8, 9, 10],
]).int();
const corrupted = tensor([
  [1, 2, 0, 4, 5],
  [6, 0, 8, 9, 10],
]).int();
const lastLogits = (out: Tensor) => out.select(1, 4); // [B, V]
const logitsOf = (ids: Tensor) => noGrad(() => lastLogits(gpt.call(ids)));

describe("logitLens", () => {
  it("decodes the embeddings and every block; the last row is the model's logits", () => {
    const rows = logitLens(gpt, clean, { topK: 3, token: 6 });
    expect(rows.map((r) => r.layer)).toEqual(["embeddings", "h.0", "h.1"]);
    expectClose(rows[2]!.logits.toArray(), logitsOf(clean).toArray(), 1e-6, 1e-6);
    const probs = noGrad(() => logitsOf(clean).softmax(-1)).toNested() as number[][];
    expect(rows[2]!.tokenProb![1]).toBeCloseTo(probs[1]![6]!, 6);
    const top = rows[2]!.top[0]!;
    expect(top).toHaveLength(3);
    expect(top[0]!.prob).toBeGreaterThanOrEqual(top[1]!.prob);
    expect(top[0]!.token).toBe(probs[0]!.indexOf(Math.max(...probs[0]!)));
    expect(() => logitLens(gpt, clean, { position: 9 })).toThrow(/position 9 is outside a sequence of 5/);
  });
});

describe("activation caching and patching", () => {
  it("caches layer outputs and patches them back in", () => {
    const cache = cacheActivations(gpt, ["wte", "h.1"], clean);
    expect(cache["h.1"]!.shape).toEqual([2, 5, 16]);
    // the corrupted run with the clean h.1 output gives the clean logits
    const patched = runWithPatches(gpt, { "h.1": cache["h.1"]! }, corrupted);
    expectClose(lastLogits(patched).toArray(), logitsOf(clean).toArray(), 1e-6, 1e-6);
    expect(() => runWithPatches(gpt, { "h.1": tensor([1]) }, corrupted)).toThrow(
      /patch for "h.1" is \[1\] but the layer outputs \[2,5,16\]/,
    );
    // hooks are gone: a plain run gives the corrupted logits again
    expect(logitsOf(corrupted).toArray()).not.toEqual(logitsOf(clean).toArray());
  });

  it("traces per layer and per position", () => {
    const metric = (out: Tensor) => lastLogits(out).select(1, 3).toArray() as number[];
    const r = activationPatching(gpt, ["wte", "h.1"], clean, corrupted, { metric, perPosition: true });
    expectClose(r.clean, metric(noGrad(() => gpt.call(clean))), 1e-6);
    // the last block's last position feeds the last logits alone: patching it restores the clean metric
    expectClose(r.patched["h.1"]![4]!, r.clean, 1e-5, 1e-5);
    // the corrupted tokens sit at positions 2 (example 0) and 1 (example 1): patching their embedding helps
    // that example back to clean, since only that token differs
    expectClose([r.patched.wte![2]![0]!, r.patched.wte![1]![1]!], r.clean, 1e-5, 1e-5);
    // patching an embedding position where both runs agree changes nothing
    expectClose(r.patched.wte![0]!, r.corrupted, 1e-6, 1e-6);
  });
});

describe("LayerIntegratedGradients on the GPT's token embedding", () => {
  it("gives token attributions for the next token whose sum matches the completeness rule", () => {
    const next = (ids: Tensor) => gpt.call(ids).select(1, 4); // [B, V] next-token logits
    const lig = new LayerIntegratedGradients(next, gpt.wte);
    const targets = [6, 0];
    const r = lig.attribute(clean, {
      target: targets,
      baselines: 0,
      nSteps: 64,
      returnConvergenceDelta: true,
    });
    expect(r.attributions.shape).toEqual([2, 5, 16]);
    const fx = logitsOf(clean).toNested() as number[][];
    const fb = logitsOf(tensor([[0, 0, 0, 0, 0]]).int()).toNested() as number[][];
    targets.forEach((t, i) => {
      const gap = fx[i]![t]! - fb[0]![t]!;
      expect(Math.abs(r.delta![i]!)).toBeLessThanOrEqual(0.01 * Math.abs(gap));
    });
    const perToken = r.attributions.sum(2); // [2, 5]: one score per token
    expect(perToken.shape).toEqual([2, 5]);
  });
});
