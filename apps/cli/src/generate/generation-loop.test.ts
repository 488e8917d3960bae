// The generation loop over nn's GPT with a KV cache, checked against GPT.generate (which runs the whole
// sequence itself and is checked against transformers in nn's tests): the same greedy tokens, the same
// sampled tokens for the same seed, and the stops (end token, context, maxNewTokens).
import { GPT, init } from "@paramlens/nn";
import { Generator, manualSeed, Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { type GenerationSettings, runGeneration } from "./generation-loop";
import { gptStepper } from "./gpt-stepper";

function randomGPT(seed: number): GPT {
  manualSeed(seed);
  const m = new GPT({
    vocabSize: 23,
    contextLength: 16,
    nLayers: 2,
    dModel: 16,
    nHeads: 4,
    dFF: 32,
    position: "learned",
    positionRows: 16,
  });
  for (const p of m.parameters()) init.normal(p, 0, 0.4);
  m.eval();
  return m;
}

const settings = (s: Partial<GenerationSettings>): GenerationSettings => ({
  maxNewTokens: 8,
  temperature: 0,
  seed: 0,
  reportTopK: 3,
  stopIds: new Set(),
  ...s,
});

function reference(
  model: GPT,
  prompt: number[],
  n: number,
  temperature: number,
  topK?: number,
  seed = 0,
): number[] {
  const out = model.generate(new Tensor(Int32Array.from(prompt), [1, prompt.length]), {
    maxNewTokens: n,
    temperature,
    ...(topK === undefined ? {} : { topK }),
    generator: new Generator(seed),
    useCache: false,
  });
  return out.toArray().slice(prompt.length);
}

describe("runGeneration with gptStepper", () => {
  const prompt = [3, 1, 4, 1, 5];

  it("greedy tokens equal GPT.generate's (no cache)", () => {
    const m = randomGPT(1);
    const r = runGeneration(gptStepper(m), prompt, settings({}));
    expect(r.ids).toEqual(reference(m, prompt, 8, 0));
    expect(r.stopReason).toBe("max-new-tokens");
    // the greedy pick is the top of the report
    for (const s of r.steps) expect(s.top[0]?.id).toBe(s.id);
  });

  it("sampled tokens (temperature, top-k, seed) equal GPT.generate's with the same generator", () => {
    const m = randomGPT(2);
    for (const [temperature, topK, seed] of [
      [0.8, undefined, 5],
      [1.3, 4, 9],
    ] as const) {
      const r = runGeneration(gptStepper(m), prompt, settings({ temperature, topK, seed }));
      expect(r.ids).toEqual(reference(m, prompt, 8, temperature, topK, seed));
    }
  });

  it("stops after an end token, keeping it, and when the context is full", () => {
    const m = randomGPT(3);
    const all = runGeneration(gptStepper(m), prompt, settings({}));
    const stop = all.ids[2] as number;
    const firstAt = all.ids.indexOf(stop);
    const r = runGeneration(gptStepper(m), prompt, settings({ stopIds: new Set([stop]) }));
    expect(r.ids).toEqual(all.ids.slice(0, firstAt + 1));
    expect(r.stopReason).toBe("eos");
    const full = runGeneration(gptStepper(m), prompt, settings({ maxNewTokens: 100 }));
    expect(full.ids).toHaveLength(16 - prompt.length);
    expect(full.stopReason).toBe("context");
  });

  it("calls onToken once per new token, in order, and reports timings", () => {
    const seen: number[] = [];
    let clock = 0; // advances 10 ms per model step
    const stepper = gptStepper(randomGPT(4));
    const timed = {
      contextLength: stepper.contextLength,
      next: (ids: readonly number[]) => {
        clock += 10;
        return stepper.next(ids);
      },
    };
    const r = runGeneration(
      timed,
      prompt,
      settings({ maxNewTokens: 4 }),
      (id) => seen.push(id),
      () => clock,
    );
    expect(seen).toEqual(r.ids);
    expect(r.promptMs).toBe(10);
    expect(r.decodeMs).toBe(30);
  });
});
