import { countParameters, inferenceMemory, presets, trainingMemory } from "@paramlens/gpt-params";
import { describe, expect, it } from "vitest";
import { computeModel } from "./compute";
import { presetForm } from "./form";
import { DEFAULT_OPTIONS } from "./url-state";

const gpt2 = presetForm("gpt2") ?? {};

describe("computeModel", () => {
  it("returns the library's report and option-dependent results for a valid model", () => {
    const r = computeModel(gpt2, "GPT-2", { ...DEFAULT_OPTIONS, batch: "4", context: "512" });
    expect(r.ok).toBe(true);
    if (!r.ok || !r.extras) throw new Error("expected a full result");
    expect(r.report.total).toBe(124439808); // the released GPT-2 small checkpoint
    const config = presets.gpt2?.config ?? countParameters({}).config;
    expect(r.extras.memory).toEqual(
      inferenceMemory(config, { batch: 4, contextLength: 512, dtype: "bf16", weightDtype: "bf16" }),
    );
    expect(r.extras.training).toEqual(trainingMemory(124439808, { zeroStage: 1, dataParallel: 8 }));
    // Blank tokens means Chinchilla's 20 tokens per parameter.
    expect(r.extras.tokens).toBe(20 * 124439808);
    expect(r.extras.tokensGiven).toBe(false);
  });

  it("reports an invalid config field without throwing", () => {
    const r = computeModel({ ...gpt2, nHeads: "7" }, "bad", DEFAULT_OPTIONS);
    expect(r).toMatchObject({ ok: false, field: "dModel", code: "CONFIG_INVALID" });
    if (r.ok) throw new Error("expected a failure");
    expect(r.message).toContain("768");
  });

  it("keeps the counts when an option is invalid and names the option", () => {
    const r = computeModel(gpt2, "GPT-2", { ...DEFAULT_OPTIONS, batch: "abc" });
    expect(r.ok).toBe(true);
    if (!r.ok) throw new Error("expected the counts");
    expect(r.report.total).toBe(124439808);
    expect(r.extras).toBeNull();
    expect(r.optionError).toMatchObject({ field: "batch", code: "ARGUMENT_INVALID" });
  });

  it("maps each numeric option to its input", () => {
    for (const key of [
      "tokens",
      "peak",
      "devices",
      "mfu",
      "dataParallel",
      "tensorParallel",
      "pipelineParallel",
      "context",
    ] as const) {
      const r = computeModel(gpt2, "GPT-2", { ...DEFAULT_OPTIONS, [key]: "-3" });
      expect(r.ok && r.optionError?.field, key).toBe(key);
    }
  });
});

describe("training tokens: typed, else published, else 20 per parameter", () => {
  const gpt3 = presetForm("gpt3-175b")!;
  it("an unmodified GPT-3 175B trains on its published 300B tokens, not 20 per parameter", () => {
    const r = computeModel(gpt3, "GPT-3 175B", DEFAULT_OPTIONS, presets["gpt3-175b"]!.trainingTokens!.tokens);
    expect(r.ok && r.extras?.tokens).toBe(300e9);
    expect(r.ok && r.extras?.tokensSource).toBe("published");
  });
  it("a typed count wins; without a published count the Chinchilla ratio is used and said", () => {
    const typed = computeModel(gpt3, "x", { ...DEFAULT_OPTIONS, tokens: "1T" }, 300e9);
    expect(typed.ok && typed.extras?.tokensSource).toBe("given");
    expect(typed.ok && typed.extras?.tokens).toBe(1e12);
    const gpt2 = computeModel(presetForm("gpt2")!, "GPT-2", DEFAULT_OPTIONS);
    expect(gpt2.ok && gpt2.extras?.tokensSource).toBe("chinchilla");
    expect(gpt2.ok && gpt2.extras?.tokens).toBe(20 * 124_439_808);
  });
});
