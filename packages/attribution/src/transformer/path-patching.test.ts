// Path patching by its properties: through the final residual stream, a last-layer sender's path effect is
// activation patching of its z (nothing else lies on the path); a sender that cannot reach the receivers
// changes nothing; clean = corrupted changes nothing; the scan covers exactly the heads that can reach.
import { charGptConfig, GPT } from "@paramlens/nn";
import { manualSeed, noGrad, tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { runWithCache, runWithHooks } from "./activation-cache";
import { logitDiffMetric, patchFrom } from "./hook-patching";
import { pathPatching, pathPatchingScan } from "./path-patching";

function model(): GPT {
  manualSeed(12);
  const gpt = new GPT(charGptConfig(10, { contextLength: 8, dModel: 16, nLayers: 3, nHeads: 4 }));
  noGrad(() => {
    for (const p of gpt.parameters()) if (p.ndim === 2) p.copy_(p.mul(20)); // visible effects
  });
  gpt.eval();
  return gpt;
}

const clean = tensor([[1, 4, 2, 7, 3]]).int();
const corrupted = tensor([[1, 9, 2, 6, 3]]).int();
const metric = logitDiffMetric(3, 7);

describe("pathPatching", () => {
  it("through the final residual stream, a last-layer head's path effect is patching its z", () => {
    const gpt = model();
    const { cache } = runWithCache(gpt, clean, { names: ["blocks.2.attn.hook_z"] });
    for (const head of [0, 3]) {
      const direct = metric(
        runWithHooks(gpt, corrupted, {
          "blocks.2.attn.hook_z": patchFrom(cache.get("blocks.2.attn.hook_z"), { heads: [head] }),
        }),
      );
      const path = pathPatching(
        gpt,
        clean,
        corrupted,
        { layer: 2, head },
        [{ name: "blocks.2.hook_resid_post" }],
        metric,
      );
      expect(path.score).toBeCloseTo(direct, 4);
      expect(path.clean).not.toBeCloseTo(path.corrupted, 2);
    }
  });

  it("a sender after the receiver, or identical prompts, change nothing", () => {
    const gpt = model();
    const late = pathPatching(
      gpt,
      clean,
      corrupted,
      { layer: 2, head: 1 },
      [{ name: "blocks.1.attn.hook_q", heads: [0] }],
      metric,
    );
    expect(late.score).toBeCloseTo(late.corrupted, 5);
    const same = pathPatching(
      gpt,
      clean,
      clean,
      { layer: 0, head: 1 },
      [{ name: "blocks.2.attn.hook_k" }],
      metric,
    );
    expect(same.score).toBeCloseTo(same.clean, 5);
    expect(() =>
      pathPatching(
        gpt,
        clean,
        corrupted,
        { layer: 3, head: 0 },
        [{ name: "blocks.2.hook_resid_post" }],
        metric,
      ),
    ).toThrow(/not a head/);
  });

  it("the scan runs every head that can reach the receivers and only those", () => {
    const gpt = model();
    const scan = pathPatchingScan(
      gpt,
      clean,
      corrupted,
      [{ name: "blocks.2.attn.hook_v", heads: [1, 2] }],
      metric,
    );
    expect(scan.scores[0]!.every(Number.isFinite)).toBe(true);
    expect(scan.scores[1]!.every(Number.isFinite)).toBe(true);
    expect(scan.scores[2]!.every(Number.isNaN)).toBe(true);
    // some layer-0/1 head matters through layer 2's values
    expect(
      Math.max(
        ...scan.scores
          .slice(0, 2)
          .flat()
          .map((s) => Math.abs(s - scan.corrupted)),
      ),
    ).toBeGreaterThan(1e-3);
  });
});
