// loadPretrained against transformers: every fixture in fixtures/pretrained/ is a tiny random checkpoint
// that transformers' save_pretrained wrote, with the logits and greedy tokens transformers computed
// (fixtures/pretrained/generate.py). Logits must agree within 1e-4, the 8 greedy tokens exactly (with and
// without our KV cache), and the parameter count must equal transformers' and @paramlens/gpt-params'.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { countParameters, fromHuggingFaceConfig } from "@paramlens/gpt-params";
import { Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { loadPretrained } from "../node";
import { countParameters as countModel } from "../parameter-count";

const ROOT = join(__dirname, "..", "..", "fixtures", "pretrained");
const FIXTURES = readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

interface Reference {
  family: string;
  dtype: string;
  cases: { ids: number[][]; shape: number[]; logits: number[] }[];
  greedy: { prompt: number[]; tokens: number[] };
  parameters: number;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("loadPretrained reproduces transformers", () => {
  it("has the fixtures", () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(12);
  });
  for (const name of FIXTURES) {
    it(`${name}: logits within 1e-4, 8 greedy tokens with and without the KV cache, parameter count`, async () => {
      const dir = join(ROOT, name);
      const ref = JSON.parse(readFileSync(join(dir, "reference.json"), "utf8")) as Reference;
      const { model, config, family } = await loadPretrained(dir);
      expect(family).toBe(ref.family);
      for (const c of ref.cases) {
        const ids = new Tensor(Int32Array.from(c.ids.flat()), [c.ids.length, c.ids[0]!.length]);
        const logits = model.forward(ids);
        expect(logits.shape).toEqual(c.shape);
        expect(maxAbsDiff(logits.toTypedArray(), c.logits)).toBeLessThan(1e-4);
      }
      const prompt = new Tensor(Int32Array.from(ref.greedy.prompt), [1, ref.greedy.prompt.length]);
      const n = ref.greedy.prompt.length;
      for (const useCache of [true, false]) {
        const out = model.generate(prompt, { maxNewTokens: 8, temperature: 0, useCache });
        expect(out.toArray().slice(n), `useCache ${useCache}`).toEqual(ref.greedy.tokens);
      }
      const hf = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
      expect(countParameters(fromHuggingFaceConfig(hf)).total).toBe(ref.parameters);
      expect(countParameters(config).total).toBe(ref.parameters);
      expect(countModel(model)).toBe(ref.parameters);
    });
  }
});
